package dev.sunset.agent.internal.rules;

import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.agent.internal.log.AppLog;
import dev.sunset.core.io.InputFile;
import dev.sunset.core.io.Limits;
import dev.sunset.core.report.RecordedSites;
import dev.sunset.core.rules.Problem;
import dev.sunset.core.rules.RuleSet;
import dev.sunset.core.rules.RuleSource;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.RulesReader;
import dev.sunset.core.text.Counted;
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
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

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

  /**
   * What the scan of class files looks for, and the version of that set: names, and packages (internal names) any of
   * whose classes a class file may name.
   */
  public record ScanNames(int version, Set<String> names, Set<String> packages) {}

  private record Last(ClassLoader loader, LoaderRules rules) {}

  private final Map<String, RuleFile> shippedByUrl = new ConcurrentHashMap<>();
  private final Map<ClassLoader, LoaderRules> scopes = new WeakHashMap<>();
  private final ThreadLocal<Boolean> discovering = new ThreadLocal<>();
  private final Map<String, Set<ResolvedAt>> resolvedAt = new ConcurrentHashMap<>();
  /** By rule id, by loader: a class rule's members without a counterpart, as it last resolved there. */
  private final Map<String, Map<String, List<String>>> withoutCounterpart = new ConcurrentHashMap<>();
  private final Set<String> refused = ConcurrentHashMap.newKeySet();
  private final Set<String> parsedNames = ConcurrentHashMap.newKeySet();
  private final Set<String> parsedPackages = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private final Parser parser = new Parser();
  private volatile RulesReader reader;
  private volatile RuleFile user;
  private volatile Last last;
  private volatile ScanNames scanNames = new ScanNames(0, Set.of(), Set.of());
  private volatile int version;
  private volatile Known known = new Known(-1, List.of());

  /** The rules known, as computed for one version of the files in force. */
  private record Known(int version, List<RuleSpec> rules) {}

  /** Parses a file when its rules are first needed, reports its problems, and widens the scan to its names. */
  private final class Parser implements Function<RuleFile, RulesReader.Result> {
    @Override
    public RulesReader.Result apply(RuleFile file) {
      RulesReader.Result result = reader().read(file.source(), file.text());
      for (Problem p : result.problems()) {
        report(p);
      }
      boolean widened = false;
      for (RuleSpec r : result.rules()) {
        widened |= addNames(r);
      }
      if (widened) {
        refreshNames();
      }
      return result;
    }
  }

  /** Reads a rules file with the agent's reader (the same checks everywhere), now. */
  public RulesReader.Result read(RuleSource source, String text) {
    return reader().read(source, text);
  }

  /** The reader, made on first use: a JVM with no rules file and no shipped rules never loads the YAML parser. */
  private RulesReader reader() {
    RulesReader r = reader;
    if (r == null) {
      r = new RulesReader(new RecordedSites.BaselineCheck());
      reader = r;
    }
    return r;
  }

  /** A rules file given by the user, to be parsed when its rules are first needed. */
  public RuleFile userFile(RuleSource source, String text) {
    return new RuleFile(source, text, parser);
  }

  /** A rules file given by the user whose rules were parsed already (an edit, checked before it takes effect). */
  public RuleFile userFile(RuleSource source, String text, RulesReader.Result parsed) {
    RuleFile file = RuleFile.parsed(source, text, parsed);
    boolean widened = false;
    for (RuleSpec r : parsed.rules()) {
      widened |= addNames(r);
    }
    if (widened) {
      refreshNames();
    }
    return file;
  }

  /** Sets the user's rules file at start-up (null: none); it is parsed when first needed. */
  public void startWith(RuleFile userFile) {
    this.user = userFile;
    refreshNames();
  }

  /** Parses the user's rules file now (the agent's thread does, soon after start-up), reporting its problems. */
  public void parseUserRules() {
    RuleFile u = user;
    if (u != null) {
      u.rules();
    }
  }

  /** The user's rules in force. */
  public RulesReader.Result userRules() {
    RuleFile u = user;
    return u == null ? new RulesReader.Result(List.of(), List.of()) : u.rules();
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
        return new LoaderRules(this, loader, List.of(), List.of());
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

  private LoaderRules discover(ClassLoader loader) {
    List<String> urls = new ArrayList<>();
    try {
      Enumeration<URL> found = loader.getResources(RuleSource.SHIPPED_RULES);
      while (found.hasMoreElements()) {
        URL url = found.nextElement();
        String key = url.toString();
        if (!urls.contains(key)) {
          urls.add(key);
          if (!shippedByUrl.containsKey(key)) {
            shippedByUrl.putIfAbsent(key, readShipped(url));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      AgentLog.once(LogTopic.SHIPPED, LoaderRules.describe(loader),
          "cannot list the rules shipped in the jars of class loader "
          + LoaderRules.describe(loader) + " (" + AgentLog.describe(e) + "); only the rules file applies there");
    }
    LoaderRules rules = new LoaderRules(this, loader, urls, files(urls));
    synchronized (lock) {
      LoaderRules raced = scopes.putIfAbsent(loader, rules);
      if (raced != null) {
        return raced;
      }
    }
    version++;
    if (!urls.isEmpty()) {
      refreshNames();
    }
    return rules;
  }

  private RuleFile readShipped(URL url) {
    RuleSource source = RuleSource.shipped(url.toString());
    try (InputStream in = url.openStream()) {
      return new RuleFile(source, new String(InputFile.readAtMost(in, Limits.RULES_FILE_BYTES, "a rules file"),
          StandardCharsets.UTF_8), parser);
    } catch (IOException | RuntimeException e) {
      report(Problem.file(source.label(), 0, "cannot be read (" + (e instanceof IOException ? e.getMessage()
          : AgentLog.describe(e)) + "); no rules read from this file"));
      return RuleFile.empty(source);
    }
  }

  /** The files in force for a loader that sees these shipped files: the user's first. */
  List<RuleFile> files(List<String> shippedUrls) {
    List<RuleFile> files = new ArrayList<>();
    RuleFile u = user;
    if (u != null) {
      files.add(u);
    }
    for (String url : shippedUrls) {
      files.add(shippedByUrl.get(url));
    }
    return files;
  }

  /** Merges parsed files into the rules in force for one loader; the clashes are reported once each. */
  RuleSet merged(List<RuleFile> files) {
    List<RulesReader.Result> parsed = new ArrayList<>();
    for (RuleFile f : files) {
      parsed.add(new RulesReader.Result(f.rules().rules(), List.of())); // its own problems were reported when parsed
    }
    RuleSet set = RuleSet.merge(parsed);
    for (Problem p : set.problems()) {
      report(p);
    }
    return set;
  }

  /** Replaces the user's rules file (an edit) in every loader; rules re-resolve on next use. */
  public void replaceUserRules(RuleFile next) {
    this.user = next;
    List<LoaderRules> all;
    synchronized (lock) {
      all = new ArrayList<>(scopes.values());
    }
    for (LoaderRules scope : all) {
      scope.setFiles(files(scope.shippedUrls()));
    }
    last = null;
    version++;
    refreshNames();
  }

  /**
   * Adds the names a class using a rule's legacy member names: its class and method, or a class rule's class as an
   * internal and a binary name (a lookup by name holds the latter as a string). Says whether any was new.
   */
  private boolean addNames(RuleSpec r) {
    if (r.legacy().isPackage()) { // any class of the package: its prefix, not a name
      return parsedPackages.add(r.legacy().ownerInternalName());
    }
    boolean widened = parsedNames.add(r.legacy().ownerInternalName());
    return r.legacy().isClass() ? parsedNames.add(r.legacy().ownerBinaryName()) | widened
        : parsedNames.add(r.legacy().name()) | widened;
  }

  /**
   * Widens the names the scan looks for by those a loader's resolved rules add (the methods and fields a class rule's
   * class declares, which a call or access naming a subtype holds without the class's own name).
   */
  void widenNames(Set<String> names) {
    boolean widened = false;
    for (String n : names) {
      widened |= !n.isEmpty() && parsedNames.add(n);
    }
    if (widened) {
      refreshNames();
    }
  }

  /** Recomputes the names the scan looks for, from every file's text and every rule parsed. */
  private void refreshNames() {
    Set<String> names = new LinkedHashSet<>();
    RuleFile u = user;
    if (u != null) {
      names.addAll(u.names());
    }
    for (RuleFile f : shippedByUrl.values()) {
      names.addAll(f.names());
    }
    names.addAll(parsedNames);
    Set<String> packages = new LinkedHashSet<>(parsedPackages);
    if (u != null) {
      packages.addAll(u.packages());
    }
    for (RuleFile f : shippedByUrl.values()) {
      packages.addAll(f.packages());
    }
    synchronized (lock) {
      if (!names.equals(scanNames.names()) || !packages.equals(scanNames.packages())) {
        scanNames = new ScanNames(scanNames.version() + 1, Set.copyOf(names), Set.copyOf(packages));
      }
    }
  }

  /**
   * What class files are scanned for: every class and method name the rules files mention in a member, and the
   * packages of package rules.
   */
  public ScanNames scanNames() {
    return scanNames;
  }

  /** Every rule known: the user's, then the shipped ones in the order their loaders were seen; parses them. */
  public List<RuleSpec> all() {
    Known k = known;
    int v = version;
    if (k.version() == v) {
      return k.rules();
    }
    Map<String, RuleSpec> byId = new LinkedHashMap<>();
    for (RuleSpec r : userRules().rules()) {
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
    List<RuleSpec> rules = List.copyOf(byId.values());
    known = new Known(v, rules);
    return rules;
  }

  /** The rule known with this id, or null. */
  public RuleSpec rule(String id) {
    for (RuleSpec r : all()) {
      if (r.id().equals(id)) {
        return r;
      }
    }
    return null;
  }

  /**
   * A rule resolved in {@code loader}; {@code noCounterpart}: for a class rule with an adapter, its members that have
   * no counterpart there, which stay at {@code observe} while it redirects. They are said once per rule (and again only
   * if an edit of the rule changes them), one line: {@code rule 'ctx' redirects com.acme.Context through
   * com.acme.ContextAdapters except 2 members, which stay at observe: <init>(), name (set)}.
   */
  void resolvedIn(RuleSpec rule, String loader, String codeSource, List<String> noCounterpart) {
    resolvedAt.computeIfAbsent(rule.id(), k -> ConcurrentHashMap.newKeySet()).add(new ResolvedAt(loader, codeSource));
    if (rule.hasAdapter()) {
      withoutCounterpart.computeIfAbsent(rule.id(), k -> new ConcurrentHashMap<>()).put(loader, List.copyOf(noCounterpart));
      if (!noCounterpart.isEmpty()) {
        AgentLog.once(LogTopic.NO_COUNTERPART, List.of(rule.id(), rule.replacementText(), noCounterpart),
            "rule '" + rule.id() + "' redirects " + rule.legacy().ownerBinaryName() + " through "
                + rule.replacement().ownerBinaryName() + " except " + Counted.of(noCounterpart.size(), "member")
                + (noCounterpart.size() == 1 ? ", which stays" : ", which stay") + " at observe: "
                + String.join(", ", noCounterpart));
      }
    }
  }

  /**
   * For a class rule with an adapter, the members that have no counterpart there in some class loader it resolved in,
   * as it last resolved in each (sorted); empty for any other rule.
   */
  public List<String> withoutCounterpart(String ruleId) {
    Map<String, List<String>> byLoader = withoutCounterpart.get(ruleId);
    if (byLoader == null) {
      return List.of();
    }
    Set<String> names = new TreeSet<>();
    byLoader.values().forEach(names::addAll);
    return List.copyOf(names);
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

  /** Told of each problem when its line is printed, and of each problem of a refused edit; see {@link #report}. */
  public interface ProblemListener {
    /**
     * A problem was found; {@code editRefused}: it is one of the problems for which an edit of the rules file was
     * refused (the rules in force stay), else its line was just printed. Must be quick and must not throw.
     */
    void onProblem(Problem problem, boolean editRefused);
  }

  private volatile ProblemListener problemListener;

  /** Tells {@code listener} of every problem reported from now on (one listener; null: none). */
  public void onProblems(ProblemListener listener) {
    problemListener = listener;
  }

  /** Prints a problem's line, once however often it is found, and tells the problem listener when it prints. */
  public void report(Problem problem) {
    String line = problem.describe();
    if (AgentLog.once(LogTopic.PROBLEM, line, line)) {
      tell(problem, false);
      AppLog.ruleProblem(appLine(line, problem, false));
    }
  }

  /** Tells the problem listener of the problems an edit of the rules file was refused for (its line says so). */
  public void editRefused(List<Problem> problems) {
    for (Problem p : problems) {
      tell(p, true);
      AppLog.ruleProblem(appLine("rules edit refused: " + p.describe(), p, true));
    }
  }

  /** A problem's line for the application's log: the line, and where it is as key-value pairs. */
  private static AppLog.Line appLine(String message, Problem problem, boolean editRefused) {
    List<AppLog.KeyValue> pairs = new ArrayList<>(5);
    pairs.add(new AppLog.KeyValue("problem", problem.kind().name().toLowerCase(java.util.Locale.ROOT)));
    pairs.add(new AppLog.KeyValue("file", problem.source()));
    if (problem.line() > 0) {
      pairs.add(new AppLog.KeyValue("line", String.valueOf(problem.line())));
    }
    if (problem.ruleId() != null) {
      pairs.add(new AppLog.KeyValue("rule", problem.ruleId()));
    }
    if (editRefused) {
      pairs.add(new AppLog.KeyValue("editRefused", "true"));
    }
    return new AppLog.Line(message, pairs);
  }

  private void tell(Problem problem, boolean editRefused) {
    ProblemListener listener = problemListener;
    if (listener == null) {
      return;
    }
    try {
      listener.onProblem(problem, editRefused);
    } catch (Throwable t) {
      AgentLog.failureOnce(LogTopic.PROBLEM_LISTENER, "a rule-problem listener failed", t);
    }
  }
}
