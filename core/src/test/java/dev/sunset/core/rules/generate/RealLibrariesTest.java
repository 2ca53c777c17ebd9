package dev.sunset.core.rules.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.sunset.core.format.RuleResolution;
import dev.sunset.core.rules.RuleSource;
import dev.sunset.core.rules.RulesReader;
import dev.sunset.core.scan.ArtifactScanner;
import dev.sunset.core.scan.ScanResult;
import dev.sunset.core.scan.ScannedRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code sunset rules --from-deprecated} on real libraries from Maven Central: Guava (Error Prone's {@code @InlineMe},
 * no {@code forRemoval}), Commons Lang 3.18.0 (deprecations without {@code forRemoval}) and Spring's core (for
 * removal, with {@code since}). Each file written reads back with the rules reader, resolves against the jar as
 * {@code sunset scan --rules} resolves it with no rule refused, and holds to the rules schema.
 */
class RealLibrariesTest {
  static final Path GUAVA = Path.of(System.getProperty("sunset.guava.jar", "target/real-libraries/guava.jar"));
  static final Path LANG = Path.of(System.getProperty("sunset.commons.lang.jar", "target/real-libraries/lang.jar"));
  static final Path SPRING = Path.of(System.getProperty("sunset.spring.core.jar", "target/real-libraries/spring.jar"));
  static final Path SCHEMA = Path.of("..").toAbsolutePath().normalize().resolve("docs/schemas/sunset-rules.schema.json");

  static GeneratedRules generate(Path jar, boolean all) throws Exception {
    GeneratedRules g = RulesFromDeprecated.builder().allDeprecated(all).build().generate(List.of(jar));
    Path kept = Path.of("target/generated-rules");
    Files.createDirectories(kept);
    Files.writeString(kept.resolve(jar.getFileName() + (all ? "-all" : "") + ".yaml"), g.text());
    return g;
  }

  static Map<String, GeneratedRules.Rule> byLegacy(GeneratedRules g) {
    return g.rules().stream().collect(Collectors.toMap(GeneratedRules.Rule::legacy, Function.identity()));
  }

  /** The file as {@code sunset scan --rules generated.yaml jar} reads and resolves it: no problem, every rule resolved. */
  static void assertPassesTheAgentsChecks(GeneratedRules g, Path jar) throws Exception {
    RulesReader.Result read = new RulesReader(p -> Optional.empty()).read(
        new RuleSource("generated.yaml", Path.of("."), RuleSource.Kind.USER), g.text());
    assertThat(read.problems()).isEmpty();
    assertThat(read.rules()).hasSize(g.rules().size());
    ScanResult scan = ArtifactScanner.builder().userRules(read).build().scan(List.of(jar));
    assertThat(scan.problems()).as("problems resolving the rules").isEmpty();
    assertThat(scan.rules()).filteredOn(r -> r.spec().source().isUserFile())
        .allSatisfy(r -> assertThat(r.resolution()).as(r.spec().id()).isEqualTo(RuleResolution.RESOLVED))
        .hasSize(g.rules().size());
  }

  static void assertValidAgainstTheSchema(GeneratedRules g) throws Exception {
    JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(
        Files.readString(SCHEMA), SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    assertThat(schema.validate(new YAMLMapper().readTree(g.text())).stream().map(ValidationMessage::getMessage))
        .isEmpty();
    assertThat(g.text()).startsWith("# yaml-language-server: $schema=docs/schemas/sunset-rules.schema.json\n");
  }

  @Test
  void guavasInlineMeGivesCollectionsNewSetFromMapAsTheReplacementOfSetsNewSetFromMap() throws Exception {
    GeneratedRules g = generate(GUAVA, true);
    Map<String, GeneratedRules.Rule> rules = byLegacy(g);

    GeneratedRules.Rule sets = rules.get("com.google.common.collect.Sets#newSetFromMap(java.util.Map)");
    assertThat(sets.id()).isEqualTo("com.google.common.collect.Sets.newSetFromMap-Map");
    assertThat(sets.replacement()).isEqualTo("java.util.Collections#newSetFromMap(java.util.Map)");
    assertThat(sets.inlineMe()).isEqualTo("Collections.newSetFromMap(map)");
    assertThat(sets.message()).isEqualTo("Deprecated; use java.util.Collections.newSetFromMap");
    assertThat(g.inferred()).extracting(GeneratedRules.Rule::legacy)
        .containsExactly("com.google.common.collect.Sets#newSetFromMap(java.util.Map)");
    assertThat(g.text()).contains("    legacy: com.google.common.collect.Sets#newSetFromMap(java.util.Map)\n"
        + "    # replacement inferred from @InlineMe(replacement = \"Collections.newSetFromMap(map)\")\n"
        + "    replacement: java.util.Collections#newSetFromMap(java.util.Map)\n");
    assertThat(g.summary()).contains("1 replacement inferred from @InlineMe");

    // an @InlineMe that is not a static call of the parameters, or whose method does not fit, is a comment
    assertThat(rules.get("com.google.common.io.Files#toString(java.io.File, java.nio.charset.Charset)"))
        .satisfies(r -> assertThat(r.replacement()).isNull())
        .satisfies(r -> assertThat(r.inlineMeNotUsed()).contains("not a call of one static method"));
    assertThat(rules.get("com.google.common.collect.Ordering#binarySearch(java.util.List, java.lang.Object)")
        .inlineMeNotUsed()).isEqualTo("its arguments (sortedList, key, this) are not the parameters (sortedList, key) "
            + "in order, nor this followed by them");
    assertThat(rules.get("com.google.common.collect.FluentIterable#from(com.google.common.collect.FluentIterable)")
        .inlineMeNotUsed()).isEqualTo("com.google.common.base.Preconditions has no static method checkNotNull taking "
            + "(com.google.common.collect.FluentIterable)"); // checkNotNull(Object): a rule's parameters are exact
    assertThat(rules.get("com.google.common.collect.Streams#stream(java.util.Collection)").inlineMeNotUsed())
        .isEqualTo("it calls a method on collection, not a static method");
    assertThat(g.text()).contains("    # @InlineMe(replacement = \"checkNotNull(iterable)\") not used: "
        + "com.google.common.base.Preconditions has no static method checkNotNull");

    // fields are listed, not written as rules
    assertThat(g.notExpressible()).extracting(GeneratedRules.Listed::member)
        .contains("com.google.common.base.Charsets.UTF_8 (java.nio.charset.Charset)");
    assertThat(g.text()).contains("#   field com.google.common.base.Charsets.UTF_8 (java.nio.charset.Charset): "
        + "deprecated; a rule names a field only through a class rule, which covers the whole class\n");
    // a class deprecated as a whole is a class rule
    assertThat(rules.get("com.google.common.collect.TreeTraverser")).satisfies(r -> {
      assertThat(r.id()).isEqualTo("com.google.common.collect.TreeTraverser");
      assertThat(r.replacement()).isNull();
    });
    assertPassesTheAgentsChecks(g, GUAVA);
    assertValidAgainstTheSchema(g);
  }

  @Test
  void guavaDeprecatesNothingForRemovalSoByDefaultItsFileHasNoRulesAndSaysHowManyWereLeftOut() throws Exception {
    GeneratedRules g = generate(GUAVA, false);

    assertThat(g.rules()).isEmpty();
    assertThat(g.notSelected()).isGreaterThan(200);
    assertThat(g.text()).contains("\nrules: []\n");
    assertPassesTheAgentsChecks(g, GUAVA);
    assertValidAgainstTheSchema(g);
  }

  @Test
  void commonsLang318DeprecatesWithoutForRemovalItsConstructorsAreListedAndItsWholeClassesAreClassRules() throws Exception {
    GeneratedRules byDefault = generate(LANG, false);
    GeneratedRules all = generate(LANG, true);

    assertThat(byDefault.rules()).isEmpty();
    assertThat(byDefault.notSelected()).isGreaterThan(100);
    GeneratedRules.Rule removeAll = byLegacy(all).get("org.apache.commons.lang3.ArrayUtils#removeAllOccurences(int[], int)");
    assertThat(removeAll.id()).isEqualTo("org.apache.commons.lang3.ArrayUtils.removeAllOccurences-intArray-int");
    assertThat(removeAll.message()).isEqualTo("Deprecated");
    assertThat(all.notExpressible()).contains(new GeneratedRules.Listed(DeprecatedMember.Kind.CONSTRUCTOR,
        "org.apache.commons.lang3.ArrayUtils()", "deprecated", "a rule names a constructor only through a class rule, "
        + "which covers the whole class"));
    assertThat(byLegacy(all)).containsKey("org.apache.commons.lang3.CharEncoding");
    assertThat(all.classes()).isEmpty();
    assertPassesTheAgentsChecks(all, LANG);
    assertValidAgainstTheSchema(all);
    assertValidAgainstTheSchema(byDefault);
  }

  @Test
  void springsCoreDeprecatesForRemovalWithSinceAndEachMethodBecomesARuleSayingSince() throws Exception {
    GeneratedRules g = generate(SPRING, false);
    Map<String, GeneratedRules.Rule> rules = byLegacy(g);

    assertThat(rules.get("org.springframework.aot.hint.RuntimeHints#serialization()"))
        .isEqualTo(new GeneratedRules.Rule("org.springframework.aot.hint.RuntimeHints.serialization",
            "org.springframework.aot.hint.RuntimeHints#serialization()", null, "Deprecated for removal since 7.0.6",
            null, null));
    assertThat(rules).containsKey("org.springframework.core.BridgeMethodResolver#isVisibilityBridgeMethodPair("
        + "java.lang.reflect.Method, java.lang.reflect.Method)");
    assertThat(g.text()).contains("  - id: org.springframework.aot.hint.RuntimeHints.serialization\n"
        + "    legacy: org.springframework.aot.hint.RuntimeHints#serialization()\n"
        + "    stage: observe\n"
        + "    message: Deprecated for removal since 7.0.6\n");
    assertThat(g.notExpressible()).contains(new GeneratedRules.Listed(DeprecatedMember.Kind.FIELD,
        "org.springframework.aot.hint.MemberCategory.PUBLIC_FIELDS (org.springframework.aot.hint.MemberCategory)",
        "deprecated for removal since 7.0", "a rule names a field only through a class rule, which covers the whole "
        + "class"));
    assertThat(rules).containsKey("org.springframework.core.io.PathResource");
    assertThat(g.classes()).isEmpty();
    assertThat(g.rules()).allSatisfy(r -> assertThat(r.message()).startsWith("Deprecated for removal"));
    assertPassesTheAgentsChecks(g, SPRING);
    assertValidAgainstTheSchema(g);
  }
}
