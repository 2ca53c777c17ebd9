package dev.sunset.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A class rule beside a method rule that redirects the legacy interface its class implements, as a team keeps its
 * method rules at redirect and adds a class rule to catch every other use: the method rule's redirect path (its
 * replacement falling back to the class's method) is not a use of the class, whichever rule the files name first; and
 * at {@code deny} the uses the class rule's allow list names run at {@code observe} (a class rule has nothing to
 * redirect to) while every other use is denied.
 */
class ClassRuleBesideMethodRulesIT {
  private static final String APP = RulesFiles.FIX + "ClassRuleApp";
  private static final int TIMES = 5;

  @TempDir
  Path dir;

  private static String notifyRule() {
    return "  - id: notifier-notify\n"
        + "    legacy: " + RulesFiles.FIX + "LegacyNotifier#notify(java.lang.String)\n"
        + "    replacement: " + RulesFiles.FIX + "Notifiers#notify(" + RulesFiles.FIX + "LegacyNotifier, java.lang.String)\n"
        + "    stage: redirect\n";
  }

  private static String adapterRule(String stage, String allow) {
    return "  - id: notifier-adapter\n"
        + "    legacy: " + RulesFiles.FIX + "NotifierAdapter\n"
        + "    stage: " + stage + "\n"
        + (allow == null ? "" : "    allow:\n      - " + allow + "\n");
  }

  private static List<String> rules(boolean classRuleFirst, String adapterRule) {
    return classRuleFirst ? List.of(adapterRule, notifyRule()) : List.of(notifyRule(), adapterRule);
  }

  @ParameterizedTest(name = "class rule first: {0}")
  @ValueSource(booleans = {true, false})
  void theMethodRulesReplacementFallingBackToTheClassIsNoUseOfItWhicheverRuleComesFirst(boolean classRuleFirst)
      throws Exception {
    Path rules = RulesFiles.write(dir, rules(classRuleFirst, adapterRule("observe", null)).toArray(String[]::new));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result run = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).run(APP, String.valueOf(TIMES));

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.values()).containsEntry("adapterRuns", String.valueOf(TIMES))
        .containsEntry("redirected", String.valueOf(TIMES)).containsEntry("denied", "0");
    Map<String, Object> json = Reports.read(report);
    assertThat(Reports.sitesOf(json, "notifier-notify")).as(run.toString())
        .extracting(s -> s.get("class"), s -> s.get("stage"), Reports::count, s -> s.get("via"))
        .containsExactly(tuple(APP, "redirect", (long) TIMES, null));
    assertThat(Reports.sitesOf(json, "notifier-adapter")).as(run.toString())
        .extracting(s -> s.get("class"), s -> s.get("method"), s -> s.get("use"), s -> s.get("member"), Reports::count,
            s -> s.get("via"))
        .containsExactlyInAnyOrder(
            tuple(APP, "create", "new", "<init>(java.lang.String)", (long) TIMES, null),
            tuple(APP, "main", "field-read", "name", (long) TIMES, null));
  }

  @ParameterizedTest(name = "class rule first: {0}")
  @ValueSource(booleans = {true, false})
  void atDenyTheAllowedUseRunsAtObserveTheOtherUseIsDeniedAndTheRedirectPathRuns(boolean classRuleFirst)
      throws Exception {
    Path rules = RulesFiles.write(dir,
        rules(classRuleFirst, adapterRule("deny", RulesFiles.FIX + "ClassRuleApp#create")).toArray(String[]::new));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result run = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).run(APP, String.valueOf(TIMES));

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.values()).containsEntry("adapterRuns", String.valueOf(TIMES))
        .containsEntry("redirected", String.valueOf(TIMES)).containsEntry("denied", String.valueOf(TIMES));
    assertThat(run.values().get("denial"))
        .startsWith("dev.sunset.agent.LegacyCallDeniedException: legacy call denied by rule notifier-adapter: " + APP
            + ".main(ClassRuleApp.java:")
        .endsWith(" used " + RulesFiles.FIX + "NotifierAdapter (field-read name)");
    Map<String, Object> json = Reports.read(report);
    assertThat(Reports.sitesOf(json, "notifier-adapter")).as(run.toString())
        .extracting(s -> s.get("method"), s -> s.get("use"), s -> s.get("stage"), s -> s.get("countsByStage"))
        .containsExactlyInAnyOrder(
            tuple("create", "new", "observe", Map.of("observe", TIMES)),
            tuple("main", "field-read", "deny", Map.of("deny", TIMES)));
    assertThat(Reports.sitesOf(json, "notifier-notify"))
        .extracting(s -> s.get("stage"), Reports::count).containsExactly(tuple("redirect", (long) TIMES));
  }

  @ParameterizedTest(name = "with the class rule: {0}")
  @ValueSource(booleans = {true, false})
  void aSubclassOverrideCallingSuperRunsTheLegacyBodyOnceUncountedInsteadOfLoopingThroughTheReplacement(
      boolean withClassRule) throws Exception {
    List<String> given = withClassRule ? List.of(notifyRule(), adapterRule("observe", null)) : List.of(notifyRule());
    Path rules = RulesFiles.write(dir, given.toArray(String[]::new));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result run = ForkedJvm.withAgent("rules=" + rules + ",report=" + report)
        .run(RulesFiles.FIX + "SuperCallingApp", String.valueOf(TIMES));

    // each call is redirected once, falls back to the override, whose super call runs the legacy body: no loop
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.values()).containsEntry("redirected", String.valueOf(TIMES))
        .containsEntry("overrideRuns", String.valueOf(TIMES)).containsEntry("adapterRuns", String.valueOf(TIMES));
    Map<String, Object> json = Reports.read(report);
    assertThat(Reports.sitesOf(json, "notifier-notify")).as(run.toString())
        .extracting(s -> s.get("method"), s -> s.get("stage"), Reports::count, s -> s.get("via"))
        .containsExactly(tuple("main", "redirect", (long) TIMES, null));
    if (withClassRule) { // the subclass is the class rule's one use; its super call is part of it
      assertThat(Reports.sitesOf(json, "notifier-adapter")).as(run.toString())
          .extracting(s -> s.get("method"), s -> s.get("use"), Reports::count)
          .containsExactly(tuple("<clinit>", "subclass", 1L));
    }
  }
}
