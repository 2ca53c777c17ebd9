package dev.sunset.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A redirected call site whose replacement throws too often rolls itself back to observe, alone. */
class RollbackIT {
  private static final String APP = "dev.sunset.agent.it.fixtures.RollbackApp";
  private static final String FIX = "dev.sunset.agent.it.fixtures.";

  @TempDir
  Path dir;

  private static String rules() {
    return rules("50", "observe");
  }

  /** The pricing rule with its rollback's {@code min}, and another rule (never called) at {@code otherStage}. */
  private static String rules(String min, String otherStage) {
    return "rules:\n" + RulesFiles.nowRule(otherStage)
        + "  - id: pricing\n"
        + "    legacy: " + FIX + "LegacyPricing#price(int)\n"
        + "    replacement: " + FIX + "ModernPricing#price(int)\n"
        + "    stage: redirect\n"
        + "    rollback: {errors: 5%, within: 10s, min: " + min + "}\n";
  }

  private void writeRules(Path rulesFile, String text) throws Exception {
    Path temp = dir.resolve("rules.yaml.tmp");
    Files.writeString(temp, text);
    Files.move(temp, rulesFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static long at(Map<String, Object> site, String stage) {
    Object n = ((Map<?, ?>) site.get("countsByStage")).get(stage);
    return n == null ? 0 : ((Number) n).longValue();
  }

  @Test
  void theSiteWhoseReplacementThrowsRollsBackAloneOnceCountsStayExactAndJmxPutsItBack() throws Exception {
    Path rulesFile = Files.writeString(dir.resolve("rules.yaml"), rules());
    Path report = dir.resolve("report.json");
    Path recording = dir.resolve("run.jfr");
    try (RunningApp app = new RunningApp(ForkedJvm.withAgent("rules=" + rulesFile + ",report=" + report
        + ",reportInterval=200ms").jvmArg("-XX:StartFlightRecording=filename=" + recording).start(APP))) {
      app.awaitStdout("ready"::equals, 60);

      // 10% of the failing site's calls throw, above 5%: judged once a second, it rolls back within a few seconds
      String line = app.awaitAgentLine(l -> l.contains("rolled back to observe"), 15).substring("[sunset] ".length());
      app.awaitStdout("failing.legacyAgain"::equals, 10);
      assertThat(line).startsWith("rule 'pricing': ").contains("RollbackApp.failing(")
          .containsPattern("\\d+ of \\d+ redirected calls \\(\\d+\\.\\d%\\) threw within 10s")
          .contains("rollback above 5%, at least 50 calls").doesNotContain("no price for item")
          .doesNotContain("IllegalStateException");

      Map<String, Object> rolledBack = awaitReportedSite(report, s -> s.get("rolledBackAt") != null);
      assertThat(rolledBack.get("stage")).isEqualTo("observe");
      assertThat((String) rolledBack.get("rollbackReason")).isEqualTo(line.substring(line.indexOf(": ",
          line.indexOf("rolled back")) + 2, line.indexOf("; the legacy method runs there")));
      Map<String, Object> healthyMeanwhile = Reports.site(Reports.read(report), "pricing", "healthy");
      assertThat(healthyMeanwhile.get("stage")).as("the other site stays redirected").isEqualTo("redirect");
      assertThat(healthyMeanwhile.get("rolledBackAt")).isNull();

      app.send("heal");
      app.awaitStdout("healed"::equals, 10);
      String answer = resetOverJmx(app, "pricing");
      assertThat(answer).isEqualTo("rule 'pricing': 1 call site back at the rule's stage, judged afresh");
      app.awaitStdout("failing.modernAgain"::equals, 10);
      Thread.sleep(1500); // judged again at least once: a healed replacement stays redirected
      Map<String, String> totals = app.stop();

      assertThat(app.stderr()).filteredOn(l -> l.contains("rolled back to observe")).as("said once").hasSize(1);
      assertThat(app.stderr()).noneMatch(l -> l.contains("no price for item"));
      Map<String, Object> last = Reports.read(report);
      Map<String, Object> failing = Reports.site(last, "pricing", "failing");
      Map<String, Object> healthy = Reports.site(last, "pricing", "healthy");
      long failingLegacy = Long.parseLong(totals.get("failing.legacy"));
      long failingModern = Long.parseLong(totals.get("failing.modern"));
      long failingThrown = Long.parseLong(totals.get("failing.thrown"));
      assertThat(failingLegacy).isPositive();
      assertThat(failingThrown).isPositive();
      assertThat(at(failing, "observe")).as("legacy calls, counted at observe").isEqualTo(failingLegacy);
      assertThat(at(failing, "redirect")).as("replacement calls, thrown or not, counted at redirect")
          .isEqualTo(failingModern + failingThrown);
      assertThat(Reports.count(failing)).isEqualTo(failingLegacy + failingModern + failingThrown);
      assertThat(failing.get("stage")).as("back at redirect after the JMX reset").isEqualTo("redirect");
      assertThat(failing.get("rolledBackAt")).isNull();
      assertThat(totals).containsEntry("healthy.legacy", "0").containsEntry("healthy.thrown", "0");
      assertThat(at(healthy, "redirect")).isEqualTo(Long.parseLong(totals.get("healthy.modern")));
      assertThat(at(healthy, "observe")).isZero();
      assertThat(healthy.get("stage")).isEqualTo("redirect");
    }
    List<String> changes = new ArrayList<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
      if (e.getEventType().getName().equals("dev.sunset.StageChange")) {
        changes.add(e.getString("scope") + " " + e.getString("rule") + " " + e.getString("callerMethod") + " "
            + e.getString("from") + " -> " + e.getString("to") + " (" + e.getString("cause") + ")");
      }
    }
    assertThat(changes).containsExactly("site pricing failing redirect -> observe (rollback)",
        "site pricing failing observe -> redirect (jmx)");
  }

  /** Waits (bounded) for a periodic report whose failing site matches. */
  private static Map<String, Object> awaitReportedSite(Path report, Predicate<Map<String, Object>> p)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Map<String, Object> site = null;
    while (System.nanoTime() < deadline) {
      if (Files.exists(report)) {
        site = Reports.site(Reports.read(report), "pricing", "failing");
        if (p.test(site)) {
          return site;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no report showed the failing site as wanted within 10 s; last: " + site);
  }

  /** Invokes the Rules MBean's resetRollback over a real JMX connection, as an operator's console would. */
  private static String resetOverJmx(RunningApp app, String ruleId) throws Exception {
    try (RulesMBean mbean = RulesMBean.connect(app.pid(), Duration.ofSeconds(5))) {
      return mbean.invoke("resetRollback", ruleId);
    }
  }

  @Test
  void aRulesFileEditOfThatRuleEndsTheRollbackAndAnEditOfAnotherRuleDoesNot() throws Exception {
    Path rulesFile = Files.writeString(dir.resolve("rules.yaml"), rules());
    Path report = dir.resolve("report.json");
    try (RunningApp app = new RunningApp(ForkedJvm.withAgent("rules=" + rulesFile + ",report=" + report
        + ",reportInterval=200ms").start(APP))) {
      app.awaitStdout("ready"::equals, 60);
      app.awaitAgentLine(l -> l.contains("rolled back to observe"), 15);
      app.send("heal");
      app.awaitStdout("healed"::equals, 10);

      writeRules(rulesFile, rules("50", "redirect"));
      app.awaitAgentLine(l -> l.startsWith("rules reloaded") && l.contains("rule 'clock-now' stage observe -> redirect"),
          10);
      Thread.sleep(600); // three periodic reports
      Map<String, Object> stillRolledBack = Reports.site(Reports.read(report), "pricing", "failing");
      assertThat(stillRolledBack.get("stage")).as("another rule's edit").isEqualTo("observe");
      assertThat(stillRolledBack.get("rolledBackAt")).isNotNull();

      writeRules(rulesFile, rules("60", "redirect"));
      String reloaded = app.awaitAgentLine(l -> l.startsWith("rules reloaded") && l.contains("rule 'pricing' rollback"),
          10);
      assertThat(reloaded).contains("rule 'pricing' rollback {errors: 5%, within: 10s, min: 50} -> {errors: 5%,"
          + " within: 10s, min: 60}");
      app.awaitStdout("failing.modernAgain"::equals, 10);
      Map<String, Object> back = awaitReportedSite(report, s -> "redirect".equals(s.get("stage")));
      assertThat(back.get("rolledBackAt")).isNull();
      app.stop();
      assertThat(app.stderr()).filteredOn(l -> l.contains("rolled back to observe")).hasSize(1);
    }
  }

  @Test
  void aRuleWithoutRollbackIsNeverRolledBackHoweverOftenItsReplacementThrows() throws Exception {
    String withoutRollback = rules().replace("    rollback: {errors: 5%, within: 10s, min: 50}\n", "");
    assertThat(withoutRollback).doesNotContain("rollback");
    Path rulesFile = Files.writeString(dir.resolve("rules.yaml"), withoutRollback);
    Path report = dir.resolve("report.json");
    try (RunningApp app = new RunningApp(ForkedJvm.withAgent("rules=" + rulesFile + ",report=" + report)
        .start(APP))) {
      app.awaitStdout("ready"::equals, 60);
      Thread.sleep(3000); // three turns of the judge
      Map<String, String> totals = app.stop();

      assertThat(totals.get("failing.legacy")).isEqualTo("0");
      assertThat(Long.parseLong(totals.get("failing.thrown"))).isPositive();
      assertThat(app.stderr()).noneMatch(l -> l.contains("rolled back"));
      List<Map<String, Object>> sites = Reports.sitesOf(Reports.read(report), "pricing");
      assertThat(sites).extracting(s -> s.get("stage")).containsOnly("redirect");
    }
  }
}
