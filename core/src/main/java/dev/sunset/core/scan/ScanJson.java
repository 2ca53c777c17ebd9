package dev.sunset.core.scan;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.core.report.Formats;
import dev.sunset.core.rules.RuleSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a scan as JSON ({@value Formats#SCAN}), the format {@code sunset check}, {@code sunset verdict}
 * and the agent's baselines read: {@code format}, {@code generatedAt}, {@code rules} ({@code id},
 * {@code legacy}, and where each resolved) and {@code callSites} ({@code rule}, {@code class}, {@code method},
 * {@code descriptor}, {@code file}, {@code line}, {@code codeSource}). Fields are only ever added.
 */
public final class ScanJson {
  private ScanJson() {}

  /** The scan as pretty-printed JSON text. */
  public static String toJson(ScanResult scan) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", Formats.SCAN);
    root.put("generatedAt", scan.generatedAt().toString());
    List<Object> rules = new ArrayList<>();
    for (ScannedRule rule : scan.rules()) {
      RuleSpec r = rule.spec();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.id());
      m.put("legacy", r.legacyText());
      m.put("replacement", r.replacementText());
      m.put("stage", r.stage().id());
      m.put("source", r.source().label());
      m.put("line", r.line());
      m.put("resolution", rule.resolution().id());
      List<Object> in = new ArrayList<>();
      for (ScannedRule.ResolvedIn where : rule.resolvedIn()) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("scope", where.scope());
        w.put("codeSource", where.codeSource());
        in.add(w);
      }
      m.put("resolvedIn", in);
      rules.add(m);
    }
    root.put("rules", rules);
    List<Object> sites = new ArrayList<>();
    for (ScannedSite s : scan.sites()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rule", s.rule());
      m.put("class", s.className());
      m.put("method", s.method());
      m.put("descriptor", s.descriptor());
      m.put("file", s.file());
      m.put("line", s.line());
      m.put("codeSource", s.codeSource());
      if (s.methodReference()) {
        m.put("methodReference", true);
      }
      if (s.calledThrough() != null) {
        m.put("calledThrough", s.calledThrough());
      }
      sites.add(m);
    }
    root.put("callSites", sites);
    ScanStats st = scan.stats();
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("archives", st.archives());
    stats.put("scopes", st.scopes());
    stats.put("classes", st.classes());
    stats.put("classesNamingLegacy", st.classesNamingLegacy());
    stats.put("classesParsed", st.classesParsed());
    stats.put("millis", st.elapsed().toMillis());
    root.put("stats", stats);
    try {
      return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing maps of strings and numbers to a string does not fail
    }
  }
}
