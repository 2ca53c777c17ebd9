package dev.sunset.core.rules.generate;

import static dev.sunset.core.rules.generate.RealLibrariesTest.assertPassesTheAgentsChecks;
import static dev.sunset.core.rules.generate.RealLibrariesTest.assertValidAgainstTheSchema;
import static dev.sunset.core.rules.generate.RealLibrariesTest.byLegacy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sunset.core.rules.RuleSource;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.RulesReader;
import dev.sunset.core.rules.generate.DeprecatedLibrary.Dep;
import dev.sunset.core.scan.ArtifactException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.Opcodes;

/**
 * Rules written from class files that say every kind of thing: {@code @InlineMe} of every shape (used when it is a
 * static call of the parameters that the resolver accepts, a comment saying why otherwise), constructors and fields
 * (comments), and names and {@code since} values that try to break the YAML.
 */
class RulesFromDeprecatedTest {
  private static final int PS = Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC;
  private static final Dep REMOVAL = new Dep(true, null);
  static final String HOSTILE_SINCE = "1.0\"\n  - id: injected\n    legacy: com.acme.Old#twice(int)\u202E #";

  @TempDir
  Path dir;

  private Path library() throws Exception {
    DeprecatedLibrary lib = new DeprecatedLibrary();
    lib.type("com/acme/Gone", true);
    lib.method("com/acme/New", PS, "twice", "(I)I", null, null, null)
        .method("com/acme/New", PS, "minus", "(II)I", null, null, null)
        .method("com/acme/Names", PS, "of", "(Lcom/acme/Old;)Ljava/lang/String;", null, null, null)
        .method("com/acme/Old", PS, "twice", "(I)I", new Dep(true, "2.0"), List.of("x"), "New.twice(x)",
            "com.acme.New")
        .method("com/acme/Old", Opcodes.ACC_PUBLIC, "name", "()Ljava/lang/String;", REMOVAL, List.of(),
            "Names.of(this)", "com.acme.Names")
        .method("com/acme/Old", PS, "minus", "(II)I", REMOVAL, List.of("a", "b"), "New.minus(b, a)", "com.acme.New")
        .method("com/acme/Old", PS, "wide", "(I)J", REMOVAL, List.of("x"), "New.twice(x)", "com.acme.New")
        .method("com/acme/Old", PS, "noNames", "(I)I", REMOVAL, null, "New.twice(x)", "com.acme.New")
        .method("com/acme/Old", PS, "elsewhere", "(I)I", REMOVAL, List.of("x"), "Missing.twice(x)", "com.acme.Missing")
        .method("com/acme/Old", PS, "conv", "(Ljava/util/Date;)V", REMOVAL, null, null)
        .method("com/acme/Old", PS, "conv", "(Ljava/sql/Date;)V", REMOVAL, null, null)
        .method("com/acme/Old", PS, "hostileSince", "()V", new Dep(true, HOSTILE_SINCE), null, null)
        .method("com/acme/Old", PS, "plain", "()V", new Dep(false, "0.9"), null, null)
        .method("com/acme/Old", Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC, "hidden", "()V", REMOVAL, null, null)
        .method("com/acme/Old", PS | Opcodes.ACC_SYNTHETIC | Opcodes.ACC_BRIDGE, "bridge", "()V", REMOVAL, null, null)
        .method("com/acme/Old", PS, "evil\"name: x\n  - id: injected", "()V", REMOVAL, null, null)
        .method("com/acme/Old", PS, "caf\u00e9", "()V", REMOVAL, null, null)
        .method("com/acme/Old", Opcodes.ACC_PUBLIC, "<init>", "(I)V", new Dep(true, "3.0"), null, null)
        .field("com/acme/Old", "LIMIT", "I", new Dep(true, "1.0"))
        .method("com/acme/Bad:Name'x", PS, "m", "()V", REMOVAL, null, null);
    return lib.jar(dir.resolve("lib.jar"));
  }

  @Test
  void anInlineMeThatIsAStaticCallOfTheParametersBecomesTheReplacementEitherDroppingOrTakingTheReceiver()
      throws Exception {
    Path jar = library();
    GeneratedRules g = RulesFromDeprecated.builder().build().generate(List.of(jar));
    Map<String, GeneratedRules.Rule> rules = byLegacy(g);

    assertThat(rules.get("com.acme.Old#twice(int)")).isEqualTo(new GeneratedRules.Rule("com.acme.Old.twice-int",
        "com.acme.Old#twice(int)", "com.acme.New#twice(int)", "Deprecated for removal since 2.0; use com.acme.New.twice",
        "New.twice(x)", null));
    assertThat(rules.get("com.acme.Old#name()").replacement()).isEqualTo("com.acme.Names#of(com.acme.Old)");
    assertThat(g.inferred()).extracting(GeneratedRules.Rule::legacy)
        .containsExactly("com.acme.Old#name()", "com.acme.Old#twice(int)");
    assertThat(g.summary()).startsWith("10 rules (2 replacements inferred from @InlineMe, 4 @InlineMe not used");
    assertPassesTheAgentsChecks(g, jar);
    assertValidAgainstTheSchema(g);
  }

  @Test
  void anInlineMeThatDoesNotFitIsACommentSayingWhyNeverAWrongReplacement() throws Exception {
    GeneratedRules g = RulesFromDeprecated.builder().build().generate(List.of(library()));
    Map<String, GeneratedRules.Rule> rules = byLegacy(g);

    assertThat(rules.get("com.acme.Old#minus(int, int)").inlineMeNotUsed())
        .isEqualTo("its arguments (b, a) are not the parameters (a, b) in order");
    assertThat(rules.get("com.acme.Old#wide(int)").inlineMeNotUsed())
        .isEqualTo("replacement returns int, which is not assignable to the legacy return type long");
    assertThat(rules.get("com.acme.Old#noNames(int)").inlineMeNotUsed())
        .isEqualTo("the class file keeps no parameter names, so its arguments cannot be matched with the parameters");
    assertThat(rules.get("com.acme.Old#elsewhere(int)").inlineMeNotUsed()).startsWith("the class Missing is in none");
    assertThat(g.rules()).filteredOn(r -> r.inlineMeNotUsed() != null)
        .allSatisfy(r -> assertThat(r.replacement()).isNull());
    assertThat(g.text()).contains("    legacy: com.acme.Old#minus(int, int)\n"
        + "    # @InlineMe(replacement = \"New.minus(b, a)\") not used: its arguments (b, a) are not the parameters "
        + "(a, b) in order\n    stage: observe\n");
  }

  @Test
  void aClassDeprecatedAsAWholeIsAClassRuleAndItsLoneConstructorsAndFieldsAreListedAsComments() throws Exception {
    GeneratedRules g = RulesFromDeprecated.builder().build().generate(List.of(library()));

    assertThat(g.notExpressible()).contains(
        new GeneratedRules.Listed(DeprecatedMember.Kind.CONSTRUCTOR, "com.acme.Old(int)", "deprecated for removal "
            + "since 3.0", "a rule names a constructor only through a class rule, which covers the whole class"),
        new GeneratedRules.Listed(DeprecatedMember.Kind.FIELD, "com.acme.Old.LIMIT (int)", "deprecated for removal "
            + "since 1.0", "a rule names a field only through a class rule, which covers the whole class"));
    assertThat(g.classes()).isEmpty();
    assertThat(byLegacy(g)).containsKey("com.acme.Gone");
    assertThat(byLegacy(g).get("com.acme.Gone").id()).isEqualTo("com.acme.Gone");
    assertThat(g.summary()).contains("; 1 constructor, 1 field, 3 methods not yet expressible as rules, listed as "
        + "comments; 1 more deprecated without forRemoval = true, left out");
    assertThat(g.text()).contains("\n# Not yet expressible as rules (5 members):\n", "\n"
        + "#   constructor com.acme.Old(int): deprecated for removal since 3.0; a rule names a constructor only through "
        + "a class rule, which covers the whole class\n", "    legacy: com.acme.Gone\n    stage: observe\n");
  }

  @Test
  void privateSyntheticAndBridgeMethodsAreLeftOutAndAllDeprecatedAddsThoseNotForRemoval() throws Exception {
    Path jar = library();
    GeneratedRules byDefault = RulesFromDeprecated.builder().build().generate(List.of(jar));
    GeneratedRules all = RulesFromDeprecated.builder().allDeprecated(true).build().generate(List.of(jar));

    assertThat(byLegacy(byDefault)).doesNotContainKeys("com.acme.Old#hidden()", "com.acme.Old#bridge()",
        "com.acme.Old#plain()");
    assertThat(byLegacy(all)).doesNotContainKeys("com.acme.Old#hidden()", "com.acme.Old#bridge()");
    assertThat(byLegacy(all).get("com.acme.Old#plain()").message()).isEqualTo("Deprecated since 0.9");
    assertThat(all.rules()).hasSize(byDefault.rules().size() + 1);
  }

  @Test
  void overloadsWhoseIdsWouldBeTheSameEachGetTheirOwnStableId() throws Exception {
    GeneratedRules g = RulesFromDeprecated.builder().build().generate(List.of(library()));
    GeneratedRules again = RulesFromDeprecated.builder().build().generate(List.of(library()));

    String util = byLegacy(g).get("com.acme.Old#conv(java.util.Date)").id();
    String sql = byLegacy(g).get("com.acme.Old#conv(java.sql.Date)").id();
    assertThat(util).matches("com\\.acme\\.Old\\.conv-Date-[0-9a-f]{8}");
    assertThat(sql).matches("com\\.acme\\.Old\\.conv-Date-[0-9a-f]{8}").isNotEqualTo(util);
    assertThat(again.text()).isEqualTo(g.text());
  }

  @Test
  void hostileNamesAndSinceValuesNeitherBreakTheYamlNorReachItRaw() throws Exception {
    Path jar = library();
    GeneratedRules g = RulesFromDeprecated.builder().build().generate(List.of(jar));

    // the since that tries to start a rule of its own is the message, whole, and nothing more
    RulesReader.Result read = new RulesReader(p -> Optional.empty()).read(
        new RuleSource("generated.yaml", Path.of("."), RuleSource.Kind.USER), g.text());
    assertThat(read.problems()).isEmpty();
    assertThat(read.rules()).extracting(RuleSpec::id).doesNotContain("injected");
    RuleSpec hostile = read.rules().stream().filter(r -> r.legacy().name().equals("hostileSince")).findFirst()
        .orElseThrow();
    assertThat(hostile.message()).isEqualTo("Deprecated for removal since " + HOSTILE_SINCE.strip());
    JsonNode yaml = new YAMLMapper().readTree(g.text());
    assertThat(yaml.get("rules")).hasSize(g.rules().size());
    assertThat(yaml.fieldNames()).toIterable().containsExactly("rules");

    // names the rules file cannot take are comments, escaped, one line each
    assertThat(g.notExpressible()).extracting(GeneratedRules.Listed::member).contains(
        "com.acme.Old#evil\"name: x\n  - id: injected()", "com.acme.Old#caf\u00e9()", "com.acme.Bad:Name'x#m()");
    assertThat(g.text()).contains("#   method com.acme.Old#evil\"name: x\\n  - id: injected(): deprecated for removal; "
        + "the rules file cannot name it: ");
    assertThat(g.text()).contains("#   method com.acme.Old#caf\u00e9(): deprecated for removal; the rules file's "
        + "schema names members with ASCII names only\n");
    for (String line : g.text().split("\n", -1)) {
      assertThat(line).as("a line of the file").matches("|#.*|rules:( \\[\\])?|  - id: .*|    [a-z]+: .*|    # .*");
    }
    assertThat(g.text()).doesNotContain("\u202E", "\r");
    assertValidAgainstTheSchema(g);
    assertPassesTheAgentsChecks(g, jar);
  }

  @Test
  void theLibraryInsideASpringBootJarGivesTheSameRulesAsTheLibraryAlone() throws Exception {
    Path lib = library();
    Path boot = DeprecatedLibrary.bootJar(lib, dir.resolve("app.jar"));

    GeneratedRules alone = RulesFromDeprecated.builder().build().generate(List.of(lib));
    GeneratedRules inBoot = RulesFromDeprecated.builder().build().generate(List.of(boot));

    assertThat(inBoot.rules()).isEqualTo(alone.rules());
    assertPassesTheAgentsChecks(inBoot, boot);
  }

  @Test
  void aPathThatIsNotAnArtifactAndASchemaThatIsNotOneLineAreRefused() throws Exception {
    assertThatThrownBy(() -> RulesFromDeprecated.builder().build().generate(List.of(dir.resolve("none.jar"))))
        .isInstanceOf(ArtifactException.class).hasMessageContaining("does not exist");
    assertThatThrownBy(() -> RulesFromDeprecated.builder().schema("a\nb")).isInstanceOf(IllegalArgumentException.class);
    assertThat(RulesFromDeprecated.builder().schema("https://example.com/rules.schema.json").build()
        .generate(List.of(library())).text()).startsWith("# yaml-language-server: "
            + "$schema=https://example.com/rules.schema.json\n");
  }
}
