package dev.sunset.agent.internal.rules;

import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.core.report.RecordedSites;
import dev.sunset.core.rules.Problem;
import dev.sunset.core.rules.RuleSet;
import dev.sunset.core.rules.RuleSource;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.RulesReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every rule the agent knows, and the rules in force for each class loader: the user's rules file, read at
 * start-up, plus the {@value RuleSource#SHIPPED_RULES} resources each loader sees, discovered the first
 * time that loader defines a class (before any of its classes is rewritten). It records where each rule
 * resolved, and reports each problem once.
 */
public final class RulesInForce {
  /** Where a rule resolved: a class loader and the jar or folder its legacy class came from. */
  public record ResolvedAt(String loader, String codeSource) {}

  /** How far a rule got in resolving. */
  public enum Status {
    /** It resolved in at least one class loader. */
    RESOLVED,
    /** A loader has its legacy class, but the rule fits it nowhere. */
    REFUSED,
    /** No loader has defined its legacy class (yet): a typo, or a library never loaded. */
    UNRESOLVED
  }

  /** What the scan of class files looks for, and the version of that set. */
  public record ScanNames(int version, Set<String> names) {}

  private record Last(ClassLoader loader, LoaderRules rules) {}

  private final RulesReader reader = new RulesReader(RecordedSites::check);
  private final Map<String, RulesReader.Result> shippedByUrl = new ConcurrentHashMap<>();
  private final Map<ClassLoader, LoaderRules> scopes = new WeakHashMap<>();
  private final ThreadLocal<Boolean> discovering = new ThreadLocal<>();
  private final Map<String, Set<ResolvedAt>> resolvedAt = new ConcurrentHashMap<>();
  private final Set<String> refused = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private volatile RulesReader.Result user = new RulesReader.Result(List.of(), List.of());
  private volatile Last last;
  private volatile List<RuleSpec> known = List.of();
  private volatile ScanNames scanNames = new ScanNames(0, Set.of());

  /** Reads a rules file with the agent's reader (the same checks everywhere). */
  public RulesReader.Result read(RuleSource source, String text) {
    return reader.read(source, text);
  }

  /** Sets the user's rules at start-up; reports their problems. */
  public void startWith(RulesReader.Result userRules) {
    this.user = userRules;
    for (Problem p : userRules.problems()) {
      report(p);
    }
    refresh();
  }

  /** The user's rules in force. */
  public RulesReader.Result userRules() {
    return user;
  }

  /**
   * The rules in force for the classes of {@code loader}, discovering the rules its jars ship the first time
   * the loader is seen. Classes the discovery itself loads see no rules.
   */
  public LoaderRules forLoader(ClassLoader loader) {
    Last l = last;
    if (l != null && l.loader() == loader) {
      return l.rules();
    }
    LoaderRules found;
    synchronized (lock) {
      found = scopes.get(loader);
    }
    if (found == null) {
      if (discovering.get() != null) {
        return emptyFor(loader);
      }
      discovering.set(Boolean.TRUE);
      try {
        found = discover(loader);
      } finally {
        discovering.remove();
      }
    }
    last = new Last(loader, found);
    return found;
  }

  private LoaderRules emptyFor(ClassLoader loader) {
    return new LoaderRules(this, loader, List.of(), RuleSet.empty());
  }

  private LoaderRules discover(ClassLoader loader) {
    List<String> urls = new ArrayList<>();
    try {
      Enumeration<URL> found = loader.getResources(RuleSource.SHIPPED_RULES);
      while (found.hasMoreElements()) {
        URL url = found.nextElement();
        String key = url.toString();
        if (!urls.contains(key)) {
          urls.add(key);
          shippedByUrl.computeIfAbsent(key, k -> readShipped(url));
        }
      }
    } catch (IOException | RuntimeException e) {
      AgentLog.once("shipped:" + LoaderRules.describe(loader), "cannot list the rules shipped in the jars of class loader "
          + LoaderRules.describe(loader) + " (" + AgentLog.describe(e) + "); only the rules file applies there");
    }
    LoaderRules rules = new LoaderRules(this, loader, urls, merged(urls));
    synchronized (lock) {
      LoaderRules raced = scopes.putIfAbsent(loader, rules);
      if (raced != null) {
        return raced;
      }
    }
    refresh();
    return rules;
  }

  private RulesReader.Result readShipped(URL url) {
    RuleSource source = RuleSource.shipped(url.toString());
    try (InputStream in = url.openStream()) {
      RulesReader.Result result = reader.read(source, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      for (Problem p : result.problems()) {
        report(p);
      }
      return result;
    } catch (IOException | RuntimeException e) {
      report(Problem.file(source.label(), 0, "cannot be read (" + AgentLog.describe(e) + "); no rules read from this file"));
      return new RulesReader.Result(List.of(), List.of());
    }
  }

  private RuleSet merged(List<String> shippedUrls) {
    List<RulesReader.Result> files = new ArrayList<>();
    files.add(withoutProblems(user));
    for (String url : shippedUrls) {
      files.add(withoutProblems(shippedByUrl.get(url)));
    }
    RuleSet set = RuleSet.merge(files);
    for (Problem p : set.problems()) {
      report(p);
    }
    return set;
  }

  private static RulesReader.Result withoutProblems(RulesReader.Result r) {
    return new RulesReader.Result(r.rules(), List.of()); // each file's own problems are reported once, when read
  }

  /**
   * Replaces the user's rules (an edit of the rules file) in every loader; rules re-resolve on next use.
   * Problems of the new file are the caller's to report.
   */
  public void replaceUserRules(RulesReader.Result next) {
    this.user = next;
    List<LoaderRules> all;
    synchronized (lock) {
      all = new ArrayList<>(scopes.values());
    }
    for (LoaderRules scope : all) {
      scope.setRules(merged(scope.shippedUrls()));
    }
    last = null;
    refresh();
  }

  /** Recomputes the rules known and the names the scan looks for. */
  private void refresh() {
    Map<String, RuleSpec> byId = new LinkedHashMap<>();
    for (RuleSpec r : user.rules()) {
      byId.putIfAbsent(r.id(), r);
    }
    List<LoaderRules> all;
    synchronized (lock) {
      all = new ArrayList<>(scopes.values());
    }
    for (LoaderRules scope : all) {
      for (RuleSpec r : scope.rules().rules()) {
        byId.putIfAbsent(r.id(), r);
      }
    }
    Set<String> names = new LinkedHashSet<>();
    for (RuleSpec r : byId.values()) {
      names.add(r.legacy().ownerInternalName());
      names.add(r.legacy().name());
    }
    for (LoaderRules scope : all) {
      for (RuleSpec r : scope.rules().rules()) {
        names.add(r.legacy().ownerInternalName());
        names.add(r.legacy().name());
      }
    }
    synchronized (lock) {
      known = List.copyOf(byId.values());
      if (!names.equals(scanNames.names())) {
        scanNames = new ScanNames(scanNames.version() + 1, Set.copyOf(names));
      }
    }
  }

  /** What class files are scanned for: every legacy owner and legacy method name of every rule known. */
  public ScanNames scanNames() {
    return scanNames;
  }

  /** Every rule known: the user's, then the shipped ones in the order their loaders were seen. */
  public List<RuleSpec> all() {
    return known;
  }

  /** The rule known with this id, or null. */
  public RuleSpec rule(String id) {
    for (RuleSpec r : known) {
      if (r.id().equals(id)) {
        return r;
      }
    }
    return null;
  }

  void resolvedIn(RuleSpec rule, String loader, String codeSource) {
    resolvedAt.computeIfAbsent(rule.id(), k -> ConcurrentHashMap.newKeySet()).add(new ResolvedAt(loader, codeSource));
  }

  void refusedIn(RuleSpec rule, Problem problem) {
    refused.add(rule.id());
    report(problem);
  }

  /** Where a rule has resolved so far. */
  public List<ResolvedAt> resolvedAt(String ruleId) {
    Set<ResolvedAt> at = resolvedAt.get(ruleId);
    if (at == null) {
      return List.of();
    }
    List<ResolvedAt> list = new ArrayList<>(at);
    list.sort((a, b) -> (a.loader() + a.codeSource()).compareTo(b.loader() + b.codeSource()));
    return Collections.unmodifiableList(list);
  }

  /** How far a rule got in resolving. */
  public Status status(String ruleId) {
    if (resolvedAt.containsKey(ruleId)) {
      return Status.RESOLVED;
    }
    return refused.contains(ruleId) ? Status.REFUSED : Status.UNRESOLVED;
  }

  /** Prints a problem's line, once however often it is found. */
  public static void report(Problem problem) {
    String line = problem.describe();
    AgentLog.once("problem:" + line, line);
  }
}
