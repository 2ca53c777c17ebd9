package dev.sunset.core.scan;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.format.Formats;
import dev.sunset.core.format.Scan;
import dev.sunset.core.rules.RuleSpec;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * A scan's result as the file {@code sunset scan --format json} writes ({@value Formats#SCAN}), which
 * {@code sunset check}, {@code sunset verdict}, the HTML report and the agent's baselines read: see {@link Scan}.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ScanJson {
  private ScanJson() {}

  /**
   * The result as a scan file's records.
   *
   * @param artifacts the paths scanned for call sites, as given
   * @param classPath the paths read only to resolve rules, as given
   */
  public static Scan toScan(ScanResult scan, List<String> artifacts, List<String> classPath) {
    List<Scan.Rule> rules = new ArrayList<>();
    for (ScannedRule rule : scan.rules()) {
      RuleSpec r = rule.spec();
      List<Scan.ResolvedIn> in = new ArrayList<>();
      for (ScannedRule.ResolvedIn where : rule.resolvedIn()) {
        in.add(new Scan.ResolvedIn(where.scope(), where.codeSource()));
      }
      List<Scan.RefusedIn> refused = new ArrayList<>();
      for (ScannedRule.RefusedIn where : rule.refusedIn()) {
        refused.add(new Scan.RefusedIn(where.scope(), where.reason()));
      }
      rules.add(new Scan.Rule(r.id(), r.legacyText(), r.replacementText(), r.stage(), r.source().label(), r.line(),
          rule.resolution(), in, refused));
    }
    List<Scan.Site> sites = new ArrayList<>(scan.sites().size());
    for (ScannedSite s : scan.sites()) {
      sites.add(new Scan.Site(s.rule(), s.className(), s.method(), s.descriptor(), s.file(), s.line(), s.codeSource(),
          s.methodReference(), s.calledThrough(), s.use(), s.member()));
    }
    ScanStats st = scan.stats();
    return new Scan(scan.generatedAt(), artifacts, classPath, rules, sites, new Scan.Stats(st.archives(), st.scopes(),
        st.classes(), st.classesNamingLegacy(), st.classesParsed(), st.elapsed().toMillis()));
  }

  /** The scan as pretty-printed JSON text, without the paths it was given. */
  public static String toJson(ScanResult scan) {
    return toScan(scan, List.of(), List.of()).toJson();
  }
}
