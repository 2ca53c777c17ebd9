package dev.sunset.core.scan;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.format.RuleResolution;
import dev.sunset.core.resolve.ResolvedRule;
import dev.sunset.core.rules.Problem;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.RulesReader;
import dev.sunset.core.scan.internal.ClassSource;
import dev.sunset.core.scan.internal.Layout;
import dev.sunset.core.scan.internal.ScopeScan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;

/**
 * Finds every call site of legacy methods in artifacts, without running them: jars, class folders, Spring
 * Boot executable jars ({@code BOOT-INF/classes} and {@code BOOT-INF/lib/*.jar}), WARs ({@code WEB-INF/classes}
 * and {@code WEB-INF/lib/*.jar}, exploded or not) and jars nested in jars.
 *
 * <p>Each application archive (a Spring Boot jar, a WAR) is resolved on its own, as its class loader would
 * see it; the plain jars and class folders given together form one class path ({@value #CLASS_PATH}). The JDK's
 * classes are read from the running JDK ({@code jrt:}). In each scope the rules in force are the user's plus
 * those its jars ship in {@code META-INF/sunset/rules.yaml} (the user's replace a shipped rule with the same
 * id), as with the agent. Call sites are found by the agent's own matcher and visitor, so they are the sites,
 * and the lines, that the agent's report lists for the same classes; a rule's legacy owner and replacement class
 * calling that rule's legacy method are not sites, as the agent does not rewrite them.
 *
 * <p>Rules resolve against more than the scanned classes: the jars and folders a plain jar's manifest names in its
 * {@code Class-Path} (a thin application jar beside its libraries), and those given to {@link Builder#classPath},
 * are read to resolve against, never for call sites. A rule that resolves nowhere ({@link
 * ScanResult#unresolvedRules()}) can have no call site in the result, whatever the code calls.
 *
 * <p>A class file is parsed only when its constant pool names a legacy class or method name: the others are
 * passed over after a walk of their constant pool. Jars are read in parallel.
 *
 * <pre>{@code
 * ScanResult result = ArtifactScanner.builder().userRules(rules).build().scan(List.of(Path.of("app.war")));
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ArtifactScanner {
  /** The name of the scope formed by the plain jars and class folders given together. */
  public static final String CLASS_PATH = "class path";

  /** Told how far a scan has got. */
  @FunctionalInterface
  public interface Listener {
    /** Called, from any thread, each time a jar or class folder has been read. */
    void progress(ScanProgress progress);
  }

  /** Configures a scanner. */
  public static final class Builder {
    private RulesReader.Result userRules;
    private List<Path> classPath = List.of();
    private Listener listener = p -> { };
    private int threads = Runtime.getRuntime().availableProcessors();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The user's rules file as read, or null for the shipped rules only. Its problems are not repeated. */
    public Builder userRules(RulesReader.Result rules) {
      this.userRules = rules;
      return this;
    }

    /**
     * Jars and folders (a class folder, or a folder holding jars) to resolve rules against in every scope, after the
     * scope's own, labelled as given: the libraries the artifacts run with but that are not scanned for call sites.
     */
    public Builder classPath(List<Path> paths) {
      this.classPath = List.copyOf(paths);
      return this;
    }

    /** Who is told the progress. */
    public Builder listener(Listener listener) {
      this.listener = listener;
      return this;
    }

    /** How many jars are read at once (default: the number of processors). */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1");
      }
      this.threads = threads;
      return this;
    }

    /** The clock the result's time comes from. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The scanner. */
    public ArtifactScanner build() {
      return new ArtifactScanner(this);
    }
  }

  private final RulesReader.Result userRules;
  private final List<Path> classPath;
  private final Listener listener;
  private final int threads;
  private final Clock clock;

  private ArtifactScanner(Builder b) {
    this.userRules = b.userRules;
    this.classPath = b.classPath;
    this.listener = b.listener;
    this.threads = b.threads;
    this.clock = b.clock;
  }

  /** A builder of scanners. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Scans the artifacts at {@code paths}, each labelled as given.
   *
   * @throws ArtifactException naming the first path (or class path entry) that is missing, unreadable or not an
   *     artifact
   */
  public ScanResult scan(List<Path> paths) throws ArtifactException {
    long start = System.nanoTime();
    try (Layout layout = Layout.of(paths, classPath)) {
      List<ScopeScan> scopes = new ArrayList<>();
      for (Layout.Scope scope : layout.scopes()) {
        try {
          scopes.add(new ScopeScan(scope, userRules));
        } catch (IOException | UncheckedIOException e) {
          throw new ArtifactException(scope.name(), "cannot be read: " + e.getMessage());
        }
      }
      List<SkippedClass> skipped = Collections.synchronizedList(new ArrayList<>(layout.skipped()));
      ScopeScan.Counters counters = new ScopeScan.Counters();
      List<ScannedSite> sites = readAll(scopes, skipped, counters);
      sites.sort(Comparator.comparing(ScannedSite::codeSource).thenComparing(ScannedSite::className)
          .thenComparing(ScannedSite::method).thenComparingInt(ScannedSite::line).thenComparing(ScannedSite::rule));
      List<Problem> problems = new ArrayList<>();
      for (ScopeScan s : scopes) {
        for (Problem p : s.problems()) {
          if (!problems.contains(p)) {
            problems.add(p);
          }
        }
      }
      int archives = scopes.stream().mapToInt(s -> s.sources().size()).sum();
      ScanStats stats = new ScanStats(archives, scopes.size(), counters.classes().get(),
          counters.namingLegacy().get(), counters.parsed().get(), counters.bytes().get(),
          Duration.ofNanos(System.nanoTime() - start));
      List<SkippedClass> skippedSorted = new ArrayList<>(skipped);
      skippedSorted.sort(Comparator.comparing(SkippedClass::location));
      return new ScanResult(clock.instant(), rulesInForce(scopes), sites, problems, skippedSorted, stats,
          layout.resolutionPath());
    }
  }

  private List<ScannedSite> readAll(List<ScopeScan> scopes, List<SkippedClass> skipped, ScopeScan.Counters counters)
      throws ArtifactException {
    record Job(ScopeScan scope, ClassSource source) {}
    List<Job> jobs = new ArrayList<>();
    int total = 0;
    for (ScopeScan scope : scopes) {
      total += scope.sources().size();
      for (ClassSource source : scope.sources()) {
        if (!scope.hasNothingToFind()) {
          jobs.add(new Job(scope, source));
        } else {
          try {
            counters.classes().addAndGet(source.countClasses()); // no rule to look for: counted, not read
          } catch (IOException | UncheckedIOException e) {
            throw new ArtifactException(source.codeSource(), "cannot be read: " + e.getMessage());
          }
        }
      }
    }
    int all = total;
    AtomicInteger done = new AtomicInteger(total - jobs.size());
    List<ScannedSite> sites = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, jobs.size())), r -> {
      Thread t = new Thread(r, "sunset-scan");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Job job : jobs) {
        futures.add(pool.submit(() -> {
          sites.addAll(job.scope().scan(job.source(), counters, skipped));
          listener.progress(new ScanProgress(done.incrementAndGet(), all, counters.classes().get()));
          return null;
        }));
      }
      for (int i = 0; i < futures.size(); i++) {
        try {
          futures.get(i).get();
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          throw new ArtifactException(jobs.get(i).source().codeSource(), "cannot be read: "
              + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ArtifactException(jobs.get(i).source().codeSource(), "scan interrupted");
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return new ArrayList<>(sites);
  }

  /** Every rule in force in some scope, the user's first, with where it resolved. */
  private static List<ScannedRule> rulesInForce(List<ScopeScan> scopes) {
    Map<String, RuleSpec> byId = new LinkedHashMap<>();
    if (!scopes.isEmpty()) {
      for (ScopeScan s : scopes) {
        for (RuleSpec r : s.rules().rules()) {
          if (r.source().isUserFile()) {
            byId.putIfAbsent(r.id(), r);
          }
        }
      }
      for (ScopeScan s : scopes) {
        for (RuleSpec r : s.rules().rules()) {
          byId.putIfAbsent(r.id(), r);
        }
      }
    }
    List<ScannedRule> rules = new ArrayList<>();
    for (RuleSpec spec : byId.values()) {
      List<ScannedRule.ResolvedIn> in = new ArrayList<>();
      List<ScannedRule.RefusedIn> refused = new ArrayList<>();
      for (ScopeScan s : scopes) {
        if (s.resolved().containsKey(spec.id())) {
          ResolvedRule resolved = s.resolved().get(spec.id());
          in.add(new ScannedRule.ResolvedIn(s.name(), resolved.legacyLocation(), resolved.legacy().isStatic(),
              s.classMembers().getOrDefault(spec.id(), List.of())));
        } else if (s.outcome().get(spec.id()) == RuleResolution.REFUSED) {
          refused.add(new ScannedRule.RefusedIn(s.name(), s.refusals().get(spec.id())));
        }
      }
      RuleResolution resolution = !in.isEmpty() ? RuleResolution.RESOLVED
          : !refused.isEmpty() ? RuleResolution.REFUSED : RuleResolution.UNRESOLVED;
      rules.add(new ScannedRule(spec, resolution, in, refused));
    }
    return rules;
  }
}
