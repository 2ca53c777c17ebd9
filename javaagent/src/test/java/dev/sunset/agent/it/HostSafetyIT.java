package dev.sunset.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent changes nothing about the host beyond the calls its rules name. */
class HostSafetyIT {
  private static final String APP = "dev.sunset.agent.it.fixtures.CallerApp";

  @TempDir
  Path dir;

  @Test
  void theAgentDoesNotOpenJavaLangToTheApplication() throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule("redirect"));

    ForkedJvm.Result without = ForkedJvm.withoutAgent().run(APP, "access");
    ForkedJvm.Result with = ForkedJvm.withAgent("rules=" + rules + ",report=none").run(APP, "access");

    assertThat(without.values()).containsEntry("openJavaLang", "false");
    assertThat(with.values()).as(with.toString()).containsEntry("openJavaLang", "false");
    assertThat(with.agentLines()).noneMatch(l -> l.contains("dispatcher"));
  }

  @Test
  void aNullReceiverThrowsNullPointerExceptionWhateverTheReplacementTakes() throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule("redirect"), RulesFiles.describeRule("redirect"));

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=none").run(APP, "null-receiver");

    assertThat(r.values().get("nullDescribe")).startsWith("java.lang.NullPointerException|");
    assertThat(r.values().get("nullNow")).startsWith("java.lang.NullPointerException|");
    assertThat(r.values()).containsEntry("modernRuns", "0");
  }

  @Test
  void aReplacementThatFallsBackToTheLegacyMethodRunsItInsteadOfRecursing() throws Exception {
    Path rules = RulesFiles.write(dir, "  - id: clock-describe\n"
        + "    legacy: " + RulesFiles.FIX + "LegacyClock#describe(java.lang.String)\n"
        + "    replacement: " + RulesFiles.FIX + "ModernClock#describeOrFallBack(" + RulesFiles.FIX
        + "LegacyClock, java.lang.String)\n"
        + "    stage: redirect\n");

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=none").run(APP, "fallback");

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.values()).containsEntry("fallback", "fallback:legacy-utc").containsEntry("modernRuns", "1")
        .containsEntry("legacyRuns", "1");
  }

  @Test
  void aReplacementThatFallsBackToTheLegacyMethodWhenReachedThroughTheGuardRunsItInsteadOfRecursing()
      throws Exception {
    // ModernClock replaces two rules' legacy methods; its fallback is the business of the rule it replaces
    Path rules = RulesFiles.write(dir, "  - id: clock-describe\n"
        + "    legacy: " + RulesFiles.FIX + "LegacyClock#describe(java.lang.String)\n"
        + "    replacement: " + RulesFiles.FIX + "ModernClock#describeOrFallBack(" + RulesFiles.FIX
        + "LegacyClock, java.lang.String)\n"
        + "    stage: redirect\n", RulesFiles.nowRule("redirect"));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).run(APP, "fallback-reflection");

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.values()).containsEntry("fallback", "fallback:legacy-utc").containsEntry("modernRuns", "1")
        .containsEntry("legacyRuns", "1");
    // the one call counted is the application's; the replacement's fallback is neither a site nor a count
    List<Map<String, Object>> sites = Reports.sitesOf(Reports.read(report), "clock-describe");
    assertThat(sites).filteredOn(s -> Reports.count(s) > 0).singleElement().satisfies(site ->
        assertThat(site).containsEntry("class", RulesFiles.FIX + "CallerApp").containsEntry("via", "reflection")
            .containsEntry("count", 1));
    assertThat(sites).noneMatch(s -> String.valueOf(s.get("class")).endsWith("ModernClock"));
  }
}
