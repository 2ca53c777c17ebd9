package dev.sunset.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report written at exit counts every call the application made before the JVM ended, its own shutdown hooks'
 * included (the JVM runs them all at once, the agent's among them), and the table printed at exit says the same.
 */
class ExitReportIT {
  private static final String APP = "dev.sunset.agent.it.fixtures.ShutdownApp";
  private static final Pattern TOTALS = Pattern.compile(
      "legacy call sites: (\\d+) rules, (\\d+) sites \\((\\d+) never called\\), (\\d+) calls.*");

  @TempDir
  Path dir;

  @Test
  void theReportWrittenAtExitCountsTheCallsOfTheApplicationsOwnShutdownHook() throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule("observe"));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).run(APP, "hook", "10", "1000");

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.values()).as(r.toString()).containsEntry("mainCalls", "10").containsEntry("hookCalls", "1000");
    Map<String, Object> json = Reports.read(report);
    assertThat(Reports.count(Reports.site(json, "clock-now", "main"))).isEqualTo(10);
    assertThat(Reports.count(Reports.site(json, "clock-now", "onShutdown"))).as(r.toString()).isEqualTo(1000);
  }

  @Test
  void theTableAtExitAndTheReportWrittenAtExitGiveTheSameTotals() throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule("observe"), RulesFiles.createRule("observe"));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).run(APP, "hook", "10", "1000");

    Map<String, Object> json = Reports.read(report);
    long reportCalls = 0;
    long neverCalled = 0;
    List<Map<String, Object>> sites = Reports.sitesOf(json, "clock-now");
    for (Map<String, Object> site : sites) {
      reportCalls += Reports.count(site);
      neverCalled += Reports.count(site) == 0 ? 1 : 0;
    }
    String totals = r.agentLines().stream().filter(l -> l.startsWith("legacy call sites: ")).findFirst()
        .orElseThrow(() -> new AssertionError("no table at exit: " + r));
    Matcher m = TOTALS.matcher(totals);
    assertThat(m.matches()).as(totals).isTrue();
    assertThat(Long.parseLong(m.group(4))).as(totals).isEqualTo(reportCalls).isEqualTo(1010);
    assertThat(Long.parseLong(m.group(2))).as(totals).isEqualTo(sites.size());
    assertThat(Long.parseLong(m.group(3))).as(totals).isEqualTo(neverCalled);
  }

  @Test
  void aShutdownHookThatHangsLeavesThePeriodicReportsCountingItsCalls() throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule("observe"));
    Path report = dir.resolve("report.json");
    try (RunningApp app = new RunningApp(ForkedJvm.withAgent("rules=" + rules + ",report=" + report
        + ",reportInterval=200ms").start(APP, "hanging-hook", "500"))) {
      app.awaitStdout("hookDone=500"::equals, 60);

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      long counted = -1;
      while (System.nanoTime() < deadline && counted != 500) {
        if (Files.isRegularFile(report)) {
          counted = Reports.count(Reports.site(Reports.read(report), "clock-now", "onShutdown"));
        }
        Thread.sleep(100);
      }

      assertThat(counted).as("the hook's calls in the report while the hook hangs; stderr=%s", app.stderr())
          .isEqualTo(500);
    }
  }
}
