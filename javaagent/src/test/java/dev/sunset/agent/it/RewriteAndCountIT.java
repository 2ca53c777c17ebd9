package dev.sunset.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;

/** The agent jar attached to forked JVMs rewrites legacy calls and counts them exactly. */
class RewriteAndCountIT {
  private static final String APP = "dev.sunset.agent.it.fixtures.CallerApp";

  @TempDir
  Path dir;

  @Test
  void observeRunsTheLegacyMethodAndCountsIt() throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.createRule("observe"), RulesFiles.nowRule("observe"),
        RulesFiles.describeRule("observe"));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).run(APP, "once");

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.values()).containsEntry("now", "legacy:utc:3").containsEntry("describe", ">legacy-utc")
        .containsEntry("legacyRuns", "3").containsEntry("modernRuns", "0");
    Map<String, Object> json = Reports.read(report);
    assertThat(Reports.count(Reports.site(json, "clock-create", "once"))).isEqualTo(1);
    assertThat(Reports.site(json, "clock-now", "once")).containsEntry("stage", "observe")
        .containsEntry("file", "CallerApp.java").containsEntry("class", "dev.sunset.agent.it.fixtures.CallerApp");
  }

  @Test
  void redirectRunsTheReplacementInsteadForEverySignatureForm() throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.createRule("redirect"), RulesFiles.nowRule("redirect"),
        RulesFiles.describeRule("redirect"));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).run(APP, "once");

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.values()).containsEntry("now", "modern:3").containsEntry("describe", ">modern-utc")
        .containsEntry("legacyRuns", "0").containsEntry("modernRuns", "3");
    Map<String, Object> json = Reports.read(report);
    assertThat(Reports.site(json, "clock-describe", "once")).containsEntry("stage", "redirect");
    assertThat(Reports.count(Reports.site(json, "clock-describe", "once"))).isEqualTo(1);
  }

  @Test
  void withoutTheAgentTheLegacyMethodsRun() throws Exception {
    ForkedJvm.Result r = ForkedJvm.withoutAgent().run(APP, "once");

    assertThat(r.values()).containsEntry("legacyRuns", "3").containsEntry("modernRuns", "0");
  }

  @Test
  void countsAreExactWithEightThreadsOnOneCallSiteAndAnUncalledSiteIsListedWithZero() throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule("redirect"));
    Path report = dir.resolve("report.json");
    int threads = 8;
    int calls = 250_000;

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=" + report)
        .run(APP, "threads", String.valueOf(threads), String.valueOf(calls));

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.values()).containsEntry("calls", String.valueOf(threads * calls));
    Map<String, Object> json = Reports.read(report);
    Map<String, Object> shared = Reports.site(json, "clock-now", "sharedSite");
    assertThat(Reports.count(shared)).isEqualTo((long) threads * calls);
    assertThat(Reports.count(Reports.site(json, "clock-now", "neverRun"))).isZero();
    assertThat(r.agentLines()).anyMatch(l -> l.endsWith(" " + (threads * calls) + "  redirect  clock-now  "
        + "dev.sunset.agent.it.fixtures.CallerApp.sharedSite(CallerApp.java:" + shared.get("line") + ")"));
  }

  @Test
  @EnabledForJreRange(min = JRE.JAVA_21)
  void countsAreExactWithAHundredThousandVirtualThreadsOnOneCallSite() throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule("redirect"));
    Path report = dir.resolve("report.json");
    int threads = 100_000;
    int calls = 20;

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=" + report)
        .run(APP, "virtual-threads", String.valueOf(threads), String.valueOf(calls));

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.values()).containsEntry("calls", String.valueOf((long) threads * calls));
    assertThat(Reports.count(Reports.site(Reports.read(report), "clock-now", "sharedSite")))
        .isEqualTo((long) threads * calls);
  }

  @Test
  void methodReferencesToALegacyMethodAreRewrittenAndCounted() throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.createRule("redirect"));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).run(APP, "method-reference");

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.values()).containsEntry("referenced", "last").containsEntry("legacyRuns", "0")
        .containsEntry("modernRuns", "6");
    Map<String, Object> site = Reports.site(Reports.read(report), "clock-create", "methodReference");
    assertThat(site).containsEntry("methodReference", true);
    assertThat(Reports.count(site)).isEqualTo(6);
  }

  @Test
  void optionsCanComeFromSystemPropertiesAndEnvironment() throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule("redirect"));
    Path fromProperty = dir.resolve("by-property.json");
    Path fromEnv = dir.resolve("by-env.json");

    ForkedJvm.Result byProperty = ForkedJvm.withAgent("").jvmArg("-Dsunset.rules=" + rules)
        .jvmArg("-Dsunset.report=" + fromProperty).run(APP, "once");
    ForkedJvm.Result byEnv = ForkedJvm.withAgent("").env("SUNSET_RULES", rules.toString())
        .env("SUNSET_REPORT", fromEnv.toString()).run(APP, "once");

    assertThat(byProperty.values()).containsEntry("now", "modern:3");
    assertThat(byEnv.values()).containsEntry("now", "modern:3");
    assertThat(Reports.count(Reports.site(Reports.read(fromProperty), "clock-now", "once"))).isEqualTo(1);
    assertThat(Reports.count(Reports.site(Reports.read(fromEnv), "clock-now", "once"))).isEqualTo(1);
  }

  @Test
  void theReportIsRewrittenPeriodicallyWhileTheApplicationRuns() throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule("observe"));
    Path report = dir.resolve("report.json");
    Process p = ForkedJvm.withAgent("rules=" + rules + ",report=" + report + ",reportInterval=200ms")
        .start(APP, "loop", "20000");
    try {
      long deadline = System.currentTimeMillis() + 15_000;
      long seen = 0;
      while (System.currentTimeMillis() < deadline && seen == 0) {
        Thread.sleep(100);
        if (Files.exists(report)) { // the first reports may come before the calling class has loaded
          seen = Reports.sitesOf(Reports.read(report), "clock-now").stream().filter(s -> "loop".equals(s.get("method")))
              .mapToLong(Reports::count).sum();
        }
      }
      assertThat(seen).as("calls in a report written while running").isPositive();
    } finally {
      p.destroy();
      p.waitFor();
    }
  }
}
