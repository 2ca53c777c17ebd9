package dev.sunset.core.report;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * What identifies a call site across runs, machines and builds: its rule, class (binary name), method and
 * line. Reports, scans and baselines are matched on it.
 *
 * @param rule the rule id
 * @param className the calling class's binary name
 * @param method the calling method's name
 * @param line the source line, or 0 when unknown
 */
@API(status = INTERNAL, since = "0.1.0")
public record SiteKey(String rule, String className, String method, int line) {
  /** The same site with its line forgotten, for matching that tolerates line shifts within a method. */
  public SiteKey withoutLine() {
    return new SiteKey(rule, className, method, -1);
  }
}
