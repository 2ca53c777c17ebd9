package dev.sunset.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each stage, allow lists and baselines, in forked JVMs with the real agent jar. */
class StagesIT {
  private static final String APP = "dev.sunset.agent.it.fixtures.CallerApp";
  private static final String DENIED = "dev.sunset.agent.LegacyCallDeniedException|true|";

  @TempDir
  Path dir;

  private static String nowRule(String stage, String extra) {
    return RulesFiles.nowRule(stage) + "    message: Clocks moved to ModernClock\n" + extra;
  }

  @Test
  void warnRedirectsAndPrintsOneLinePerCallSiteOnItsFirstCall() throws Exception {
    Path rules = RulesFiles.write(dir, nowRule("warn", ""));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).run(APP, "stages");

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.values()).containsEntry("first0", "modern:1").containsEntry("second2", "modern:2");
    List<String> warnings = r.agentLines().stream().filter(l -> l.startsWith("WARN ")).toList();
    assertThat(warnings).as(r.toString()).hasSize(2);
    String codeSource = Path.of(ForkedJvm.testClasses()).toUri().toURL().toString();
    assertThat(warnings).anySatisfy(w -> assertThat(w)
        .contains("dev.sunset.agent.it.fixtures.CallerApp.firstSite(CallerApp.java:")
        .contains(" in " + codeSource)
        .contains("[rule clock-now]")
        .contains("use dev.sunset.agent.it.fixtures.ModernClock.now")
        .contains("Clocks moved to ModernClock"));
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains("CallerApp.secondSite(CallerApp.java:"));
    Map<String, Object> site = Reports.site(Reports.read(report), "clock-now", "firstSite");
    assertThat(Reports.count(site)).isEqualTo(3);
    assertThat(site).containsEntry("stage", "warn");
    assertThat(String.valueOf(site.get("countsByStage"))).isEqualTo("{warn=3}");
  }

  @Test
  void denyThrowsAnUnsupportedOperationExceptionNamingRuleCallerAndReplacementAndCountsIt() throws Exception {
    Path rules = RulesFiles.write(dir, nowRule("deny", ""));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).run(APP, "stages");

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.values().get("first0")).startsWith(DENIED)
        .contains("rule clock-now")
        .contains("dev.sunset.agent.it.fixtures.CallerApp.firstSite(CallerApp.java:")
        .contains("use dev.sunset.agent.it.fixtures.ModernClock.now");
    assertThat(r.values()).containsEntry("legacyRuns", "0").containsEntry("modernRuns", "0");
    Map<String, Object> site = Reports.site(Reports.read(report), "clock-now", "secondSite");
    assertThat(site).containsEntry("stage", "deny");
    assertThat(((Number) ((Map<?, ?>) site.get("countsByStage")).get("deny")).longValue()).isEqualTo(3);
  }

  @Test
  void anAllowListKeepsMatchingCallSitesAtRedirectWhileTheRuleDenies() throws Exception {
    Path rules = RulesFiles.write(dir,
        nowRule("deny", "    allow:\n      - dev.sunset.agent.it.fixtures.CallerApp#secondSite\n"));

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=none").run(APP, "stages");

    assertThat(r.values().get("first1")).startsWith(DENIED);
    assertThat(r.values()).containsEntry("second1", "modern:2");
  }

  @Test
  void anAllowEntryWithALineMatchesOnlyThatLine() throws Exception {
    Path rules = RulesFiles.write(dir,
        nowRule("deny", "    allow:\n      - dev.sunset.agent.it.fixtures.*#secondSite:1\n"));

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=none").run(APP, "stages");

    assertThat(r.values().get("second1")).startsWith(DENIED);
  }

  @Test
  void aBaselineToleratesKnownCallSitesAndDeniesNewOnesKeyedOnTheCallSite() throws Exception {
    // 1. an observe run records every call site: the baseline
    Path observeRules = RulesFiles.write(dir, nowRule("observe", ""));
    Path recorded = dir.resolve("recorded.json");
    ForkedJvm.withAgent("rules=" + observeRules + ",report=" + recorded).run(APP, "ratchet");
    // 2. pretend newerCaller was written after the baseline: drop it
    String baseline = withoutSite(Files.readString(recorded), "newerCaller");
    Path baselineFile = dir.resolve("baseline.json");
    Files.writeString(baselineFile, baseline);
    Path rules = dir.resolve("deny.yaml");
    Files.writeString(rules, "rules:\n" + nowRule("deny", "    baseline: baseline.json\n"));

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=none").run(APP, "ratchet");

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.values()).containsEntry("known", "modern:10");
    assertThat(r.values().get("newer")).startsWith(DENIED);
  }

  @Test
  void aLineShiftBreaksAnExactBaselineMatchButNotAMethodMatch() throws Exception {
    Path observeRules = RulesFiles.write(dir, nowRule("observe", ""));
    Path recorded = dir.resolve("recorded.json");
    ForkedJvm.withAgent("rules=" + observeRules + ",report=" + recorded).run(APP, "ratchet");
    Map<String, Object> known = Reports.site(Reports.read(recorded), "clock-now", "knownCaller");
    int line = ((Number) known.get("line")).intValue();
    Files.writeString(dir.resolve("shifted.json"),
        Files.readString(recorded).replace("\"line\" : " + line + ",", "\"line\" : " + (line + 7) + ","));
    Path exact = dir.resolve("exact.yaml");
    Files.writeString(exact, "rules:\n" + nowRule("deny", "    baseline: shifted.json\n"));
    Path byMethod = dir.resolve("method.yaml");
    Files.writeString(byMethod, "rules:\n" + nowRule("deny", "    baseline: {file: shifted.json, match: method}\n"));

    ForkedJvm.Result exactRun = ForkedJvm.withAgent("rules=" + exact + ",report=none").run(APP, "ratchet");
    ForkedJvm.Result methodRun = ForkedJvm.withAgent("rules=" + byMethod + ",report=none").run(APP, "ratchet");

    assertThat(exactRun.values().get("known")).startsWith(DENIED);
    assertThat(methodRun.values()).containsEntry("known", "modern:10");
  }

  @Test
  void aRuleWhoseBaselineCannotBeReadIsRefused() throws Exception {
    Path rules = RulesFiles.write(dir, nowRule("deny", "    baseline: missing.json\n"));

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=none").run(APP, "stages");

    assertThat(r.agentLines()).filteredOn(l -> l.contains("refused")).singleElement()
        .satisfies(l -> assertThat(l).contains("rule 'clock-now'").contains("missing.json"));
    assertThat(r.values()).containsEntry("first0", "legacy:utc:1");
  }

  @Test
  void aScheduleMovesTheRuleOnItsDatesByTheAgentsClock() throws Exception {
    String schedule = "    schedule: {warn: 2026-12-01, deny: 2027-01-15}\n";
    Path rules = RulesFiles.write(dir, nowRule("redirect", schedule));

    ForkedJvm.Result before = ForkedJvm.withAgent("rules=" + rules + ",report=none,clock=2026-11-30T23:59:59Z")
        .run(APP, "stages");
    ForkedJvm.Result warn = ForkedJvm.withAgent("rules=" + rules + ",report=none,clock=2026-12-01T00:00:00Z")
        .run(APP, "stages");
    ForkedJvm.Result deny = ForkedJvm.withAgent("rules=" + rules + ",report=none,clock=2027-01-15T00:00:00Z")
        .run(APP, "stages");

    assertThat(before.values()).containsEntry("first0", "modern:1");
    assertThat(before.agentLines()).noneMatch(l -> l.startsWith("WARN "));
    assertThat(warn.values()).containsEntry("first0", "modern:1");
    assertThat(warn.agentLines()).filteredOn(l -> l.startsWith("WARN ")).hasSize(2);
    assertThat(deny.values().get("first0")).startsWith(DENIED);
  }

  /** The report text without the call-site objects whose method is {@code method}. */
  @SuppressWarnings("unchecked")
  private static String withoutSite(String reportJson, String method) throws Exception {
    Map<String, Object> report = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(reportJson);
    ((List<Map<String, Object>>) report.get("callSites")).removeIf(s -> method.equals(s.get("method")));
    return com.fasterxml.jackson.jr.ob.JSON.std.asString(report);
  }
}
