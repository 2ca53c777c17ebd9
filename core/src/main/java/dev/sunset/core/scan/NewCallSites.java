package dev.sunset.core.scan;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.report.RecordedSites;
import dev.sunset.core.report.SiteMatch;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The CI gate's finding: the call sites of a scan that a baseline does not list, printed the way
 * {@code sunset check} and the Maven plugin's {@code check} goal print them, one line each:
 * {@code Checkout.java:42 com.acme.Checkout.run rule-id}; a class rule's site also names its use and member,
 * {@code Main.java:9 com.acme.Main.run factory (new <init>(int))}. A class rule's use is new when the baseline does not
 * list that use of that member at its site: a field read where a {@code new} was tolerated is new.
 *
 * @param sites the sites not in the baseline, in the scan's order
 * @param scanned how many sites the scan found in all
 */
@API(status = INTERNAL, since = "0.1.0")
public record NewCallSites(List<ScannedSite> sites, int scanned) {
  /** A finding; the list is copied. */
  public NewCallSites {
    sites = List.copyOf(sites);
  }

  /** The sites of {@code scan} that {@code baseline} does not list, matched as {@code match} says. */
  public static NewCallSites of(ScanResult scan, RecordedSites baseline, SiteMatch match) {
    List<ScannedSite> found = new ArrayList<>();
    for (ScannedSite site : scan.sites()) {
      if (!baseline.contains(site.useKey(), match)) {
        found.add(site);
      }
    }
    return new NewCallSites(found, scan.sites().size());
  }

  /** Whether every site is in the baseline. */
  public boolean isEmpty() {
    return sites.isEmpty();
  }

  /**
   * One line per new site, {@code Checkout.java:42 com.acme.Checkout.run rule-id}; a site found in two artifacts
   * (the same class in two jars) is one line.
   */
  public List<String> lines() {
    Set<String> lines = new LinkedHashSet<>();
    for (ScannedSite site : sites) {
      lines.add(line(site));
    }
    return new ArrayList<>(lines);
  }

  /**
   * The gate's line for one site: {@code Checkout.java:42 com.acme.Checkout.run rule-id}, followed for a class rule's
   * site by its use and member, {@code (field-read name)}.
   */
  public static String line(ScannedSite site) {
    return ScannedSite.location(site.file(), site.line()) + " " + site.className() + "." + site.method() + " "
        + site.rule() + (site.member() == null ? "" : " (" + site.use().forPeople(site.member()) + ")");
  }
}
