package dev.sunset.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every report says which JVM run it comes from ({@code runs}): an id of its own, the same in all of the run's
 * reports, the process, when the JVM and the agent started, whether the agent was attached late, when the report was
 * written, and whether it is the report written at exit.
 */
class RunMetadataIT {
  private static final String APP = "dev.sunset.agent.it.fixtures.LateAttachApp";

  @TempDir
  Path dir;

  @SuppressWarnings("unchecked")
  private static Map<String, Object> onlyRun(Map<String, Object> report) {
    assertThat(report).containsKey("runs");
    List<Object> runs = (List<Object>) report.get("runs");
    assertThat(runs).hasSize(1);
    return (Map<String, Object>) runs.get(0);
  }

  private static Map<String, Object> awaitReport(Path report) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (Files.isRegularFile(report)) {
        return Reports.read(report);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no report at " + report);
  }

  @Test
  void periodicReportsAndTheReportAtExitNameTheSameRunAndOnlyTheLastIsTheExitReport() throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule("observe"));
    Path report = dir.resolve("report.json");
    Map<String, Object> periodic;
    Map<String, Object> atExit;
    long pid;
    Instant started = Instant.now();
    try (RunningApp app = new RunningApp(ForkedJvm.withAgent("rules=" + rules + ",report=" + report
        + ",reportInterval=200ms").start(APP))) {
      pid = app.pid();
      app.awaitStdout("ready"::equals, 60);
      periodic = awaitReport(report);
      app.stop();
      atExit = Reports.read(report);
    }

    Map<String, Object> run = onlyRun(periodic);
    Map<String, Object> last = onlyRun(atExit);
    assertThat(run.get("id")).asString().startsWith(pid + "-").hasSizeGreaterThan(String.valueOf(pid).length() + 10);
    assertThat(last.get("id")).isEqualTo(run.get("id"));
    assertThat(((Number) run.get("pid")).longValue()).isEqualTo(pid);
    assertThat(run).containsEntry("attachedLate", false).containsEntry("exitReport", false)
        .containsEntry("lastReportAt", periodic.get("generatedAt"));
    assertThat(last).containsEntry("attachedLate", false).containsEntry("exitReport", true)
        .containsEntry("lastReportAt", atExit.get("generatedAt"))
        .containsEntry("agentStartedAt", run.get("agentStartedAt"))
        .containsEntry("jvmStartedAt", run.get("jvmStartedAt"));
    Instant jvmStartedAt = Instant.parse((String) run.get("jvmStartedAt"));
    Instant agentStartedAt = Instant.parse((String) run.get("agentStartedAt"));
    // the process start time is kept by the system to the clock tick (10 ms), the agent's to the millisecond
    assertThat(jvmStartedAt).isBetween(started.minusSeconds(1), agentStartedAt.plusMillis(20));
    assertThat(agentStartedAt).isBefore(Instant.parse((String) periodic.get("generatedAt")));
    assertThat(Instant.parse((String) periodic.get("generatedAt")))
        .isBeforeOrEqualTo(Instant.parse((String) atExit.get("generatedAt")));
  }

  @Test
  void twoRunsOfTheSameApplicationHaveDifferentIds() throws Exception {
    Path report = dir.resolve("report.json");
    ForkedJvm.Result first = ForkedJvm.withAgent("report=" + report).run("dev.sunset.agent.it.fixtures.CallerApp",
        "once");
    Object firstId = onlyRun(Reports.read(report)).get("id");
    ForkedJvm.Result second = ForkedJvm.withAgent("report=" + report).run("dev.sunset.agent.it.fixtures.CallerApp",
        "once");
    Object secondId = onlyRun(Reports.read(report)).get("id");

    assertThat(first.exitCode).as(first.toString()).isZero();
    assertThat(second.exitCode).as(second.toString()).isZero();
    assertThat(secondId).isNotEqualTo(firstId);
  }

  @Test
  void aReportOfAnAgentAttachedToARunningJvmSaysItWasAttachedLate() throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule("observe"));
    Path report = dir.resolve("report.json");
    Instant beforeAttach;
    try (RunningApp app = new RunningApp(ForkedJvm.withoutAgent().jvmArg("-XX:+EnableDynamicAgentLoading")
        .start(APP))) {
      app.awaitStdout("ready"::equals, 60);
      beforeAttach = Instant.now();
      VirtualMachine vm = VirtualMachine.attach(String.valueOf(app.pid()));
      try {
        vm.loadAgent(ForkedJvm.agentJar().toString(), "rules=" + rules + ",report=" + report);
      } finally {
        vm.detach();
      }
      app.stop();
    }

    Map<String, Object> run = onlyRun(Reports.read(report));
    assertThat(run).containsEntry("attachedLate", true).containsEntry("exitReport", true);
    assertThat(Instant.parse((String) run.get("agentStartedAt")))
        .isAfter(Instant.parse((String) run.get("jvmStartedAt")))
        .isAfterOrEqualTo(beforeAttach.minusMillis(5));
  }
}
