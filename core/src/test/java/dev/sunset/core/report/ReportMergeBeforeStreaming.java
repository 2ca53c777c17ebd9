package dev.sunset.core.report;

import dev.sunset.core.format.FormatException;
import dev.sunset.core.format.Report;
import dev.sunset.core.format.Use;
import dev.sunset.core.format.RuleResolution;
import dev.sunset.core.format.Via;
import dev.sunset.core.rules.Stage;
import java.time.Instant;
import java.util.ArrayList;
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

/**
 * The merge as it was before reports were read as a stream, kept as the oracle the streamed merge is checked against
 * ({@code StreamedMergeTest}): every report held in memory, folded in one pass. Agent reports from several JVMs or runs
 * merged into one report: per site (rule, class, method, descriptor, line)
 * the counts summed, the counts by stage summed, the earliest first call and the latest report showing calls kept;
 * per rule the newest report's entry, with where it resolved in any of them; and every run, so that the evidence of
 * how many JVMs watched, and for how long, survives the merge.
 *
 * <p>An agent's counts are cumulative over its run, so two reports of one run are not added: of several reports of
 * one run (the same {@code runs[].id}) only the newest is kept. A run counted both in a merged report and in another
 * input cannot be separated from the merged one's sums, and is refused rather than counted twice.
 */
final class ReportMergeBeforeStreaming {
  private ReportMergeBeforeStreaming() {}

  /**
   * One report to merge.
   *
   * @param file the file it was read from, as given
   * @param report the report
   */
  record Input(String file, Report report) {}

  /**
   * The merge.
   *
   * @param report the merged report
   * @param kept the inputs whose counts it holds
   * @param dropped the inputs left out because a newer report of the same run was given
   */
  record Result(Report report, List<Input> kept, List<Input> dropped) {}

  /** The identity of a site across reports. */
  private record Key(String rule, String className, String method, String descriptor, int line, Use use, String member) {}

  /** One site being merged. */
  private static final class Merged {
    final Report.Site first;
    long count;
    final Map<Stage, Long> byStage = new EnumMap<>(Stage.class);
    Instant firstCallAt;
    Instant lastSeenAt;
    Stage stage;
    Instant stageAt;
    /** The rollback of the report the stage came from: a site's rollback holds while its stage does. */
    Instant rolledBackAt;
    String rollbackReason;
    final Set<String> codeSources = new TreeSet<>();
    boolean methodReference;
    Via via;
    String calledThrough;
    String file;

    Merged(Report.Site first) {
      this.first = first;
    }
  }

  /**
   * Merges reports.
   *
   * @throws FormatException when a run is counted in a merged input and in another one (naming both), or a count
   *     would pass {@link Long#MAX_VALUE}
   */
  static Result merge(List<Input> inputs, Instant now) throws FormatException {
    List<Input> kept = new ArrayList<>();
    List<Input> dropped = new ArrayList<>();
    keepNewestOfEachRun(inputs, kept, dropped);
    Map<String, Report.Rule> rules = new LinkedHashMap<>();
    Map<String, Instant> ruleAt = new HashMap<>();
    Map<String, Set<Report.ResolvedIn>> resolvedIn = new HashMap<>();
    Map<String, RuleResolution> resolution = new HashMap<>();
    Map<Key, Merged> sites = new LinkedHashMap<>();
    List<Report.Run> runs = new ArrayList<>();
    for (Input input : kept) {
      Report report = input.report();
      runs.addAll(report.runs());
      for (Report.Rule rule : report.rules()) {
        Instant at = ruleAt.get(rule.id());
        if (at == null || report.generatedAt().isAfter(at)) {
          rules.put(rule.id(), rule);
          ruleAt.put(rule.id(), report.generatedAt());
        }
        resolvedIn.computeIfAbsent(rule.id(), k -> new LinkedHashSet<>()).addAll(rule.resolvedIn());
        resolution.merge(rule.id(), rule.resolution() == null ? RuleResolution.UNRESOLVED : rule.resolution(),
            ReportMergeBeforeStreaming::strongest);
      }
      for (Report.Site s : report.callSites()) {
        Key key = new Key(s.rule(), s.className(), s.method(), s.descriptor(), s.line(), s.use(), s.member());
        Merged m = sites.computeIfAbsent(key, k -> new Merged(s));
        m.count = add(m.count, s.count(), input, s);
        for (Map.Entry<Stage, Long> e : s.countsByStage().entrySet()) {
          m.byStage.put(e.getKey(), add(m.byStage.getOrDefault(e.getKey(), 0L), e.getValue(), input, s));
        }
        m.firstCallAt = earliest(m.firstCallAt, s.firstCallAt());
        m.lastSeenAt = latest(m.lastSeenAt, s.lastSeenAt() != null ? s.lastSeenAt()
            : s.count() > 0 ? report.generatedAt() : null);
        if (s.stage() != null && (m.stageAt == null || !report.generatedAt().isBefore(m.stageAt))) {
          m.stage = s.stage();
          m.stageAt = report.generatedAt();
          m.rolledBackAt = s.rolledBackAt();
          m.rollbackReason = s.rollbackReason();
        }
        if (s.codeSource() != null) {
          m.codeSources.add(s.codeSource());
        }
        m.codeSources.addAll(s.codeSources());
        m.methodReference |= s.methodReference();
        m.via = m.via != null ? m.via : s.via();
        m.calledThrough = m.calledThrough != null ? m.calledThrough : s.calledThrough();
        m.file = m.file != null ? m.file : s.file();
      }
    }
    List<Report.Rule> ruleList = new ArrayList<>();
    for (Report.Rule r : rules.values()) {
      ruleList.add(new Report.Rule(r.id(), r.legacy(), r.replacement(), r.stage(), r.configuredStage(), r.message(),
          r.source(), r.line(), resolution.get(r.id()), new ArrayList<>(resolvedIn.get(r.id())), r.schedule(),
          r.withoutCounterpart()));
    }
    List<Merged> ordered = new ArrayList<>(sites.values());
    ordered.sort(Comparator.comparing((Merged m) -> m.first.rule()).thenComparing(m -> m.first.className())
        .thenComparing(m -> m.first.method()).thenComparingInt(m -> m.first.line())
        .thenComparing(m -> Objects.toString(m.first.descriptor(), "")).thenComparing(m -> m.first.use())
        .thenComparing(m -> Objects.toString(m.first.member(), "")));
    List<Report.Site> siteList = new ArrayList<>(ordered.size());
    for (Merged m : ordered) {
      Report.Site f = m.first;
      String codeSource = f.codeSource() != null ? f.codeSource()
          : m.codeSources.isEmpty() ? null : m.codeSources.iterator().next();
      siteList.add(new Report.Site(f.rule(), f.className(), f.method(), f.descriptor(), m.file, f.line(), codeSource,
          m.count, m.stage, m.byStage, m.firstCallAt, m.lastSeenAt, m.methodReference, m.via, m.calledThrough,
          m.codeSources.size() > 1 ? new ArrayList<>(m.codeSources) : List.of(), f.use(), f.member(), m.rolledBackAt,
          m.rollbackReason));
    }
    List<Report.MergedFrom> from = new ArrayList<>();
    for (Input i : kept) {
      from.add(new Report.MergedFrom(i.file(), i.report().generatedAt()));
    }
    return new Result(new Report(now, runs, ruleList, siteList, from), kept, dropped);
  }

  /**
   * Of the single-run inputs of one run, keeps the newest; refuses a run that a merged input counts together with
   * another input.
   */
  private static void keepNewestOfEachRun(List<Input> inputs, List<Input> kept, List<Input> dropped)
      throws FormatException {
    Map<String, Input> newestSingle = new HashMap<>();
    Map<String, Input> inMerged = new HashMap<>();
    for (Input input : inputs) {
      List<Report.Run> runs = input.report().runs();
      for (Report.Run run : runs) {
        if (run.id() == null) {
          continue; // an older agent's report: a run of its own
        }
        Input other = inMerged.get(run.id());
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
          Input previous = newestSingle.get(run.id());
          if (previous == null || newer(input, previous)) {
            newestSingle.put(run.id(), input);
          }
        }
      }
    }
    for (Input input : inputs) {
      List<Report.Run> runs = input.report().runs();
      if (runs.size() == 1 && runs.get(0).id() != null && newestSingle.get(runs.get(0).id()) != input) {
        dropped.add(input);
      } else {
        kept.add(input);
      }
    }
  }

  /** Whether {@code a} is a later report of its run than {@code b}: written later, or at exit. */
  private static boolean newer(Input a, Input b) {
    Report.Run ar = a.report().runs().get(0);
    Report.Run br = b.report().runs().get(0);
    int byTime = ar.lastReportAt().compareTo(br.lastReportAt());
    if (byTime == 0) {
      byTime = a.report().generatedAt().compareTo(b.report().generatedAt());
    }
    return byTime > 0 || byTime == 0 && ar.exitReport() && !br.exitReport();
  }

  private static long add(long a, long b, Input input, Report.Site site) throws FormatException {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException e) {
      throw new FormatException(input.file(), "the counts of " + site.className() + "." + site.method() + " (line "
          + site.line() + ", rule " + site.rule() + ") sum past " + Long.MAX_VALUE);
    }
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
