package dev.sunset.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stages change while the application runs: through the rules file, the schedule, and JMX. */
class LiveChangesIT {
  private static final String APP = "dev.sunset.agent.it.fixtures.LiveApp";
  private static final long BOUND_MILLIS = 5000;
  private static final int THREADS = 4;

  @TempDir
  Path dir;

  private Path rulesFile;

  private void writeRules(String text) throws Exception {
    Path temp = dir.resolve("rules.yaml.tmp");
    Files.writeString(temp, text);
    Files.move(temp, rulesFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String rules(String stage) {
    return "rules:\n" + RulesFiles.nowRule(stage);
  }

  @Test
  void aLiveSwitchFromObserveToRedirectToDenyLosesNoCallAndTakesEffectWithinTheBound() throws Exception {
    rulesFile = dir.resolve("rules.yaml");
    writeRules(rules("observe"));
    Path report = dir.resolve("report.json");
    try (RunningApp app = new RunningApp(ForkedJvm.withAgent("rules=" + rulesFile + ",report=" + report)
        .start(APP, String.valueOf(THREADS)))) {
      app.awaitStdout("ready"::equals, 60);
      Thread.sleep(300);

      long toRedirect = System.currentTimeMillis();
      writeRules(rules("redirect"));
      app.awaitAgentLine(l -> l.startsWith("rules reloaded") && l.contains("stage observe -> redirect"), 10);
      Thread.sleep(500);
      long toDeny = System.currentTimeMillis();
      writeRules(rules("deny"));
      app.awaitAgentLine(l -> l.startsWith("rules reloaded") && l.contains("stage redirect -> deny"), 10);
      Thread.sleep(500);
      Map<String, String> totals = app.stop();

      assertThat(totals).containsEntry("other", "0").containsEntry("regressions", "0");
      for (int i = 0; i < THREADS; i++) {
        long firstModern = Long.parseLong(totals.get("thread" + i + ".firstModernAt"));
        long firstDenied = Long.parseLong(totals.get("thread" + i + ".firstDeniedAt"));
        assertThat(firstModern - toRedirect).as("thread %d reached redirect after the edit", i)
            .isBetween(0L, BOUND_MILLIS);
        assertThat(firstDenied - toDeny).as("thread %d reached deny after the edit", i).isBetween(0L, BOUND_MILLIS);
      }
      Map<String, Object> site = Reports.site(Reports.read(report), "clock-now", "run");
      Map<?, ?> byStage = (Map<?, ?>) site.get("countsByStage");
      assertThat(((Number) byStage.get("observe")).longValue()).isEqualTo(Long.parseLong(totals.get("legacy")));
      assertThat(((Number) byStage.get("redirect")).longValue()).isEqualTo(Long.parseLong(totals.get("modern")));
      assertThat(((Number) byStage.get("deny")).longValue()).isEqualTo(Long.parseLong(totals.get("denied")));
      assertThat(Long.parseLong(totals.get("legacy"))).isPositive();
    }
  }

  @Test
  void aRuleEditedToNameAnotherLegacyMethodReleasesTheSitesOfTheOldOne() throws Exception {
    rulesFile = dir.resolve("rules.yaml");
    writeRules(rules("redirect"));
    try (RunningApp app = new RunningApp(ForkedJvm.withAgent("rules=" + rulesFile + ",report=none")
        .start(APP, String.valueOf(THREADS)))) {
      app.awaitStdout("ready"::equals, 60);

      writeRules(rules("redirect").replace("LegacyClock#now(int)", "LegacyClock#describe(java.lang.String)")
          .replace("ModernClock#now(int)", "ModernClock#describe(" + RulesFiles.FIX + "LegacyClock, java.lang.String)"));
      app.awaitAgentLine(l -> l.startsWith("rules reloaded") && l.contains("members changed"), 10);
      Thread.sleep(1000);
      Map<String, String> totals = app.stop();

      // now(int) is no longer named by any rule: its site runs the legacy method again
      assertThat(Long.parseLong(totals.get("legacy"))).isPositive();
      assertThat(totals).containsEntry("other", "0");
    }
  }

  @Test
  void anEditThatDoesNotParseOrValidateIsRefusedAndTheRulesInForceStay() throws Exception {
    rulesFile = dir.resolve("rules.yaml");
    writeRules(rules("redirect"));
    try (RunningApp app = new RunningApp(ForkedJvm.withAgent("rules=" + rulesFile + ",report=none")
        .start(APP, String.valueOf(THREADS)))) {
      app.awaitStdout("ready"::equals, 60);

      writeRules("rules:\n  - id: clock-now\n    legacy: [unclosed\n");
      String notYaml = app.awaitAgentLine(l -> l.startsWith("rules edit refused"), 10);
      writeRules(rules("shout"));
      String badStage = app.awaitAgentLine(l -> l.startsWith("rules edit refused") && l.contains("shout"), 10);
      Thread.sleep(1500);
      Map<String, String> totals = app.stop();

      assertThat(notYaml).contains("not valid YAML at line 4, column 1").endsWith("the rules in force are unchanged");
      assertThat(badStage).contains("rule 'clock-now'").contains("unknown stage 'shout'");
      assertThat(totals).containsEntry("legacy", "0").containsEntry("denied", "0").containsEntry("other", "0");
      assertThat(Long.parseLong(totals.get("modern"))).isPositive();
    }
  }

  @Test
  void aScheduledDateReachedWhileRunningMovesTheRuleWithinTheBound() throws Exception {
    rulesFile = dir.resolve("rules.yaml");
    writeRules(rules("redirect") + "    schedule: {deny: 2027-01-15}\n");
    Path clock = dir.resolve("clock.txt");
    Files.writeString(clock, "2027-01-14T23:59:58Z");
    try (RunningApp app = new RunningApp(ForkedJvm.withAgent("rules=" + rulesFile + ",report=none,clock=file:" + clock)
        .start(APP, String.valueOf(THREADS)))) {
      app.awaitStdout("ready"::equals, 60);
      Thread.sleep(300);

      long midnight = System.currentTimeMillis();
      Files.writeString(clock, "2027-01-15T00:00:00Z");
      app.awaitAgentLine(l -> l.startsWith("date is now 2027-01-15"), 10);
      Thread.sleep(500);
      Map<String, String> totals = app.stop();

      assertThat(totals).containsEntry("legacy", "0").containsEntry("other", "0").containsEntry("regressions", "0");
      for (int i = 0; i < THREADS; i++) {
        assertThat(Long.parseLong(totals.get("thread" + i + ".firstDeniedAt")) - midnight).isBetween(0L, BOUND_MILLIS);
      }
    }
  }

  @Test
  void theRulesMBeanListsRulesAndSetsAStageOverARealJmxConnection() throws Exception {
    rulesFile = dir.resolve("rules.yaml");
    writeRules(rules("observe"));
    try (RunningApp app = new RunningApp(ForkedJvm.withAgent("rules=" + rulesFile + ",report=none")
        .start(APP, String.valueOf(THREADS)))) {
      app.awaitStdout("ready"::equals, 60);
      long toDeny;
      try (RulesMBean mbean = RulesMBean.connect(app.pid(), Duration.ofSeconds(5))) {
        CompositeData[] before = (CompositeData[]) mbean.attribute("Rules");
        assertThat(before).extracting(c -> c.get("id")).contains("clock-now");
        CompositeData clockNow = java.util.Arrays.stream(before).filter(c -> "clock-now".equals(c.get("id")))
            .findFirst().orElseThrow();
        assertThat(clockNow.get("stage")).isEqualTo("observe");
        assertThat((Long) clockNow.get("calls")).isPositive();
        assertThat(clockNow.get("rulesFile")).as("where the rule is written").isEqualTo(rulesFile.toString());
        long[] counts = (long[]) mbean.attribute("CallCounts");
        CompositeData[] sites = (CompositeData[]) mbean.attribute("CallSites");
        assertThat(sites).as("every site, by id").extracting(c -> (Integer) c.get("id"))
            .allSatisfy(id -> assertThat(id).isBetween(0, counts.length - 1));
        assertThat(java.util.Arrays.stream(sites).filter(c -> "clock-now".equals(c.get("rule")))
            .mapToLong(c -> counts[(Integer) c.get("id")]).sum())
            .as("CallCounts by site id, read-only, as sunset-junit reads them").isPositive();

        toDeny = System.currentTimeMillis();
        assertThat(mbean.invoke("setStage", "clock-now", "deny")).contains("set to deny");
        CompositeData[] after = (CompositeData[]) mbean.attribute("Rules");
        assertThat(java.util.Arrays.stream(after).filter(c -> "clock-now".equals(c.get("id"))).findFirst().orElseThrow()
            .get("stageSource")).isEqualTo("jmx");
      }
      Thread.sleep(500);
      Map<String, String> totals = app.stop();

      assertThat(totals).containsEntry("other", "0").containsEntry("regressions", "0");
      for (int i = 0; i < THREADS; i++) {
        assertThat(Long.parseLong(totals.get("thread" + i + ".firstDeniedAt")) - toDeny).isBetween(0L, BOUND_MILLIS);
      }
    }
  }
}
