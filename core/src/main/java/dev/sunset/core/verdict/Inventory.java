package dev.sunset.core.verdict;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.format.RuleResolution;
import dev.sunset.core.format.Scan;
import dev.sunset.core.report.UseKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The static side of a verdict: the rules the scanned artifacts were searched for, where each resolved, and every
 * call site found, from one or more scans taken together; a class rule's uses on one line are sites apart
 * ({@link UseKey}).
 */
@API(status = INTERNAL, since = "0.1.0")
public final class Inventory {
  private final Map<String, Scan.Rule> rules = new LinkedHashMap<>();
  private final Map<UseKey, Scan.Site> sites = new LinkedHashMap<>();
  private final Set<String> artifacts = new LinkedHashSet<>();
  private final Set<String> classPath = new LinkedHashSet<>();

  private Inventory() {}

  /**
   * The scans taken together: a rule's first entry is kept, with where it resolved or was refused in any of them
   * added (so that a rule refused in one scan stays refused there); the sites of all of them, each once.
   */
  public static Inventory of(List<Scan> scans) {
    Inventory inventory = new Inventory();
    for (Scan scan : scans) {
      inventory.artifacts.addAll(scan.artifacts());
      inventory.classPath.addAll(scan.classPath());
      for (Scan.Rule r : scan.rules()) {
        inventory.rules.merge(r.id(), r, Inventory::together);
      }
      for (Scan.Site s : scan.callSites()) {
        inventory.sites.putIfAbsent(s.useKey(), s);
      }
    }
    return inventory;
  }

  private static Scan.Rule together(Scan.Rule a, Scan.Rule b) {
    List<Scan.ResolvedIn> in = new ArrayList<>(a.resolvedIn());
    b.resolvedIn().stream().filter(x -> !in.contains(x)).forEach(in::add);
    List<Scan.RefusedIn> refused = new ArrayList<>(a.refusedIn());
    b.refusedIn().stream().filter(x -> !refused.contains(x)).forEach(refused::add);
    RuleResolution resolution = a.resolution() == null || b.resolution() == null ? null
        : !in.isEmpty() ? RuleResolution.RESOLVED
        : a.resolution() == RuleResolution.REFUSED || b.resolution() == RuleResolution.REFUSED ? RuleResolution.REFUSED
        : RuleResolution.UNRESOLVED;
    return new Scan.Rule(a.id(), a.legacy(), a.replacement(), a.stage(), a.source(), a.line(), resolution, in,
        refused);
  }

  /** The rules, by id, in the order the scans list them. */
  public Map<String, Scan.Rule> rules() {
    return rules;
  }

  /** The call sites (for a class rule, each use at a site), by key. */
  public Map<UseKey, Scan.Site> sites() {
    return sites;
  }

  /** The artifacts the scans say they searched. */
  public List<String> artifacts() {
    return List.copyOf(artifacts);
  }

  /** The paths the scans say they read only to resolve rules. */
  public List<String> classPath() {
    return List.copyOf(classPath);
  }
}
