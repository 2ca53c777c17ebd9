package dev.sunset.agent.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReportTest {
  private static final Instant AT = Instant.parse("2026-12-07T10:00:05Z");

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> runsOf(CallSiteSnapshot snapshot) throws Exception {
    return (List<Map<String, Object>>) JSON.std.mapFrom(JsonReport.toJson(snapshot)).get("runs");
  }

  @Test
  void theReportNamesItsRunWithEveryFieldInOrder() throws Exception {
    CallSiteSnapshot snapshot = CallSiteSnapshot.of(AT, List.of(), Map.of(), List.of()).in(
        new CallSiteSnapshot.Run("42-1-abc", 42, Instant.parse("2026-12-07T10:00:00Z"),
            Instant.parse("2026-12-07T10:00:01.200Z"), true, AT, true));

    assertThat(runsOf(snapshot)).singleElement().satisfies(run -> assertThat(run.keySet()).containsExactly("id", "pid",
        "jvmStartedAt", "agentStartedAt", "attachedLate", "lastReportAt", "exitReport")).isEqualTo(Map.of(
        "id", "42-1-abc", "pid", 42, "jvmStartedAt", "2026-12-07T10:00:00Z", "agentStartedAt", "2026-12-07T10:00:01.200Z",
        "attachedLate", true, "lastReportAt", "2026-12-07T10:00:05Z", "exitReport", true));
  }

  @Test
  void aJvmStartTheSystemDoesNotGiveIsLeftOut() throws Exception {
    CallSiteSnapshot snapshot = CallSiteSnapshot.of(AT, List.of(), Map.of(), List.of()).in(
        new CallSiteSnapshot.Run("42-1-abc", 42, null, AT, false, AT, false));

    assertThat(runsOf(snapshot)).singleElement().satisfies(run -> assertThat(run).doesNotContainKey("jvmStartedAt")
        .containsEntry("exitReport", false));
  }

  @Test
  void thisRunKeepsItsIdAcrossReportsAndMarksOnlyTheOneAskedForAsTheExitReport() {
    ThisRun run = ThisRun.startingNow(false);

    CallSiteSnapshot.Run periodic = run.at(AT, false);
    CallSiteSnapshot.Run last = run.at(AT.plusSeconds(10), true);

    assertThat(last.id()).isEqualTo(periodic.id()).startsWith(ProcessHandle.current().pid() + "-");
    assertThat(periodic.pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(periodic.exitReport()).isFalse();
    assertThat(last.exitReport()).isTrue();
    assertThat(last.lastReportAt()).isEqualTo(AT.plusSeconds(10));
    assertThat(ThisRun.startingNow(false).at(AT, false).id()).isNotEqualTo(periodic.id());
  }
}
