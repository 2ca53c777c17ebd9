package dev.sunset.core.verdict;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.report.SiteKey;
import java.time.Instant;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Run-time evidence from a metrics store that sums the agents' counters over a window (Prometheus): the calls per
 * site, the calls no site is named for, and per rule how many instances reported it and since when.
 *
 * @param url where it came from
 * @param window the window, in the store's own syntax ({@code 30d})
 * @param queriedAt when the window ended
 * @param sites the calls per site within the window
 * @param unattributed per rule, the calls counted on no named site (the agents' overflow series)
 * @param rules per rule id, the instances whose series name it within the window
 */
@API(status = INTERNAL, since = "0.1.0")
public record FleetEvidence(String url, String window, Instant queriedAt, Map<SiteKey, SiteCalls> sites,
    Map<String, Long> unattributed, Map<String, RuleSeries> rules) {
  /** Evidence; the maps are copied. */
  public FleetEvidence {
    sites = Map.copyOf(sites);
    unattributed = Map.copyOf(unattributed);
    rules = Map.copyOf(rules);
  }

  /**
   * The calls of one site.
   *
   * @param count calls within the window
   * @param file the source file, or null
   * @param codeSource the jar or folder of the calling class, or null
   */
  public record SiteCalls(long count, String file, String codeSource) {}

  /**
   * How a rule was watched.
   *
   * @param instances how many instances (distinct {@code job} and {@code instance}) reported the rule; 0 when the
   *     series do not say
   * @param earliestSample the earliest sample of the rule's series within the window, or null
   */
  public record RuleSeries(int instances, Instant earliestSample) {}
}
