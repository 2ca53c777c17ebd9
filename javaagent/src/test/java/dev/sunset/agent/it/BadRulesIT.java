package dev.sunset.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad rules are refused with one clear line each, and the application starts with the good rules. */
class BadRulesIT {
  private static final String APP = "dev.sunset.agent.it.fixtures.CallerApp";
  private static final String FIX = RulesFiles.FIX;

  @TempDir
  Path dir;

  private static String rule(String id, String legacy, String replacement, String stage) {
    return "  - id: " + id + "\n    legacy: " + legacy + "\n"
        + (replacement == null ? "" : "    replacement: " + replacement + "\n")
        + "    stage: " + stage + "\n";
  }

  @Test
  void eachBadRuleGetsOneLineNamingFileRuleAndProblemAndTheGoodRuleStillApplies() throws Exception {
    Path rules = RulesFiles.write(dir,
        rule("missing-class", "com.nowhere.Gone#create(java.lang.String)", FIX + "ModernClock#create(java.lang.String)", "redirect"),
        rule("missing-method", FIX + "LegacyClock#vanish(int)", FIX + "ModernClock#now(int)", "redirect"),
        rule("missing-replacement-class", FIX + "LegacyClock#now(int)", "com.nowhere.New#now(int)", "redirect"),
        rule("bad-stage", FIX + "LegacyClock#now(int)", FIX + "ModernClock#now(int)", "shout"),
        rule("not-static", FIX + "LegacyClock#label(int)", FIX + "ModernClock#instanceMethod(int)", "redirect"),
        rule("wrong-return", FIX + "LegacyClock#tick(int)", FIX + "ModernClock#wrongReturn(int)", "redirect"),
        rule("wrong-params", FIX + "LegacyClock#now(int)", FIX + "ModernClock#create(java.lang.String)", "redirect"),
        rule("no-replacement", FIX + "LegacyClock#now(int)", null, "redirect"),
        RulesFiles.createRule("redirect"));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).run(APP, "once");

    assertThat(r.exitCode).as(r.toString()).isZero();
    // checked when the file is read: no class is needed to see these
    List<String> refused = r.agentLines().stream().filter(l -> l.contains(": refused: ")).toList();
    assertThat(refused).as(r.toString()).hasSize(3).allSatisfy(l -> assertThat(l).startsWith(rules + ":"));
    assertLine(refused, "bad-stage", "unknown stage 'shout'");
    assertLine(refused, "wrong-params", "do not match");
    assertLine(refused, "no-replacement", "needs a 'replacement'");
    // checked against the class files of the loader that defines the legacy class, when it first needs them
    List<String> unfit = r.agentLines().stream().filter(l -> l.contains(": not applied in class loader app: ")).toList();
    assertThat(unfit).as(r.toString()).hasSize(4).allSatisfy(l -> assertThat(l).startsWith(rules + ":"));
    assertLine(unfit, "missing-method", "legacy method vanish(int) does not exist");
    assertLine(unfit, "missing-replacement-class", "replacement class com.nowhere.New does not exist");
    assertLine(unfit, "not-static", "must be static");
    assertLine(unfit, "wrong-return", "not assignable to the legacy return type java.lang.String");
    // a class no loader ever defined is a likely typo: said at exit and in the report
    assertThat(r.agentLines()).filteredOn(l -> l.contains("rule 'missing-class'")).singleElement().satisfies(l ->
        assertThat(l).contains("never resolved").contains("com.nowhere.Gone"));
    Map<String, Object> json = Reports.read(report);
    assertThat(Reports.rule(json, "missing-class")).containsEntry("resolution", "unresolved")
        .containsEntry("resolvedIn", List.of());
    assertThat(Reports.rule(json, "missing-method")).containsEntry("resolution", "refused");
    assertThat(Reports.rule(json, "clock-create")).containsEntry("resolution", "resolved");
    // the good rule applies; the refused ones leave now() and describe() alone
    assertThat(r.values()).containsEntry("now", "legacy:utc:3").containsEntry("modernRuns", "1")
        .containsEntry("legacyRuns", "2");
  }

  private static void assertLine(List<String> lines, String ruleId, String problem) {
    assertThat(lines).filteredOn(l -> l.contains("rule '" + ruleId + "'")).singleElement()
        .satisfies(l -> assertThat(l).contains(problem));
  }

  @Test
  void aFileThatIsNotYamlGivesOneLineWithItsPositionAndTheApplicationRunsWithoutItsRules() throws Exception {
    Path rules = dir.resolve("broken.yaml");
    Files.writeString(rules, "rules:\n  - id: a\n    legacy: [unclosed\n    stage: redirect\n");

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=none").run(APP, "once");

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.agentLines()).filteredOn(l -> l.contains("not valid YAML")).singleElement()
        .satisfies(l -> assertThat(l).startsWith(rules + ": not valid YAML at line ").contains("column"));
    assertThat(r.values()).containsEntry("legacyRuns", "3");
  }

  @Test
  void aMissingRulesFileIsReportedAndTheApplicationRuns() throws Exception {
    Path rules = dir.resolve("absent.yaml");

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=none").run(APP, "once");

    assertThat(r.exitCode).isZero();
    assertThat(r.agentLines()).filteredOn(l -> l.startsWith(rules + ": cannot be read")).hasSize(1);
  }

  @Test
  void anUnknownKeyInARuleIsRefusedByName() throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule("redirect").replace("stage:", "stgae:"));

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=none").run(APP, "once");

    assertThat(r.agentLines()).filteredOn(l -> l.contains("refused")).singleElement()
        .satisfies(l -> assertThat(l).contains("unknown key 'stgae'"));
  }
}
