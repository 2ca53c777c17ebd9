package dev.sunset.core.scan;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.format.RuleResolution;
import dev.sunset.core.rules.Problem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

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
@API(status = INTERNAL, since = "0.1.0")
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

  /**
   * One line per rule that resolved nowhere, naming it, its legacy member, where it is written, why, and what to do;
   * then, when some legacy class is nowhere, a line for each jar a scanned jar's manifest names but that is not there
   * (the likely reason). Such a rule has no call site in the scan whatever the code calls: a gate or a verdict that
   * counts on it would be wrong.
   *
   * @param addTheLibrary what to do about an unresolved rule, in the words of the tool that prints it
   * @param fixTheRule what to do about a refused rule
   * @param orElse added to what to do, such as a way to go on anyway; may be empty
   */
  public List<String> unresolvedLines(String addTheLibrary, String fixTheRule, String orElse) {
    List<String> lines = new ArrayList<>();
    boolean missingLibrary = false;
    for (ScannedRule r : unresolvedRules()) {
      boolean unresolved = r.resolution() == RuleResolution.UNRESOLVED;
      missingLibrary |= unresolved;
      r.unresolvedLine().ifPresent(line -> lines.add(line + "; " + (unresolved ? addTheLibrary : fixTheRule)
          + orElse));
    }
    if (missingLibrary) {
      for (ResolutionSource source : resolutionPath) {
        source.missingLine().ifPresent(lines::add);
      }
    }
    return lines;
  }
}
