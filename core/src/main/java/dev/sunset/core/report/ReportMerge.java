package dev.sunset.core.report;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.format.FormatException;
import dev.sunset.core.format.ReadAhead;
import dev.sunset.core.format.Report;
import dev.sunset.core.format.ReportStream;
import dev.sunset.core.format.RuleResolution;
import dev.sunset.core.format.Use;
import dev.sunset.core.format.Via;
import dev.sunset.core.rules.Stage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apiguardian.api.API;

/**
 * Agent reports from several JVMs or runs merged into one report: per site (rule, class, method, descriptor, line)
 * the counts summed, the counts by stage summed, the earliest first call and the latest report showing calls kept;
 * per rule the newest report's entry, with where it resolved in any of them; and every run, so that the evidence of
 * how many JVMs watched, and for how long, survives the merge.
 *
 * <p>An agent's counts are cumulative over its run, so two reports of one run are not added: of several reports of
 * one run (the same {@code runs[].id}) only the newest is kept. A run counted both in a merged report and in another
 * input cannot be separated from the merged one's sums, and is refused rather than counted twice.
 *
 * <p>Reports in files are merged as a stream ({@link #read}): each site is folded in as it is read, so the memory a
 * merge takes grows with the distinct sites (and a small entry per run), not with the reports. Which report of a run
 * is the newest must be known before any is folded, so each file is read twice: its head first
 * ({@link ReportStream#head}: {@code format}, {@code generatedAt}, {@code runs}, the first fields Sunset writes), then
 * whole; a file that changed in between is refused.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ReportMerge {
  private ReportMerge() {}

  /**
   * One report to merge.
   *
   * @param file the file it was read from, as given
   * @param report the report
   */
  public record Input(String file, Report report) {}

  /**
   * The merge.
   *
   * @param report the merged report
   * @param kept the inputs whose counts it holds
   * @param dropped the inputs left out because a newer report of the same run was given
   */
  public record Result(Report report, List<Input> kept, List<Input> dropped) {}

  /**
   * A report merged from a file.
   *
   * @param file the file, as given
   * @param generatedAt when the report was written
   * @param runs how many JVM runs it counts
   */
  public record Source(String file, Instant generatedAt, int runs) {}

  /**
   * The merge of reports read from files.
   *
   * @param report the merged report
   * @param kept the reports whose counts it holds
   * @param dropped the reports left out because a newer report of the same run was given
   */
  public record Merged(Report report, List<Source> kept, List<Source> dropped) {}

  /** Sees the reports a merge reads from files, in the order given, kept or left out. */
  public interface Listener {
    /**
     * The heads of every report, before any of their sites: null for one whose head did not read (it is refused
     * when its turn comes).
     */
    default void heads(List<ReportStream.Head> heads) throws FormatException {}

    /** A call site of report {@code input} (its index among the files), as read. */
    default void site(int input, Report.Site site) throws FormatException {}

    /** The rest of report {@code input}, once all its sites were given. */
    default void read(int input, ReportStream.Contents contents) throws FormatException {}
  }

  /**
   * Merges reports held in memory.
   *
   * @throws FormatException when a run is counted in a merged input and in another one (naming both), or a count
   *     would pass {@link Long#MAX_VALUE}
   */
  public static Result merge(List<Input> inputs, Instant now) throws FormatException {
    List<Report> reports = inputs.stream().map(Input::report).toList();
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Report r = reports.get(i);
      entries.add(new Entry(i, inputs.get(i).file(), r.generatedAt(),
          r.runs().stream().map(ReportStream.RunMark::of).toList()));
    }
    boolean[] keep = keepNewestOfEachRun(entries);
    Fold fold = new Fold();
    List<Input> kept = new ArrayList<>();
    List<Input> dropped = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Input input = inputs.get(i);
      if (!keep[i]) {
        dropped.add(input);
        continue;
      }
      kept.add(input);
      Report report = input.report();
      fold.report(input.file(), report.generatedAt(), report.runs(), report.rules());
      for (Report.Site s : report.callSites()) {
        fold.site(input.file(), report.generatedAt(), new Key(s), s);
        if (fold.overflow != null) {
          throw fold.overflow;
        }
      }
    }
    return new Result(fold.merged(now), kept, dropped);
  }

  /**
   * Merges the reports in {@code files}, read as a stream.
   *
   * @throws FormatException naming a file that does not read as a report (the first in the order given), or as
   *     {@link #merge} refuses the reports
   */
  public static Merged read(List<Path> files, Instant now) throws FormatException {
    return read(files, now, new Listener() {});
  }

  /**
   * Merges the reports in {@code files}, read as a stream, showing {@code listener} every report and site read.
   * What is refused is refused as if every file had been read in turn before any was merged: the first file in the
   * order given that does not read; else a run counted twice; else the first count that would pass
   * {@link Long#MAX_VALUE}.
   *
   * @throws FormatException naming the file and what is wrong, in one line
   */
  public static Merged read(List<Path> files, Instant now, Listener listener) throws FormatException {
    List<ReportStream.Head> heads = new ArrayList<>();
    FormatException[] unread = new FormatException[files.size()];
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      ReportStream.Head head = null;
      try {
        head = ReportStream.head(files.get(i));
        entries.add(new Entry(i, files.get(i).toString(), head.generatedAt(), head.runs()));
      } catch (FormatException e) {
        unread[i] = e;
      }
      heads.add(head);
    }
    listener.heads(Collections.unmodifiableList(heads));
    boolean[] keep = new boolean[files.size()];
    FormatException countedTwice = null;
    try {
      boolean[] kept = keepNewestOfEachRun(entries);
      for (int e = 0; e < entries.size(); e++) {
        keep[entries.get(e).index()] = kept[e];
      }
    } catch (FormatException e) {
      countedTwice = e;
    }
    Fold fold = new Fold();
    List<Source> kept = new ArrayList<>();
    List<Source> dropped = new ArrayList<>();
    try (ReadAhead<Keyed> ahead = new ReadAhead<>(files, ReadAhead.threads(), s -> new Keyed(new Key(s), s))) {
      for (int i = 0; i < files.size(); i++) {
        if (unread[i] != null) {
          throw unread[i];
        }
        String name = files.get(i).toString();
        ReportStream.Head head = heads.get(i);
        boolean folding = keep[i] && countedTwice == null;
        int input = i;
        ReportStream.Contents contents = ahead.read(i, keyed -> {
          listener.site(input, keyed.site());
          if (folding && fold.overflow == null) {
            fold.site(name, head.generatedAt(), keyed.key(), keyed.site());
          }
        });
        if (!contents.generatedAt().equals(head.generatedAt())
            || !contents.runs().stream().map(ReportStream.RunMark::of).toList().equals(head.runs())) {
          throw new FormatException(name, "changed while it was merged (its generatedAt or runs differ between the"
              + " first read, which decides which report of each run counts, and the second): merge reports that"
              + " are no longer being written, or copies of them");
        }
        Source source = new Source(name, contents.generatedAt(), contents.runs().size());
        if (keep[i]) {
          kept.add(source);
          if (folding) {
            fold.report(name, contents.generatedAt(), contents.runs(), contents.rules());
          }
        } else {
          dropped.add(source);
        }
        listener.read(i, contents);
      }
    }
    if (countedTwice != null) {
      throw countedTwice;
    }
    if (fold.overflow != null) {
      throw fold.overflow;
    }
    return new Merged(fold.merged(now), kept, dropped);
  }

  /** A report as far as telling the reports of one run apart goes. */
  private record Entry(int index, String file, Instant generatedAt, List<ReportStream.RunMark> runs) {}

  /**
   * Of the single-run inputs of one run, keeps the newest; refuses a run that a merged input counts together with
   * another input. Whether each entry is kept, in their order.
   */
  private static boolean[] keepNewestOfEachRun(List<Entry> inputs) throws FormatException {
    Map<String, Entry> newestSingle = new HashMap<>();
    Map<String, Entry> inMerged = new HashMap<>();
    for (Entry input : inputs) {
      List<ReportStream.RunMark> runs = input.runs();
      for (ReportStream.RunMark run : runs) {
        if (run.id() == null) {
          continue; // an older agent's report: a run of its own
        }
        Entry other = inMerged.get(run.id());
        if (other == null && runs.size() > 1) {
          other = newestSingle.get(run.id());
        }
        if (other != null) {
          throw new FormatException(input.file(), "counts the JVM run " + run.id()
              + (run.pid() == null ? "" : " (process " + run.pid() + ")") + " that " + other.file()
              + " counts too, and one of them is a merged report: its calls cannot be told apart and would be"
              + " counted twice; merge each run's newest report once");
        }
        if (runs.size() > 1) {
          inMerged.put(run.id(), input);
        } else {
          Entry previous = newestSingle.get(run.id());
          if (previous == null || newer(input, previous)) {
            newestSingle.put(run.id(), input);
          }
        }
      }
    }
    boolean[] keep = new boolean[inputs.size()];
    Arrays.fill(keep, true);
    for (int i = 0; i < inputs.size(); i++) {
      List<ReportStream.RunMark> runs = inputs.get(i).runs();
      if (runs.size() == 1 && runs.get(0).id() != null && newestSingle.get(runs.get(0).id()) != inputs.get(i)) {
        keep[i] = false;
      }
    }
    return keep;
  }

  /** Whether {@code a} is a later report of its run than {@code b}: written later, or at exit. */
  private static boolean newer(Entry a, Entry b) {
    ReportStream.RunMark ar = a.runs().get(0);
    ReportStream.RunMark br = b.runs().get(0);
    int byTime = ar.lastReportAt().compareTo(br.lastReportAt());
    if (byTime == 0) {
      byTime = a.generatedAt().compareTo(b.generatedAt());
    }
    return byTime > 0 || byTime == 0 && ar.exitReport() && !br.exitReport();
  }

  /** A site read, with its key made on the thread that read it. */
  private record Keyed(Key key, Report.Site site) {}

  /**
   * The identity of a site across reports: rule, class, method, descriptor, line, use and member. A class of its own
   * rather than a record, so that its hash is worked out once: a fleet's merge looks every site of every report up.
   */
  private static final class Key {
    final String rule;
    final String className;
    final String method;
    final String descriptor;
    final int line;
    final Use use;
    final String member;
    private final int hash;

    Key(Report.Site s) {
      rule = s.rule();
      className = s.className();
      method = s.method();
      descriptor = s.descriptor();
      line = s.line();
      use = s.use();
      member = s.member();
      int h = rule.hashCode();
      h = 31 * h + className.hashCode();
      h = 31 * h + method.hashCode();
      h = 31 * h + Objects.hashCode(descriptor);
      h = 31 * h + line;
      h = 31 * h + use.ordinal();
      hash = 31 * h + Objects.hashCode(member);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && hash == k.hash && line == k.line && use == k.use && rule.equals(k.rule)
          && className.equals(k.className) && method.equals(k.method) && Objects.equals(descriptor, k.descriptor)
          && Objects.equals(member, k.member);
    }
  }

  /**
   * One site being merged: what the merged site will say, from every report folded in so far. Kept compact (counts by
   * stage in an array, one code source until a second one comes), since a fleet's merge holds one per distinct site
   * and looks one up for every site of every report.
   */
  private static final class Site {
    final Key key;
    /** The code source of the report that named the site first, which the merged site keeps. */
    final String firstCodeSource;
    long count;
    /** Calls by stage, by the stage's ordinal; {@code stages} has the bit of each stage some report named. */
    final long[] byStage = new long[Stage.COUNT];
    int stages;
    Instant firstCallAt;
    Instant lastSeenAt;
    Stage stage;
    Instant stageAt;
    /** The rollback of the report the stage came from: a site's rollback holds while its stage does. */
    Instant rolledBackAt;
    String rollbackReason;
    /** The one code source seen while there is one; then null, and every one in {@code codeSources}. */
    String codeSource;
    Set<String> codeSources;
    boolean methodReference;
    Via via;
    String calledThrough;
    String file;

    Site(Key key, String firstCodeSource) {
      this.key = key;
      this.firstCodeSource = firstCodeSource;
    }

    void codeSource(String seen) {
      if (codeSources != null) {
        codeSources.add(seen);
      } else if (codeSource == null) {
        codeSource = seen;
      } else if (!codeSource.equals(seen)) {
        codeSources = new TreeSet<>(List.of(codeSource, seen));
        codeSource = null;
      }
    }

    /** Every code source seen, in order. */
    Set<String> codeSources() {
      return codeSources != null ? codeSources : codeSource != null ? Set.of(codeSource) : Set.of();
    }

    Map<Stage, Long> countsByStage() {
      Map<Stage, Long> counts = new EnumMap<>(Stage.class);
      for (Stage stage : Stage.values()) {
        if ((stages & 1 << stage.ordinal()) != 0) {
          counts.put(stage, byStage[stage.ordinal()]);
        }
      }
      return counts;
    }
  }

  /**
   * The merge so far: reports folded in one at a time, in the order given, each site as it comes. What it holds
   * grows with the distinct sites and rules, and by one run entry and one {@code mergedFrom} entry per report.
   */
  private static final class Fold {
    final Map<String, Report.Rule> rules = new LinkedHashMap<>();
    final Map<String, Instant> ruleAt = new HashMap<>();
    final Map<String, Set<Report.ResolvedIn>> resolvedIn = new HashMap<>();
    final Map<String, RuleResolution> resolution = new HashMap<>();
    final Map<Key, Site> sites = new LinkedHashMap<>();
    final List<Report.Run> runs = new ArrayList<>();
    /** One copy of each list of a run's rules: the runs of a fleet mostly share theirs. */
    final Map<List<Report.RunRule>, List<Report.RunRule>> runRules = new HashMap<>();
    final List<Report.MergedFrom> from = new ArrayList<>();
    /** The first count that would pass {@link Long#MAX_VALUE}; nothing is folded after it. */
    FormatException overflow;

    /** A report's runs and rules, and the report itself for {@code mergedFrom}. */
    void report(String file, Instant generatedAt, List<Report.Run> reportRuns, List<Report.Rule> reportRules) {
      for (Report.Run run : reportRuns) {
        List<Report.RunRule> shared = runRules.computeIfAbsent(run.rules(), r -> r);
        runs.add(shared == run.rules() ? run : new Report.Run(run.id(), run.pid(), run.jvmStartedAt(),
            run.agentStartedAt(), run.attachedLate(), run.lastReportAt(), run.exitReport(), shared));
      }
      for (Report.Rule rule : reportRules) {
        Instant at = ruleAt.get(rule.id());
        if (at == null || generatedAt.isAfter(at)) {
          rules.put(rule.id(), rule);
          ruleAt.put(rule.id(), generatedAt);
        }
        resolvedIn.computeIfAbsent(rule.id(), k -> new LinkedHashSet<>()).addAll(rule.resolvedIn());
        resolution.merge(rule.id(), rule.resolution() == null ? RuleResolution.UNRESOLVED : rule.resolution(),
            ReportMerge::strongest);
      }
      from.add(new Report.MergedFrom(file, generatedAt));
    }

    /** One site of the report {@code file}, written at {@code generatedAt}; a count past the largest long stops. */
    void site(String file, Instant generatedAt, Key key, Report.Site s) {
      Site m = sites.get(key);
      if (m == null) {
        m = new Site(key, s.codeSource());
        sites.put(key, m);
      }
      Long sum = add(m.count, s.count());
      if (sum == null) {
        overflow = overflow(file, s);
        return;
      }
      m.count = sum;
      for (Map.Entry<Stage, Long> e : s.countsByStage().entrySet()) {
        int stage = e.getKey().ordinal();
        Long stageSum = add(m.byStage[stage], e.getValue());
        if (stageSum == null) {
          overflow = overflow(file, s);
          return;
        }
        m.byStage[stage] = stageSum;
        m.stages |= 1 << stage;
      }
      m.firstCallAt = earliest(m.firstCallAt, s.firstCallAt());
      m.lastSeenAt = latest(m.lastSeenAt, s.lastSeenAt() != null ? s.lastSeenAt()
          : s.count() > 0 ? generatedAt : null);
      if (s.stage() != null && (m.stageAt == null || !generatedAt.isBefore(m.stageAt))) {
        m.stage = s.stage();
        m.stageAt = generatedAt;
        m.rolledBackAt = s.rolledBackAt();
        m.rollbackReason = s.rollbackReason();
      }
      if (s.codeSource() != null) {
        m.codeSource(s.codeSource());
      }
      for (String other : s.codeSources()) {
        m.codeSource(other);
      }
      m.methodReference |= s.methodReference();
      m.via = m.via != null ? m.via : s.via();
      m.calledThrough = m.calledThrough != null ? m.calledThrough : s.calledThrough();
      m.file = m.file != null ? m.file : s.file();
    }

    Report merged(Instant now) {
      List<Report.Rule> ruleList = new ArrayList<>();
      for (Report.Rule r : rules.values()) {
        ruleList.add(new Report.Rule(r.id(), r.legacy(), r.replacement(), r.stage(), r.configuredStage(),
            r.message(), r.source(), r.line(), resolution.get(r.id()), new ArrayList<>(resolvedIn.get(r.id())),
            r.schedule(), r.withoutCounterpart()));
      }
      List<Site> ordered = new ArrayList<>(sites.values());
      ordered.sort(Comparator.comparing((Site m) -> m.key.rule).thenComparing(m -> m.key.className)
          .thenComparing(m -> m.key.method).thenComparingInt(m -> m.key.line)
          .thenComparing(m -> Objects.toString(m.key.descriptor, "")).thenComparing(m -> m.key.use)
          .thenComparing(m -> Objects.toString(m.key.member, "")));
      List<Report.Site> siteList = new ArrayList<>(ordered.size());
      for (Site m : ordered) {
        Key k = m.key;
        Set<String> codeSources = m.codeSources();
        String codeSource = m.firstCodeSource != null ? m.firstCodeSource
            : codeSources.isEmpty() ? null : codeSources.iterator().next();
        siteList.add(new Report.Site(k.rule, k.className, k.method, k.descriptor, m.file, k.line, codeSource,
            m.count, m.stage, m.countsByStage(), m.firstCallAt, m.lastSeenAt, m.methodReference, m.via,
            m.calledThrough, codeSources.size() > 1 ? new ArrayList<>(codeSources) : List.of(), k.use, k.member,
            m.rolledBackAt, m.rollbackReason));
      }
      return new Report(now, runs, ruleList, siteList, from);
    }
  }

  /** {@code a + b}, or null when it would pass {@link Long#MAX_VALUE}. */
  private static Long add(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? null : sum;
  }

  private static FormatException overflow(String file, Report.Site site) {
    return new FormatException(file, "the counts of " + site.className() + "." + site.method() + " (line "
        + site.line() + ", rule " + site.rule() + ") sum past " + Long.MAX_VALUE);
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null ? b : b == null || a.isBefore(b) ? a : b;
  }

  private static Instant latest(Instant a, Instant b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }

  /** resolved beats refused beats unresolved: a rule that resolved in one JVM resolved in the fleet. */
  private static RuleResolution strongest(RuleResolution a, RuleResolution b) {
    return a.ordinal() <= b.ordinal() ? a : b;
  }
}
