package dev.sunset.agent.internal.rules;

import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.core.io.InputFile;
import dev.sunset.core.io.Limits;
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
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Every rule the agent knows, and the rules in force for each class loader: the user's rules file, read at
 * start-up, plus the {@value RuleSource#SHIPPED_RULES} resources each loader sees, discovered the first
 * time that loader defines a class (before any of its classes is rewritten). Where each rule
 * resolved is kept by its {@link RuleResolutions}, and its problems are reported once by its {@link RuleProblems}.
 */
public final class RulesInForce {
  /**
   * What the scan of class files looks for, and the version of that set: names, and packages (internal names) any of
   * whose classes a class file may name.
   */
  public record ScanNames(int version, Set<String> names, Set<String> packages) {}

  private record Last(ClassLoader loader, LoaderRules rules) {}

  private final Map<String, RuleFile> shippedByUrl = new ConcurrentHashMap<>();
  private final Map<ClassLoader, LoaderRules> scopes = new WeakHashMap<>();
  private final ThreadLocal<Boolean> discovering = new ThreadLocal<>();
  private final Set<String> parsedNames = ConcurrentHashMap.newKeySet();
  private final Set<String> parsedPackages = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private final RuleProblems problems = new RuleProblems();
  private final RuleResolutions resolutions = new RuleResolutions(problems);
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
        problems.report(p);
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
      problems.report(Problem.file(source.label(), 0, "cannot be read (" + (e instanceof IOException ? e.getMessage()
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
      problems.report(p);
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

  /** The rules' problems: each printed once, and told to the problem listener. */
  public RuleProblems problems() {
    return problems;
  }

  /** Where each rule resolved, or why not. */
  public RuleResolutions resolutions() {
    return resolutions;
  }
}
