package dev.sunset.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RulesReaderTest {
  private static final String FIX = "dev.sunset.core.fixtures.";
  private final RulesReader reader = new RulesReader(path -> Optional.empty());
  private static final RuleSource USER = new RuleSource("rules.yaml", Path.of("/etc/app"), RuleSource.Kind.USER);

  private static String rule(String id, String legacy, String replacement, String stage) {
    return "  - id: " + id + "\n    legacy: " + legacy + "\n"
        + (replacement == null ? "" : "    replacement: " + replacement + "\n") + "    stage: " + stage + "\n";
  }

  private RulesReader.Result read(String... rules) {
    return reader.read(USER, "rules:\n" + String.join("", rules));
  }

  @Test
  void readsMembersShapesStagesAndMessagesWithoutLookingAtAnyClass() {
    RulesReader.Result r = read(rule("describe", FIX + "Legacy#describe(java.lang.String)",
        FIX + "Modern#describe(" + FIX + "Legacy, java.lang.String)", "redirect"),
        rule("typo", "com.nowhere.Gone#create(java.lang.String)", null, "observe"));

    assertThat(r.problems()).isEmpty();
    RuleSpec describe = r.rules().get(0);
    assertThat(describe.legacy().ownerInternalName()).isEqualTo("dev/sunset/core/fixtures/Legacy");
    assertThat(describe.shape()).isEqualTo(ReplacementShape.RECEIVER_FIRST);
    assertThat(describe.stage()).isEqualTo(Stage.REDIRECT);
    assertThat(describe.line()).isEqualTo(2);
    assertThat(r.rules().get(1).hasReplacement()).isFalse();
  }

  @Test
  void problemsNameTheFileTheLineTheRuleAndWhatIsWrong() {
    RulesReader.Result r = read(rule("ok", FIX + "Legacy#now(int)", FIX + "Modern#now(int)", "redirect"),
        rule("bad-stage", FIX + "Legacy#ping()", null, "shout"));

    assertThat(r.rules()).extracting(RuleSpec::id).containsExactly("ok");
    assertThat(r.problems()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Problem.Kind.RULE);
      assertThat(p.describe()).isEqualTo("rules.yaml:6: rule 'bad-stage': refused: unknown stage 'shout'"
          + " (known: observe, redirect, warn, deny)");
    });
  }

  @Test
  void aReplacementThatFitsNeitherShapeIsRefusedBeforeAnyClassIsRead() {
    RulesReader.Result r = read(rule("wrong-params", FIX + "Legacy#now(int)", FIX + "Modern#create(java.lang.String)",
        "redirect"));

    assertThat(r.problems()).singleElement().asString().contains("rule 'wrong-params'").contains("do not match");
  }

  @Test
  void aClassRuleNamesAWholeClassAndObservesWarnsOrDenies() {
    RulesReader.Result r = read(rule("whole", FIX + "Legacy", null, "observe"), rule("loud", FIX + "Special", null, "warn"),
        rule("gone", FIX + "Modern", null, "deny"));

    assertThat(r.problems()).isEmpty();
    assertThat(r.rules()).allSatisfy(spec -> {
      assertThat(spec.legacy().isClass()).isTrue();
      assertThat(spec.legacy().name()).isEmpty();
      assertThat(spec.legacy().parameterDescriptors()).isEmpty();
    });
    assertThat(r.rules().get(0).legacy().ownerInternalName()).isEqualTo("dev/sunset/core/fixtures/Legacy");
    assertThat(r.rules().get(0).legacy().forPeople()).isEqualTo(FIX + "Legacy");
  }

  @Test
  void aClassRuleWithAReplacementOrAtRedirectAndAPackageRuleAreRefusedSayingWhatToWrite() {
    RulesReader.Result r = read(rule("adapter", FIX + "Legacy", FIX + "Modern#now(int)", "observe"),
        rule("redirect", FIX + "Legacy", null, "redirect"), rule("package", "dev.sunset.core.fixtures.*", null, "observe"),
        rule("class-replacement", FIX + "Legacy#now(int)", FIX + "Modern", "redirect"),
        rule("no-package", "Legacy", null, "observe"));

    assertThat(r.rules()).isEmpty();
    assertThat(r.problems()).extracting(Problem::describe).satisfiesExactly(
        p -> assertThat(p).contains("rule 'adapter'").contains("a class rule takes no replacement yet"),
        p -> assertThat(p).contains("rule 'redirect'").contains("stage 'redirect' needs a replacement")
            .contains("use observe, warn or deny"),
        p -> assertThat(p).contains("rule 'package'").contains("names a package; package rules are not supported yet"),
        p -> assertThat(p).contains("rule 'class-replacement'").contains("names a class; a replacement is a method"),
        p -> assertThat(p).contains("rule 'no-package'").contains("is not a class in a package"));
  }

  @Test
  void aClassRuleAndAMethodRuleOfThatClassLiveSideBySide() {
    RulesReader.Result r = read(rule("whole", FIX + "Legacy", null, "observe"),
        rule("one", FIX + "Legacy#now(int)", FIX + "Modern#now(int)", "redirect"));

    assertThat(r.problems()).isEmpty();
    assertThat(r.rules()).extracting(RuleSpec::id).containsExactly("whole", "one");
  }

  @Test
  void aStageThatRunsTheReplacementNeedsOne() {
    RulesReader.Result r = read(rule("no-replacement", FIX + "Legacy#now(int)", null, "redirect"));

    assertThat(r.problems()).singleElement().asString().contains("needs a 'replacement'");
  }

  @Test
  void aDuplicateIdOrASecondRuleForOneLegacyMethodIsRefused() {
    RulesReader.Result r = read(rule("a", FIX + "Legacy#now(int)", null, "observe"),
        rule("a", FIX + "Legacy#ping()", null, "observe"), rule("b", FIX + "Legacy#now( int )", null, "observe"));

    assertThat(r.rules()).extracting(RuleSpec::id).containsExactly("a");
    assertThat(r.problems()).hasSize(2);
    assertThat(r.problems().get(0).describe()).contains("rule 'a'").contains("already used by the rule at line 2");
    assertThat(r.problems().get(1).describe()).contains("rule 'b'").contains("already covers");
  }

  @Test
  void scheduleDatesMustBeDatesInStageOrder() {
    RulesReader.Result r = read(rule("a", FIX + "Legacy#now(int)", FIX + "Modern#now(int)", "redirect")
        + "    schedule: {warn: 2027-02-01, deny: 2027-01-15}\n",
        rule("b", FIX + "Legacy#ping()", null, "observe") + "    schedule: {deny: soon}\n");

    assertThat(r.problems()).extracting(Problem::describe).anySatisfy(p -> assertThat(p).contains("rule 'a'")
        .contains("comes before")).anySatisfy(p -> assertThat(p).contains("rule 'b'").contains("'soon'"));
  }

  @Test
  void aBaselineIsResolvedAgainstTheRulesFilesFolderAndChecked() {
    RulesReader checking = new RulesReader(path -> Optional.of("baseline " + path + " is not a report"));
    RulesReader.Result r = checking.read(USER, "rules:\n"
        + rule("a", FIX + "Legacy#now(int)", FIX + "Modern#now(int)", "warn") + "    baseline: base.json\n");

    assertThat(r.problems()).singleElement().asString().contains("baseline /etc/app/base.json is not a report");
  }

  @Test
  void aFileThatIsNotYamlGivesOneLineWithItsPositionAndNoRules() {
    RulesReader.Result r = reader.read(USER, "rules:\n  - id: a\n    legacy: [unclosed\n");

    assertThat(r.rules()).isEmpty();
    assertThat(r.problems()).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(Problem.Kind.FILE);
      assertThat(p.describe()).startsWith("rules.yaml: not valid YAML at line ").contains("column");
    });
  }

  @Test
  void aKeyGivenTwiceARulesListGivenTwiceAndANonPlainKeyAreRefused() {
    assertThat(read(rule("a", FIX + "Legacy#ping()", null, "observe") + "    stage: deny\n").problems())
        .singleElement().asString().contains("key 'stage' appears twice");
    assertThat(reader.read(USER, "rules:\n- id: a\nrules:\n- id: b\n").problems()).singleElement().asString()
        .contains("'rules' appears twice");
    assertThat(read(rule("a", FIX + "Legacy#ping()", null, "observe") + "    ? [oops]\n    : 1\n").problems())
        .singleElement().asString().contains("is not a plain name");
  }

  @Test
  void anEmptyFileHasNoRulesAndNoProblems() {
    RulesReader.Result r = reader.read(USER, "");

    assertThat(r.rules()).isEmpty();
    assertThat(r.problems()).isEmpty();
  }
}
