package dev.sunset.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
  void aClassRuleWithAMethodAsReplacementOrAtRedirectWithoutAnAdapterIsRefusedSayingWhatToWrite() {
    RulesReader.Result r = read(rule("adapter", FIX + "Legacy", FIX + "Modern#now(int)", "observe"),
        rule("redirect", FIX + "Legacy", null, "redirect"),
        rule("class-replacement", FIX + "Legacy#now(int)", FIX + "Modern", "redirect"),
        rule("no-package", "Legacy", null, "observe"),
        rule("later", FIX + "Special", null, "observe") + "    schedule: {redirect: 2026-01-01}\n");

    assertThat(r.rules()).isEmpty();
    assertThat(r.problems()).extracting(Problem::describe).satisfiesExactly(
        p -> assertThat(p).contains("rule 'adapter'").contains("names a method; a class rule's replacement is an"
            + " adapter class"),
        p -> assertThat(p).contains("rule 'redirect'").contains("stage 'redirect' needs an adapter class")
            .contains("or use observe, warn or deny"),
        p -> assertThat(p).contains("rule 'class-replacement'").contains("names a class; a replacement is a method"),
        p -> assertThat(p).contains("rule 'no-package'").contains("is not a class in a package"),
        p -> assertThat(p).contains("rule 'later'").contains("stage 'redirect' needs an adapter class"));
  }

  @Test
  void aClassRuleNamesAnAdapterClassItsMembersAdapterNamesAndAReplacementType() {
    RulesReader.Result r = read(rule("ctx", FIX + "Legacy", FIX + "Modern", "redirect")
        + "    members:\n"
        + "      \"<init>(java.lang.String, int[])\": contextFor\n"
        + "      \"describe( java.lang.String )\": describeContext\n"
        + "      websocketManager: {get: managerOf}\n"
        + "      opened: {set: reopen, get: openedNow}\n"
        + "    replacementType: " + FIX + "Modern\n"
        + "    rollback: {errors: 1%, within: 1m, min: 100}\n",
        rule("plain", FIX + "Special", null, "warn") + "    replacementType: " + FIX + "Modern\n");

    assertThat(r.problems()).isEmpty();
    RuleSpec ctx = r.rules().get(0);
    assertThat(ctx.hasAdapter()).isTrue();
    assertThat(ctx.replacement().isClass()).isTrue();
    assertThat(ctx.replacementForPeople()).isEqualTo(FIX + "Modern");
    assertThat(ctx.shape()).isNull();
    assertThat(ctx.stage()).isEqualTo(Stage.REDIRECT);
    assertThat(ctx.rollback()).isNotNull();
    assertThat(ctx.members()).containsExactly(
        Map.entry(new MemberName(MemberName.Kind.CONSTRUCTOR, "<init>", List.of("Ljava/lang/String;",
            "[I")), new AdapterName.Method("contextFor")),
        Map.entry(new MemberName(MemberName.Kind.METHOD, "describe", List.of("Ljava/lang/String;")),
            new AdapterName.Method("describeContext")),
        Map.entry(new MemberName(MemberName.Kind.FIELD, "websocketManager", List.of()),
            new AdapterName.Field("managerOf", null)),
        Map.entry(new MemberName(MemberName.Kind.FIELD, "opened", List.of()),
            new AdapterName.Field("openedNow", "reopen")));
    assertThat(ctx.members().keySet()).extracting(MemberName::text).containsExactly(
        "<init>(java.lang.String, int[])", "describe(java.lang.String)", "websocketManager", "opened");
    assertThat(ctx.replacementType().ownerBinaryName()).isEqualTo(FIX + "Modern");
    assertThat(r.rules().get(1).hasAdapter()).isFalse();
    assertThat(r.rules().get(1).replacementType().isClass()).isTrue();
  }

  @Test
  void eachBadMembersEntryOrReplacementTypeIsOneLineNamingTheRuleAndWhatIsWrong() {
    String adapter = FIX + "Modern";
    RulesReader.Result r = read(
        rule("method-members", FIX + "Legacy#now(int)", FIX + "Modern#now(int)", "redirect")
            + "    members: {\"now(int)\": later}\n",
        rule("method-type", FIX + "Legacy#now(int)", null, "observe") + "    replacementType: " + adapter + "\n",
        rule("no-adapter", FIX + "Legacy", null, "observe") + "    members: {\"describe()\": d}\n",
        rule("not-a-name", FIX + "Legacy", adapter, "redirect") + "    members: {\"describe()\": a.b}\n",
        rule("params-in-value", FIX + "Legacy", adapter, "redirect") + "    members: {\"describe()\": \"d(int)\"}\n",
        rule("field-as-method", FIX + "Legacy", adapter, "redirect") + "    members: {name: nameOf}\n",
        rule("method-as-field", FIX + "Legacy", adapter, "redirect") + "    members: {\"describe()\": {get: d}}\n",
        rule("unknown-accessor", FIX + "Legacy", adapter, "redirect") + "    members: {name: {read: r}}\n",
        rule("bad-key", FIX + "Legacy", adapter, "redirect") + "    members: {\"describe(String)\": d}\n",
        rule("static-init", FIX + "Legacy", adapter, "redirect") + "    members: {\"<clinit>()\": d}\n",
        rule("twice", FIX + "Legacy", adapter, "redirect") + "    members: {\"d( int)\": a, \"d(int )\": b}\n",
        rule("not-a-mapping", FIX + "Legacy", adapter, "redirect") + "    members: [describe]\n",
        rule("type-method", FIX + "Legacy", adapter, "redirect") + "    replacementType: " + adapter + "#now(int)\n");

    assertThat(r.rules()).isEmpty();
    assertThat(r.problems()).allSatisfy(p -> assertThat(p.describe()).doesNotContain("\n"))
        .extracting(Problem::describe).satisfiesExactly(
        p -> assertThat(p).contains("rule 'method-members'").contains("'members' belongs to a class rule"),
        p -> assertThat(p).contains("rule 'method-type'").contains("'replacementType' belongs to a class rule"),
        p -> assertThat(p).contains("rule 'no-adapter'").contains("the rule names no adapter class"),
        p -> assertThat(p).contains("rule 'not-a-name'").contains("members 'describe()': 'a.b' is not a method name"),
        p -> assertThat(p).contains("rule 'params-in-value'").contains("'d(int)' is not a method name"),
        p -> assertThat(p).contains("rule 'field-as-method'").contains("members 'name' is a field: map it to"
            + " {get: name, set: name}"),
        p -> assertThat(p).contains("rule 'method-as-field'").contains("members 'describe()': expected the adapter"
            + " method's name"),
        p -> assertThat(p).contains("rule 'unknown-accessor'").contains("unknown key 'read' (known: get, set)"),
        p -> assertThat(p).contains("rule 'bad-key'").contains("members key describe(String)")
            .contains("did you mean java.lang.String?"),
        p -> assertThat(p).contains("rule 'static-init'").contains("names the static initialiser"),
        p -> assertThat(p).contains("rule 'twice'").contains("members names d(int) twice"),
        p -> assertThat(p).contains("rule 'not-a-mapping'").contains("'members' must be a mapping"),
        p -> assertThat(p).contains("rule 'type-method'").contains("replacementType '" + adapter
            + "#now(int)' names a method"));
  }

  @Test
  void aPackageRuleNamesEveryClassOfExactlyOnePackageAndObservesWarnsOrDenies() {
    RulesReader.Result r = read(rule("pkg", "dev.sunset.core.fixtures.*", null, "observe"),
        rule("loud", "'dev.sunset.core.fixtures.classes.*'", null, "warn"), rule("gone", "legacy.*", null, "deny"),
        rule("whole", FIX + "Legacy", null, "observe"));

    assertThat(r.problems()).isEmpty();
    MemberRef pkg = r.rules().get(0).legacy();
    assertThat(pkg.isPackage()).isTrue();
    assertThat(pkg.isClass()).as("it covers whole classes, as a class rule").isTrue();
    assertThat(pkg.ownerInternalName()).isEqualTo("dev/sunset/core/fixtures");
    assertThat(pkg.forPeople()).isEqualTo("dev.sunset.core.fixtures.*");
    assertThat(pkg.coversClass("dev/sunset/core/fixtures/Legacy")).isTrue();
    assertThat(pkg.coversClass("dev/sunset/core/fixtures/Legacy$Inner")).isTrue();
    assertThat(pkg.coversClass("dev/sunset/core/fixtures/classes/OldRegistry")).as("a sub-package").isFalse();
    assertThat(pkg.coversClass("dev/sunset/core/fixturesX/Legacy")).isFalse();
    assertThat(pkg.coversClass("dev/sunset/core/fixtures")).isFalse();
    assertThat(r.rules().get(1).legacy().ownerBinaryName()).isEqualTo("dev.sunset.core.fixtures.classes");
    assertThat(r.rules().get(3).legacy().sameMember(pkg)).isFalse();
    assertThat(MemberRef.parse("dev.sunset.core.fixtures").sameMember(pkg)).as("a class of the package's name")
        .isFalse();
  }

  @Test
  void aPackageRuleWithAReplacementAtRedirectOrWithItsSubPackagesIsRefusedInOneLineSayingWhatToWrite() {
    RulesReader.Result r = read(rule("adapter", "com.acme.legacy.*", FIX + "Modern#now(int)", "observe"),
        rule("redirect", "com.acme.legacy.*", null, "redirect"), rule("deep", "com.acme.legacy.**", null, "observe"),
        rule("all", "'*'", null, "observe"), rule("to-package", FIX + "Legacy#now(int)", "com.acme.modern.*", "redirect"),
        rule("bad-name", "com.1acme.*", null, "observe"),
        rule("typed", "com.acme.legacy.*", null, "observe") + "    replacementType: " + FIX + "Modern\n");

    assertThat(r.rules()).isEmpty();
    assertThat(r.problems()).extracting(Problem::describe).allMatch(p -> !p.contains("\n")).satisfiesExactly(
        p -> assertThat(p).contains("rule 'adapter'").contains("a package rule takes no replacement"),
        p -> assertThat(p).contains("rule 'redirect'").contains("stage 'redirect' needs a replacement"),
        p -> assertThat(p).contains("rule 'deep'").contains("not its sub-packages: write com.acme.legacy.* and one rule"
            + " for each sub-package"),
        p -> assertThat(p).contains("rule 'all'").contains("names no package"),
        p -> assertThat(p).contains("rule 'to-package'").contains("names a package; a replacement is a method"),
        p -> assertThat(p).contains("rule 'bad-name'").contains("has an invalid name 'com.1acme'"),
        p -> assertThat(p).contains("rule 'typed'").contains("a package rule takes no replacementType"));
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

  private RulesReader.Result withRollback(String rollback) {
    return read(rule("r", FIX + "Legacy#now(int)", FIX + "Modern#now(int)", "redirect") + "    rollback: " + rollback
        + "\n");
  }

  @Test
  void aRollbackGivesAPercentageAWindowAndAMinimumOfCalls() {
    RulesReader.Result r = withRollback("{errors: 1.5%, within: 1m, min: 100}");

    assertThat(r.problems()).isEmpty();
    Rollback rollback = r.rules().get(0).rollback();
    assertThat(rollback.errorPercent()).isEqualByComparingTo("1.5");
    assertThat(rollback.within()).isEqualTo(Duration.ofMinutes(1));
    assertThat(rollback.minCalls()).isEqualTo(100);
    assertThat(rollback).hasToString("{errors: 1.5%, within: 1m, min: 100}");
    assertThat(read(rule("plain", FIX + "Legacy#now(int)", FIX + "Modern#now(int)", "redirect")).rules().get(0)
        .rollback()).isNull();
  }

  @Test
  void eachBadRollbackValueIsOneLineNamingTheKeyAndTheValue() {
    assertThat(withRollback("{errors: 1%, within: 1m, min: 100, after: 2}").problems()).singleElement().asString()
        .contains("rule 'r'").contains("unknown rollback key 'after' (known: errors, within, min)");
    assertThat(withRollback("{errors: 5, within: 1m, min: 100}").problems()).singleElement().asString()
        .contains("rollback errors '5' is not a percentage");
    assertThat(withRollback("{errors: 100%, within: 1m, min: 100}").problems()).singleElement().asString()
        .contains("rollback errors '100%' is not a percentage from 0% to below 100%");
    assertThat(withRollback("{errors: -1%, within: 1m, min: 100}").problems()).singleElement().asString()
        .contains("rollback errors '-1%'");
    assertThat(withRollback("{errors: 1%, within: 2 weeks, min: 100}").problems()).singleElement().asString()
        .contains("rollback within '2 weeks' is not a duration from 1s to 1h");
    assertThat(withRollback("{errors: 1%, within: 2h, min: 100}").problems()).singleElement().asString()
        .contains("rollback within '2h'");
    assertThat(withRollback("{errors: 1%, within: 0s, min: 100}").problems()).singleElement().asString()
        .contains("rollback within '0s'");
    assertThat(withRollback("{errors: 1%, within: 1m, min: 0}").problems()).singleElement().asString()
        .contains("rollback min '0' is not a whole number of calls from 1 to 1000000000");
    assertThat(withRollback("{errors: 1%, within: 1m, min: 1.5}").problems()).singleElement().asString()
        .contains("rollback min '1.5'");
    assertThat(withRollback("{errors: 1%, within: 1m}").problems()).singleElement().asString()
        .contains("rollback needs 'min'");
    assertThat(withRollback("{errors: [1%], within: 1m, min: 3}").problems()).singleElement().asString()
        .contains("rollback 'errors' must be a single value");
    assertThat(withRollback("5%").problems()).singleElement().asString()
        .contains("'rollback' must be a mapping such as {errors: 1%, within: 1m, min: 100}");
  }

  @Test
  void aRollbackValueQuotedBackIsOneShortEscapedLine() {
    RulesReader.Result r = withRollback("{errors: \"5\\n%" + "x".repeat(100) + "\", within: 1m, min: 3}");

    assertThat(r.problems()).singleElement().satisfies(p -> {
      assertThat(p.describe()).doesNotContain("\n").contains("\\n").contains("...");
      assertThat(p.describe().length()).isLessThan(300);
    });
  }

  @Test
  void aRollbackNeedsAReplacementWhateverTheStage() {
    RulesReader.Result r = read(rule("none", FIX + "Legacy#now(int)", null, "observe")
        + "    rollback: {errors: 1%, within: 1m, min: 100}\n",
        rule("class", FIX + "Legacy", null, "warn") + "    rollback: {errors: 1%, within: 1m, min: 100}\n",
        rule("later", FIX + "Legacy#ping()", FIX + "Modern#ping()", "observe")
        + "    rollback: {errors: 0%, within: 30s, min: 1}\n");

    assertThat(r.rules()).extracting(RuleSpec::id).containsExactly("later");
    assertThat(r.problems()).extracting(Problem::describe)
        .anySatisfy(p -> assertThat(p).contains("rule 'none'").contains("'rollback' needs a 'replacement'"))
        .anySatisfy(p -> assertThat(p).contains("rule 'class'").contains("a class rule redirects only through an"
            + " adapter class"));
  }

  @Test
  void aRollbackIsRedirectedCallsThrowingMoreOftenThanItsShareOnceThereAreEnough() {
    Rollback fivePercent = new Rollback(new BigDecimal("5"), Duration.ofSeconds(10), 50);

    assertThat(fivePercent.exceededBy(49, 49)).as("fewer calls than min").isFalse();
    assertThat(fivePercent.exceededBy(100, 5)).as("exactly the share").isFalse();
    assertThat(fivePercent.exceededBy(100, 6)).isTrue();
    assertThat(fivePercent.exceededBy(1000, 0)).isFalse();
    assertThat(new Rollback(BigDecimal.ZERO, Duration.ofSeconds(1), 1).exceededBy(1, 1)).as("0%: any error").isTrue();
    assertThat(new Rollback(new BigDecimal("0.1"), Duration.ofSeconds(1), 1).exceededBy(10_000, 11)).isTrue();
    assertThat(new Rollback(new BigDecimal("0.1"), Duration.ofSeconds(1), 1).exceededBy(10_000, 10)).isFalse();
  }

  @Test
  void aRulesFileEditOfOnlyTheRollbackIsAnotherDefinition() {
    RuleSpec a = withRollback("{errors: 1%, within: 1m, min: 100}").rules().get(0);
    RuleSpec sameShare = withRollback("{errors: 1.0%, within: 60s, min: 100}").rules().get(0);
    RuleSpec other = withRollback("{errors: 2%, within: 1m, min: 100}").rules().get(0);

    assertThat(a.sameDefinition(sameShare)).isTrue();
    assertThat(a.sameDefinition(other)).isFalse();
  }
}
