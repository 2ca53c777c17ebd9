package dev.sunset.core.scan;

import dev.sunset.core.rules.Problem;
import java.time.Instant;
import java.util.List;

/**
 * What a scan found: the rules in force, every call site of them in the artifacts, the problems met on the
 * way (shipped rules that do not read or resolve, class files the JVM would refuse), and what it cost.
 *
 * @param generatedAt when the scan ended
 * @param rules the rules in force, the user's first, then those shipped in the artifacts
 * @param sites every call site found, ordered by code source, class, method and line
 * @param problems problems of shipped rules files, of merging them, and of resolving rules in a scope
 * @param skipped class files naming a legacy class that could not be read
 * @param stats what was read and how long it took
 */
public record ScanResult(Instant generatedAt, List<ScannedRule> rules, List<ScannedSite> sites,
    List<Problem> problems, List<SkippedClass> skipped, ScanStats stats) {
  /** A result; the lists are copied. */
  public ScanResult {
    rules = List.copyOf(rules);
    sites = List.copyOf(sites);
    problems = List.copyOf(problems);
    skipped = List.copyOf(skipped);
  }
}
