package dev.sunset.agent.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesLoaderTest {
  private static final String FIX = "dev.sunset.agent.it.fixtures.";

  private final RulesLoader loader =
      new RulesLoader(new ClassHierarchy(RulesLoaderTest.class.getClassLoader()), new Baselines());

  private static RuleSource shipped(String yaml) {
    return new RuleSource("jar:shipped!/META-INF/sunset/rules.yaml", yaml, Path.of("."), false);
  }

  private static RuleSource user(String yaml) {
    return new RuleSource("rules.yaml", yaml, Path.of("."), true);
  }

  private static String nowRule(String id, String stage) {
    return "rules:\n  - id: " + id + "\n    legacy: " + FIX + "LegacyClock#now(int)\n"
        + "    replacement: " + FIX + "ModernClock#now(int)\n    stage: " + stage + "\n";
  }

  @Test
  void resolvesDescriptorsStaticnessAndReceiverForm() {
    RulesLoader.Result r = loader.load(List.of(user("rules:\n"
        + "  - id: describe\n    legacy: " + FIX + "LegacyClock#describe(java.lang.String)\n"
        + "    replacement: " + FIX + "ModernClock#describe(" + FIX + "LegacyClock, java.lang.String)\n"
        + "    stage: redirect\n"
        + "  - id: create\n    legacy: " + FIX + "LegacyClock#create(java.lang.String)\n    stage: observe\n")));

    assertThat(r.problems()).isEmpty();
    Rule describe = r.rules().get(0);
    assertThat(describe.legacyDescriptor()).isEqualTo("(Ljava/lang/String;)Ljava/lang/String;");
    assertThat(describe.legacyStatic()).isFalse();
    assertThat(describe.replacementTakesReceiver()).isTrue();
    assertThat(r.rules().get(1).legacyStatic()).isTrue();
    assertThat(r.rules().get(1).hasReplacement()).isFalse();
  }

  @Test
  void aRuleInTheUserFileReplacesAShippedRuleWithTheSameId() {
    RulesLoader.Result r = loader.load(List.of(shipped(nowRule("clock-now", "redirect")),
        user(nowRule("clock-now", "deny"))));

    assertThat(r.problems()).isEmpty();
    assertThat(r.rules()).singleElement().satisfies(rule -> assertThat(rule.stage()).isEqualTo(Stage.DENY));
  }

  @Test
  void aDuplicateIdInTheSameKindOfSourceIsRefused() {
    RulesLoader.Result r = loader.load(List.of(user(nowRule("a", "observe")), user(nowRule("a", "redirect"))));

    assertThat(r.rules()).hasSize(1);
    assertThat(r.problems()).singleElement().asString().contains("rule 'a'").contains("already used");
  }

  @Test
  void twoRulesForOneLegacyMemberAreRefused() {
    RulesLoader.Result r = loader.load(List.of(user(nowRule("a", "observe") + nowRule("b", "observe")
        .replace("rules:\n", ""))));

    assertThat(r.rules()).extracting(Rule::id).containsExactly("a");
    assertThat(r.problems()).singleElement().asString().contains("rule 'b'").contains("already covers");
  }

  @Test
  void problemsNameTheFileAndTheLineOfTheRule() {
    RulesLoader.Result r = loader.load(List.of(user(nowRule("ok", "observe")
        + "  - id: bad\n    legacy: " + FIX + "LegacyClock#now(long)\n    stage: observe\n")));

    assertThat(r.problems()).singleElement().asString()
        .startsWith("rules.yaml:6: rule 'bad': refused: legacy method now(J) does not exist");
  }

  @Test
  void scheduleDatesMustBeDatesInStageOrder() {
    RulesLoader.Result r = loader.load(List.of(user(nowRule("a", "redirect")
        + "    schedule: {warn: 2027-02-01, deny: 2027-01-15}\n"
        + nowRule("b", "redirect").replace("rules:\n", "").replace("now(int)", "now(int)")
        + "    schedule: {deny: soon}\n")));

    assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("rule 'a'").contains("comes before"));
  }

  @Test
  void aKeyGivenTwiceInARuleIsRefusedRatherThanSilentlyOverwritten() {
    RulesLoader.Result r = loader.load(List.of(user(nowRule("a", "observe") + "    stage: deny\n")));

    assertThat(r.rules()).isEmpty();
    assertThat(r.problems()).singleElement().asString().contains("key 'stage' appears twice");
  }

  @Test
  void aRulesListGivenTwiceRefusesTheFile() {
    RulesLoader.Result r = loader.load(List.of(user(nowRule("a", "observe") + nowRule("b", "observe"))));

    assertThat(r.rules()).isEmpty();
    assertThat(r.problems()).singleElement().asString().contains("'rules' appears twice");
  }

  @Test
  void aKeyThatIsNotAPlainNameIsRefused() {
    RulesLoader.Result r = loader.load(List.of(user(nowRule("a", "observe") + "    ? [oops]\n    : 1\n")));

    assertThat(r.rules()).isEmpty();
    assertThat(r.problems()).singleElement().asString().contains("is not a plain name");
  }

  @Test
  void aVoidLegacyMethodMayBeReplacedByOneThatReturnsAValue() {
    RulesLoader.Result r = loader.load(List.of(user("rules:\n  - id: v\n"
        + "    legacy: java.lang.Thread#run()\n"
        + "    replacement: java.lang.String#valueOf(java.lang.Object)\n    stage: redirect\n")));

    assertThat(r.problems()).isEmpty();
    assertThat(r.rules()).singleElement().satisfies(rule -> assertThat(rule.replacementTakesReceiver()).isTrue());
  }

  @Test
  void anEmptyFileHasNoRulesAndNoProblems() {
    RulesLoader.Result r = loader.load(List.of(user("")));

    assertThat(r.rules()).isEmpty();
    assertThat(r.problems()).isEmpty();
  }
}
