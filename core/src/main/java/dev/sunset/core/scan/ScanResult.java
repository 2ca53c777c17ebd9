package dev.sunset.core.scan;

import dev.sunset.core.format.RuleResolution;
import dev.sunset.core.rules.Problem;
import java.time.Instant;
import java.util.List;

/**
 * What a scan found: the rules in force, every call site of them in the artifacts, the problems met on the
 * way (shipped rules that do not read or resolve, class files the JVM would refuse), what it cost, and what it
 * read only to resolve rules against.
 *
 * @param generatedAt when the scan ended
 * @param rules the rules in force, the user's first, then those shipped in the artifacts
 * @param sites every call site found, ordered by code source, class, method and line
 * @param problems problems of shipped rules files, of merging them, and of resolving rules in a scope
 * @param skipped class files naming a legacy class that could not be read
 * @param stats what was read and how long it took
 * @param resolutionPath the jars and folders read only to resolve rules against (given, or named by a scanned jar's
 *     manifest), in the order they were looked in, those that were not there included
 */
public record ScanResult(Instant generatedAt, List<ScannedRule> rules, List<ScannedSite> sites,
    List<Problem> problems, List<SkippedClass> skipped, ScanStats stats, List<ResolutionSource> resolutionPath) {
  /** A result; the lists are copied. */
  public ScanResult {
    rules = List.copyOf(rules);
    sites = List.copyOf(sites);
    problems = List.copyOf(problems);
    skipped = List.copyOf(skipped);
    resolutionPath = List.copyOf(resolutionPath);
  }

  /** A result that read nothing only to resolve against (as scans were before {@code resolutionPath}). */
  public ScanResult(Instant generatedAt, List<ScannedRule> rules, List<ScannedSite> sites, List<Problem> problems,
      List<SkippedClass> skipped, ScanStats stats) {
    this(generatedAt, rules, sites, problems, skipped, stats, List.of());
  }

  /**
   * The rules that resolved in no scope (refused wherever their legacy class is, or unresolved because no jar or
   * folder holds it): whatever the code calls, they have no call site here.
   */
  public List<ScannedRule> unresolvedRules() {
    return rules.stream().filter(r -> r.resolution() != RuleResolution.RESOLVED).toList();
  }
}
