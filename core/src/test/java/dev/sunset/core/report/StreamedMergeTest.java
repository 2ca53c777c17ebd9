package dev.sunset.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sunset.core.format.FormatException;
import dev.sunset.core.format.Report;
import dev.sunset.core.format.ReportStream;
import dev.sunset.core.format.RuleResolution;
import dev.sunset.core.format.Use;
import dev.sunset.core.format.Via;
import dev.sunset.core.rules.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports merged as a stream from files ({@link ReportMerge#read}) give the merge that holding every report in
 * memory gave ({@link ReportMergeBeforeStreaming}, the implementation before, kept as the oracle): the same merged
 * report to the byte, the same reports kept and left out, the same refusal word for word. On the golden reports, and
 * on report sets jqwik makes: sites drawn from a small pool so that they meet (with every field a site may have),
 * runs that repeat (a run's older report left out), merged reports among the inputs (a run counted twice), counts
 * that sum past the largest long, and reports written at the same instant.
 */
class StreamedMergeTest {
  static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  static final Instant NOW = Instant.parse("2026-12-20T00:00:00Z");

  @TempDir
  Path dir;

  /** What a merge gave: the merged report's text and which files it kept and left out; or its refusal. */
  record Outcome(String json, List<String> kept, List<String> dropped, String refusal) {}

  /** A merge of files: the merged report, and the files it kept and left out. */
  @FunctionalInterface
  interface Merge {
    Outcome of(List<Path> files) throws FormatException;
  }

  /** What {@code merge} gives for {@code files}, its refusal included. */
  static Outcome outcome(Merge merge, List<Path> files) {
    try {
      return merge.of(files);
    } catch (FormatException e) {
      return new Outcome(null, null, null, e.getMessage());
    }
  }

  static Outcome oracle(List<Path> files) {
    return outcome(f -> {
      List<ReportMergeBeforeStreaming.Input> inputs = new ArrayList<>();
      for (Path p : f) {
        inputs.add(new ReportMergeBeforeStreaming.Input(p.toString(), Report.read(p)));
      }
      ReportMergeBeforeStreaming.Result r = ReportMergeBeforeStreaming.merge(inputs, NOW);
      return new Outcome(r.report().toJson(), r.kept().stream().map(ReportMergeBeforeStreaming.Input::file).toList(),
          r.dropped().stream().map(ReportMergeBeforeStreaming.Input::file).toList(), null);
    }, files);
  }

  static Outcome streamed(List<Path> files) {
    return outcome(f -> {
      ReportMerge.Merged r = ReportMerge.read(f, NOW);
      return new Outcome(r.report().toJson(), r.kept().stream().map(ReportMerge.Source::file).toList(),
          r.dropped().stream().map(ReportMerge.Source::file).toList(), null);
    }, files);
  }

  /** The merge of reports held in memory, which the streamed one shares its folding with. */
  static Outcome inMemory(List<Path> files) {
    return outcome(f -> {
      List<ReportMerge.Input> inputs = new ArrayList<>();
      for (Path p : f) {
        inputs.add(new ReportMerge.Input(p.toString(), Report.read(p)));
      }
      ReportMerge.Result r = ReportMerge.merge(inputs, NOW);
      return new Outcome(r.report().toJson(), r.kept().stream().map(ReportMerge.Input::file).toList(),
          r.dropped().stream().map(ReportMerge.Input::file).toList(), null);
    }, files);
  }

  private Path golden(String name) throws IOException {
    try (InputStream in = StreamedMergeTest.class.getResourceAsStream("/dev/sunset/core/format/" + name)) {
      assertThat(in).as(name).isNotNull();
      return Files.write(dir.resolve(name), in.readAllBytes());
    }
  }

  @Test
  void theGoldenReportsMergeAsTheyDidWhenEveryReportWasHeldInMemory() throws Exception {
    Path report = golden("report.json");
    Path merged = golden("merged-report.json");
    Path old = golden("report-before-runs.json");
    Path oldAgain = Files.copy(old, dir.resolve("again.json"));

    for (List<Path> files : List.of(List.of(report), List.of(report, merged), List.of(merged, old, report),
        List.of(old, oldAgain), List.of(report, report), List.of(merged, merged), List.of(merged, old),
        List.of(old, report, oldAgain))) {
      Outcome expected = oracle(files);
      assertThat(streamed(files)).as("%s", files).isEqualTo(expected);
      assertThat(inMemory(files)).as("%s", files).isEqualTo(expected);
    }
    assertThat(streamed(List.of(merged, old)).json()).contains("\"mergedFrom\"");
    assertThat(streamed(List.of(report, merged)).refusal()).contains("counts the JVM run 4711-1796637300000");
  }

  @Test
  void aReportWhoseRunsComeAfterItsSitesIsMergedTheSame() throws Exception {
    Path report = golden("report.json");
    String text = Files.readString(report);
    int runs = text.indexOf("  \"runs\"");
    int rules = text.indexOf("  \"rules\"");
    int end = text.lastIndexOf('}');
    String runsField = text.substring(runs, rules).trim(); // "runs" : [ ... ],
    String moved = text.substring(0, runs) + text.substring(rules, end).stripTrailing() + ",\n  "
        + runsField.substring(0, runsField.length() - 1) + "\n}\n";
    Path reordered = Files.writeString(dir.resolve("reordered.json"), moved);
    assertThat(Report.read(reordered)).isEqualTo(Report.read(report));

    Outcome expected = oracle(List.of(reordered, golden("merged-report.json")));
    assertThat(streamed(List.of(reordered, golden("merged-report.json")))).isEqualTo(expected);
  }

  @Property(tries = 150)
  void aStreamedMergeOfGeneratedReportsIsTheInMemoryMergeToTheByte(@ForAll("fleets") List<Report> reports)
      throws Exception {
    Path fleet = Files.createTempDirectory("fleet");
    try {
      List<Path> files = new ArrayList<>();
      for (int i = 0; i < reports.size(); i++) {
        files.add(Files.writeString(fleet.resolve("report-" + i + ".json"), reports.get(i).toJson()));
      }
      Outcome expected = oracle(files);

      assertThat(streamed(files)).isEqualTo(expected);
      assertThat(inMemory(files)).isEqualTo(expected);
    } finally {
      try (Stream<Path> walk = Files.walk(fleet)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @Provide
  Arbitrary<List<Report>> fleets() {
    return report().list().ofMinSize(1).ofMaxSize(6);
  }

  /** A report of one run (of few ids, so that runs repeat), of two (a merged one), or of a run without an id. */
  private Arbitrary<Report> report() {
    Arbitrary<Integer> minutes = Arbitraries.integers().between(0, 4);
    Arbitrary<List<String>> runIds = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.of("a", "b", "c").map(List::of)),
        Tuple.of(1, Arbitraries.of("a", "b", "d").list().ofSize(2).uniqueElements()),
        Tuple.of(2, Arbitraries.just(Collections.singletonList((String) null))));
    Arbitrary<Integer> lastReport = Arbitraries.integers().between(-1, 1);
    Arbitrary<Boolean> exit = Arbitraries.of(true, false);
    return Combinators.combine(minutes, runIds, lastReport, exit, rule().list().ofMaxSize(3), site().list()
        .ofMaxSize(8)).as((m, ids, last, atExit, rules, sites) -> {
          Instant at = T0.plusSeconds(60L * m);
          List<Report.Run> runs = new ArrayList<>();
          for (String id : ids) {
            runs.add(new Report.Run(id, id == null ? null : (long) id.charAt(0), T0.minusSeconds(600), null, false,
                at.plusSeconds(30L * last), atExit, List.of(new Report.RunRule("r1", "a.B#c()",
                RuleResolution.RESOLVED))));
          }
          return new Report(at, runs, rules, sites, List.of());
        });
  }

  private Arbitrary<Report.Rule> rule() {
    return Combinators.combine(Arbitraries.of("r1", "r2", "r3"), Arbitraries.of(Stage.values()).injectNull(0.3),
        Arbitraries.of(RuleResolution.values()).injectNull(0.3), Arbitraries.of(
            new Report.ResolvedIn("app", "file:/a.jar"), new Report.ResolvedIn("plugin", "file:/p.jar"))
            .list().ofMaxSize(2).uniqueElements(), Arbitraries.of("", "Use the new one").injectNull(0.3),
        Arbitraries.of(true, false))
        .as((id, stage, resolution, in, message, scheduled) -> new Report.Rule(id, "a.B#" + id + "()", null, stage,
            Stage.OBSERVE, message, "rules.yaml", 3, resolution, in, scheduled ? Map.of(Stage.DENY,
                LocalDate.parse("2027-01-01")) : Map.of()));
  }

  /** A site of a small pool of keys, with every field drawn; now and then a count near half the largest long. */
  private Arbitrary<Report.Site> site() {
    Arbitrary<String> rule = Arbitraries.of("r1", "r2");
    Arbitrary<String> cls = Arbitraries.of("com.acme.A", "com.acme.B");
    Arbitrary<String> method = Arbitraries.of("run", "stop");
    Arbitrary<Integer> line = Arbitraries.integers().between(0, 2);
    Arbitrary<String> descriptor = Arbitraries.of("()V", "").injectNull(0.3);
    Arbitrary<Use> use = Arbitraries.of(Use.CALL, Use.CALL, Use.NEW);
    Arbitrary<String> member = Arbitraries.of("<init>()", "").injectNull(0.6);
    Arbitrary<Long> count = Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.longs().between(0, 50)),
        Tuple.of(1, Arbitraries.longs().between(Long.MAX_VALUE / 2 - 5, Long.MAX_VALUE / 2)));
    Arbitrary<Instant> time = Arbitraries.integers().between(0, 300).map(s -> T0.plusSeconds(s)).injectNull(0.3);
    Arbitrary<Stage> stage = Arbitraries.of(Stage.values()).injectNull(0.2);
    Arbitrary<String> codeSource = Arbitraries.of("file:/a.jar", "file:/b.jar").injectNull(0.2);
    Arbitrary<List<String>> codeSources = Arbitraries.of("file:/a.jar", "file:/c.jar").list().ofMaxSize(2)
        .uniqueElements();
    Arbitrary<Via> via = Arbitraries.of(Via.values()).injectNull(0.6);
    Arbitrary<String> text = Arbitraries.of("A.java", "Sub").injectNull(0.5);
    Arbitrary<Boolean> flag = Arbitraries.of(true, false);
    Arbitrary<Site> key = Combinators.combine(rule, cls, method, line, descriptor, use, member).as(Site::new);
    Arbitrary<Extra> extra = Combinators.combine(stage, codeSource, codeSources, via, text, text, flag)
        .as(Extra::new);
    return Combinators.combine(key, extra, count, Arbitraries.longs().between(0, 40), time, time, time)
        .as((k, e, c, split, first, last, rolled) -> {
          Map<Stage, Long> byStage = new EnumMap<>(Stage.class);
          if (c > 0) {
            byStage.put(Stage.OBSERVE, Math.min(c, split));
            if (c > split) {
              byStage.put(Stage.REDIRECT, c - split);
            }
          }
          return new Report.Site(k.rule(), k.cls(), k.method(), k.descriptor(), e.file(), k.line(), e.codeSource(), c,
              e.stage(), byStage, first, last, e.methodReference(), e.via(), e.calledThrough(), e.codeSources(),
              k.use(), k.member(), rolled, rolled == null ? null : "7 of 120 redirected calls threw");
        });
  }

  private record Site(String rule, String cls, String method, Integer line, String descriptor, Use use,
      String member) {}

  private record Extra(Stage stage, String codeSource, List<String> codeSources, Via via, String file,
      String calledThrough, Boolean methodReference) {}

  @Test
  void aCountPastTheLargestLongNamesTheReportWhereTheSumWouldPassIt() throws Exception {
    Report a = ReportMergeTest.report("a", T0, true, Long.MAX_VALUE);
    Report b = ReportMergeTest.report("b", T0, true, 1);
    List<Path> files = List.of(Files.writeString(dir.resolve("a.json"), a.toJson()),
        Files.writeString(dir.resolve("b.json"), b.toJson()));

    assertThat(streamed(files).refusal()).isEqualTo(dir.resolve("b.json")
        + ": the counts of com.acme.A.run (line 3, rule create) sum past 9223372036854775807")
        .isEqualTo(oracle(files).refusal());
  }

  @Test
  void ofSeveralBadReportsTheFirstInTheOrderGivenIsNamedAsWhenAllWereReadFirst() throws Exception {
    Path good = Files.writeString(dir.resolve("good.json"), ReportMergeTest.report("a", T0, true, 1).toJson());
    Path badSite = Files.writeString(dir.resolve("bad-site.json"), ReportMergeTest.report("b", T0, true, 1).toJson()
        .replace("\"count\" : 1,", "\"count\" : -1,"));
    Path badHead = Files.writeString(dir.resolve("bad-head.json"), ReportMergeTest.report("c", T0, true, 1).toJson()
        .replace("\"generatedAt\" : \"2026-12-01T00:00:00Z\"", "\"generatedAt\" : \"yesterday\""));

    assertThat(streamed(List.of(good, badSite, badHead)).refusal())
        .isEqualTo(badSite + ": callSites[0].count is not a whole number from 0 to 9223372036854775807")
        .isEqualTo(oracleOrReadProblem(List.of(good, badSite, badHead)));
    assertThat(streamed(List.of(good, badHead, badSite)).refusal())
        .isEqualTo(badHead + ": generatedAt is not a time such as 2026-11-21T10:00:00Z")
        .isEqualTo(oracleOrReadProblem(List.of(good, badHead, badSite)));
  }

  /** What reading every file, then merging, said first. */
  private static String oracleOrReadProblem(List<Path> files) {
    for (Path f : files) {
      try {
        Report.read(f);
      } catch (FormatException e) {
        return e.getMessage();
      }
    }
    return oracle(files).refusal();
  }

  @Test
  void aReportThatChangesBetweenItsTwoReadsIsRefusedNotMergedHalfAndHalf() throws Exception {
    Path a = Files.writeString(dir.resolve("a.json"), ReportMergeTest.report("a", T0, false, 1).toJson());
    Path b = Files.writeString(dir.resolve("b.json"), ReportMergeTest.report("b", T0, false, 1).toJson());

    assertThatThrownBy(() -> ReportMerge.read(List.of(a, b), NOW,
        new ReportMerge.Listener() {
          @Override
          public void heads(List<ReportStream.Head> heads) {
            try { // the agent writes its next report while the merge reads
              Files.writeString(b, ReportMergeTest.report("b", T0.plusSeconds(60), true, 9).toJson(),
                  StandardCharsets.UTF_8);
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
          }
        })).isInstanceOf(FormatException.class).hasMessageStartingWith(b + ": changed while it was merged");
  }
}
