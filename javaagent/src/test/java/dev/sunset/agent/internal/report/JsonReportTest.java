package dev.sunset.agent.internal.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.CallSiteSnapshot;
import dev.sunset.agent.internal.registry.Reach;
import dev.sunset.agent.internal.registry.ThisRun;
import dev.sunset.core.format.Report;
import dev.sunset.core.io.OutputFile;
import dev.sunset.core.rules.MemberRef;
import dev.sunset.core.rules.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportTest {
  private static final Instant AT = Instant.parse("2026-12-07T10:00:05Z");

  @TempDir
  Path dir;

  private static CallSiteSnapshot oneSite(String method, String file) {
    CallSiteInfo info = new CallSiteInfo(1, "r", MemberRef.Kind.METHOD, "legacy/Api.m()V", "com.acme.A", method, "()V",
        file, 7, "file:/app.jar", Reach.REWRITTEN_CALL, null, null);
    return CallSiteSnapshot.of(AT, List.of(), Map.of(), List.of(CallSiteSnapshot.site(info, Stage.OBSERVE,
        Map.of(Stage.OBSERVE, 3L))));
  }

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

  @Test
  void aMethodNameWithALoneSurrogateIsWrittenAndReadsBackIntact() throws Exception {
    Path report = dir.resolve("report.json");

    JsonReport.write(oneSite("run\uDBFF", "A\u001B[2J.java"), report);

    assertThat(Report.read(report).callSites()).singleElement().satisfies(s -> {
      assertThat(s.method()).isEqualTo("run\uDBFF");
      assertThat(s.file()).isEqualTo("A\u001B[2J.java");
      assertThat(s.count()).isEqualTo(3);
    });
  }

  @Test
  void aLinkPlantedWhereTheTemporaryFileUsedToBeIsNeverFollowed() throws Exception {
    Path report = dir.resolve("report.json");
    Path victim = Files.writeString(dir.resolve("victim"), "keep");
    // the names the report's temporary file had: .NAME.PID.TID.tmp, for the threads a test may run on
    long pid = ProcessHandle.current().pid();
    for (long tid = 0; tid < 200; tid++) {
      Files.createSymbolicLink(dir.resolve(".report.json." + pid + "." + tid + ".tmp"), victim);
    }

    JsonReport.write(oneSite("run", "A.java"), report);

    assertThat(victim).hasContent("keep");
    assertThat(Report.read(report).callSites()).hasSize(1);
  }

  @Test
  void aFifoAsTheReportIsRefusedAndStaysAFifo() throws Exception {
    Path fifo = dir.resolve("report.json");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0);

    assertThatThrownBy(() -> JsonReport.write(oneSite("run", "A.java"), fifo)).isInstanceOf(OutputFile.Refused.class)
        .hasMessageStartingWith("is a FIFO (named pipe), not a regular file");

    assertThat(Files.isRegularFile(fifo)).isFalse();
    assertThat(Files.exists(fifo)).isTrue();
  }
}
