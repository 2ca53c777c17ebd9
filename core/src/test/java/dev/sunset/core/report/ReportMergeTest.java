package dev.sunset.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sunset.core.format.FormatException;
import dev.sunset.core.format.Report;
import dev.sunset.core.format.RuleResolution;
import dev.sunset.core.rules.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportMergeTest {
  static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  static Report report(String runId, Instant at, boolean exit, long count) {
    List<Report.RunRule> rules = List.of(new Report.RunRule("create", "a.B#c()", RuleResolution.RESOLVED));
    return new Report(at, List.of(new Report.Run(runId, 1L, T0, T0, false, at, exit, rules)),
        List.of(new Report.Rule("create", "a.B#c()", null, Stage.OBSERVE, Stage.OBSERVE, "", null, 0,
            RuleResolution.RESOLVED, List.of(), Map.of())),
        List.of(new Report.Site("create", "com.acme.A", "run", "()V", "A.java", 3, "app.jar", count, Stage.OBSERVE,
            Map.of(Stage.OBSERVE, count), T0, null, false, null, null, List.of())), List.of());
  }

  static ReportMerge.Result merge(ReportMerge.Input... inputs) throws FormatException {
    return ReportMerge.merge(List.of(inputs), T0.plusSeconds(86_400));
  }

  @Test
  void reportsOfDifferentRunsAreSummedAndEveryRunIsKept() throws Exception {
    ReportMerge.Result r = merge(new ReportMerge.Input("a.json", report("a", T0.plusSeconds(10), true, 5)),
        new ReportMerge.Input("b.json", report("b", T0.plusSeconds(20), false, 7)));

    assertThat(r.report().callSites()).singleElement().satisfies(s -> {
      assertThat(s.count()).isEqualTo(12);
      assertThat(s.countsByStage()).containsEntry(Stage.OBSERVE, 12L);
      assertThat(s.lastSeenAt()).isEqualTo(T0.plusSeconds(20));
    });
    assertThat(r.report().runs()).extracting(Report.Run::id).containsExactly("a", "b");
    assertThat(r.dropped()).isEmpty();
  }

  @Test
  void ofSeveralReportsOfOneRunOnlyTheNewestCountsBecauseCountsAreCumulative() throws Exception {
    ReportMerge.Input early = new ReportMerge.Input("early.json", report("a", T0.plusSeconds(10), false, 5));
    ReportMerge.Input atExit = new ReportMerge.Input("exit.json", report("a", T0.plusSeconds(30), true, 9));

    ReportMerge.Result r = merge(atExit, early);

    assertThat(r.report().callSites().get(0).count()).isEqualTo(9);
    assertThat(r.kept()).containsExactly(atExit);
    assertThat(r.dropped()).containsExactly(early);
    assertThat(r.report().runs()).singleElement().satisfies(run -> assertThat(run.exitReport()).isTrue());
  }

  @Test
  void aRunCountedInAMergedReportAndAgainInAnotherInputIsRefusedRatherThanCountedTwice() throws Exception {
    Report fleet = merge(new ReportMerge.Input("a.json", report("a", T0.plusSeconds(10), false, 5)),
        new ReportMerge.Input("b.json", report("b", T0.plusSeconds(10), false, 5))).report();

    assertThatThrownBy(() -> merge(new ReportMerge.Input("fleet.json", fleet),
        new ReportMerge.Input("a-later.json", report("a", T0.plusSeconds(60), true, 8))))
        .isInstanceOf(FormatException.class)
        .hasMessage("a-later.json: counts the JVM run a (process 1) that fleet.json counts too, and one of them is a "
            + "merged report: its calls cannot be told apart and would be counted twice; merge each run's newest "
            + "report once");
  }

  @Test
  void countsThatWouldSumPastTheLargestLongAreRefusedNotWrapped() {
    assertThatThrownBy(() -> merge(new ReportMerge.Input("a.json", report("a", T0, true, Long.MAX_VALUE)),
        new ReportMerge.Input("b.json", report("b", T0, true, 1))))
        .isInstanceOf(FormatException.class)
        .hasMessage("b.json: the counts of com.acme.A.run (line 3, rule create) sum past 9223372036854775807");
  }

  @Test
  void reportsOfOlderAgentsWithoutRunIdsAreEachARunOfTheirOwn() throws Exception {
    String old = "{\"format\": \"sunset-report/1\", \"generatedAt\": \"2026-12-01T10:00:00Z\", \"rules\": [],"
        + " \"callSites\": [{\"rule\": \"r\", \"class\": \"C\", \"method\": \"m\", \"line\": 1, \"count\": 2}]}";

    ReportMerge.Result r = merge(new ReportMerge.Input("1.json", Report.parse(old, "1.json")),
        new ReportMerge.Input("2.json", Report.parse(old, "2.json")));

    assertThat(r.report().callSites().get(0).count()).isEqualTo(4);
    assertThat(r.report().runs()).hasSize(2);
  }
}
