package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.cli.fixtures.RecipeLegacy;
import dev.sunset.rewrite.MigrationRecipes;
import dev.sunset.rewrite.MigrationRule;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * {@code sunset recipe}: the rules become the generator's migration rules, with whether each legacy method is
 * static read from its class file when one is given and from the rule's shape when not; bad input is one line.
 */
class RecipeCommandTest {
  private static final String NAME = "com.acme.MigrateRecipeLegacy";
  private static final String LEGACY = "dev.sunset.cli.fixtures.RecipeLegacy";
  private static final String MODERN = "dev.sunset.cli.fixtures.RecipeModern";
  private static final String RULES = "rules:\n"
      + "  - id: fixture-make\n"
      + "    legacy: " + LEGACY + "#make(java.lang.String)\n"
      + "    replacement: " + MODERN + "#build(java.lang.String)\n"
      + "  - id: fixture-create\n"
      + "    legacy: " + LEGACY + "#create(int)\n"
      + "    replacement: " + MODERN + "#create(int)\n"
      + "  - id: fixture-send\n"
      + "    legacy: " + LEGACY + "#send(java.lang.String)\n"
      + "    replacement: " + MODERN + "#send(" + LEGACY + ", java.lang.String)\n"
      + "  - id: fixture-old\n"
      + "    legacy: " + LEGACY + "#old()\n";

  @TempDir
  Path dir;

  /** The class folder holding the fixtures' class files. */
  private static Path fixtureClasses() throws URISyntaxException {
    return Path.of(RecipeLegacy.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private Path rules(String text) throws IOException {
    return Files.writeString(Files.createTempFile(dir, "rules", ".yaml"), text);
  }

  private Path recipe(CliRun run, Path file) throws IOException {
    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(file).as("%s", run).isRegularFile();
    return file;
  }

  @Test
  void againstTheClassFilesEveryRuleWithAReplacementIsMigratedAsItsLegacyMethodIsDeclared() throws Exception {
    Path out = dir.resolve("rewrite.yml");

    CliRun run = CliRun.of("recipe", "--rules", rules(RULES).toString(), "--name", NAME, "-o", out.toString(),
        fixtureClasses().toString());

    // make is static, create and send are instance methods: as the class file says
    String expected = MigrationRecipes.toYaml(NAME, List.of(
        MigrationRule.of(LEGACY + "#make(java.lang.String)", true, MODERN + "#build(java.lang.String)"),
        MigrationRule.of(LEGACY + "#create(int)", false, MODERN + "#create(int)"),
        MigrationRule.of(LEGACY + "#send(java.lang.String)", false, MODERN + "#send(" + LEGACY + ", java.lang.String)")));
    assertThat(Files.readString(recipe(run, out))).isEqualTo(expected);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).containsExactly(
        "skipped, no replacement to migrate to: fixture-old",
        "recipe " + NAME + ": 3 rules migrated, written to " + out);
  }

  @Test
  void fromTheRulesAloneTheRecipeComesFromTheShapesAndIsTheSame() throws Exception {
    Path rules = rules(RULES);

    CliRun without = CliRun.of("recipe", "--rules", rules.toString(), "--name", NAME);
    CliRun with = CliRun.of("recipe", "--rules", rules.toString(), "--name", NAME, fixtureClasses().toString());

    assertThat(without.exitCode()).as("%s", without).isZero();
    assertThat(without.out()).as("the recipe on standard output").startsWith("type: " + MigrationRecipes.RECIPE_TYPE)
        .isEqualTo(with.out());
    // why the shape is enough: a receiver-dropped rule's recipe does not depend on whether the legacy method is static
    // (its steps read that off each call's types), and a receiver-first replacement only fits an instance method
    for (boolean legacyStatic : new boolean[] {true, false}) {
      assertThat(MigrationRecipes.toYaml(NAME, List.of(
          MigrationRule.of(LEGACY + "#make(java.lang.String)", legacyStatic, MODERN + "#build(java.lang.String)"))))
          .isEqualTo(MigrationRecipes.toYaml(NAME, List.of(
              MigrationRule.of(LEGACY + "#make(java.lang.String)", !legacyStatic, MODERN + "#build(java.lang.String)"))));
    }
  }

  @Test
  void theRulesTheShimShipsGiveTheRecipeOfTheirLegacyMethodsAsReflectionSeesThem() throws Exception {
    Path shim = ChatApp.shimJar();
    Path out = dir.resolve("rewrite.yml");

    CliRun run = CliRun.of("recipe", "--name", "dev.sunset.examples.MigrateWebSocketManagers", "-o", out.toString(),
        shim.toString());

    List<MigrationRule> expected = new ArrayList<>();
    for (Map<String, String> rule : shippedRules(shim)) {
      if (rule.get("replacement") != null) {
        expected.add(MigrationRule.of(rule.get("legacy"), isStatic(rule.get("legacy")), rule.get("replacement")));
      }
    }
    assertThat(expected).as("shipped rules with a replacement").hasSize(5)
        .anyMatch(MigrationRule::legacyStatic).anyMatch(r -> !r.legacyStatic());
    assertThat(Files.readString(recipe(run, out)))
        .isEqualTo(MigrationRecipes.toYaml("dev.sunset.examples.MigrateWebSocketManagers", expected));
    assertThat(run.errLines()).contains("skipped, no replacement to migrate to: ws-factory-get-factory");
  }

  @Test
  void aReceiverFirstReplacementOfAStaticMethodIsRefusedAgainstTheClassFilesAndWrittenFromItsShapeWithout()
      throws Exception {
    Path rules = rules("rules:\n"
        + "  - id: fixture-log\n"
        + "    legacy: " + LEGACY + "#log(java.lang.String)\n"
        + "    replacement: " + MODERN + "#log(" + LEGACY + ", java.lang.String)\n");

    CliRun against = CliRun.of("recipe", "--rules", rules.toString(), "--name", NAME, fixtureClasses().toString());
    CliRun alone = CliRun.of("recipe", "--rules", rules.toString(), "--name", NAME);

    assertThat(against.exitCode()).as("%s", against).isEqualTo(2);
    assertThat(against.out()).isEmpty();
    assertThat(against.errLines()).containsExactly("sunset recipe: " + rules + ":2: rule 'fixture-log': not applied in "
        + "class path: replacement parameters (" + LEGACY + ", java.lang.String) do not match: the legacy method is "
        + "static, so expected the legacy parameters (java.lang.String)");
    // without class files nothing says it is static; the receiver-first recipe it gets leaves static calls alone
    assertThat(alone.exitCode()).as("%s", alone).isZero();
    assertThat(alone.out()).contains("dev.sunset.rewrite.ChangeMethodTargetToStaticReceiverFirst");
  }

  @Test
  void aRuleWhoseLegacyMethodIsNotInTheClassFilesIsOneLineAndExitTwo() throws Exception {
    Path rules = rules("rules:\n"
        + "  - id: fixture-typo\n"
        + "    legacy: " + LEGACY + "#maek(java.lang.String)\n"
        + "    replacement: " + MODERN + "#build(java.lang.String)\n");

    CliRun run = CliRun.of("recipe", "--rules", rules.toString(), "--name", NAME, fixtureClasses().toString());

    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.errLines()).containsExactly("sunset recipe: " + rules + ":2: rule 'fixture-typo': not applied in "
        + "class path: legacy method maek(java.lang.String) does not exist in " + LEGACY);
  }

  @Test
  void aLegacyClassInNoneOfThePathsIsAWarningAndTheRuleIsWrittenFromItsShape() throws Exception {
    Path rules = rules(RULES + "  - id: elsewhere\n"
        + "    legacy: com.acme.Gone#run(int)\n"
        + "    replacement: " + MODERN + "#create(int)\n");

    CliRun run = CliRun.of("recipe", "--rules", rules.toString(), "--name", NAME, fixtureClasses().toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.errLines()).contains("warning: " + rules + ":13: rule 'elsewhere': no PATH holds com.acme.Gone: "
        + "the recipe is written from the rule's shape");
    assertThat(run.out()).contains("methodPattern: com.acme.Gone run(int)");
  }

  @Test
  void badInputIsOneLineNamingTheFileOrOptionAndExitTwo() throws Exception {
    Path missing = dir.resolve("missing.yaml");
    Path badYaml = rules("rules:\n  - id: x\n    legacy: [\n");
    Path observeOnly = rules("rules:\n  - id: fixture-old\n    legacy: " + LEGACY + "#old()\n");
    Path keyword = rules("rules:\n  - id: fixture-keyword\n    legacy: com.acme.Legacy#new(int)\n"
        + "    replacement: " + MODERN + "#create(int)\n");
    Path good = rules(RULES);
    Path notAFolder = Files.writeString(dir.resolve("file"), "x");

    assertOneLine(CliRun.of("recipe", "--rules", missing.toString(), "--name", NAME),
        "sunset recipe: " + missing + ": does not exist");
    assertOneLine(CliRun.of("recipe", "--rules", badYaml.toString(), "--name", NAME),
        "sunset recipe: " + badYaml + ": not valid YAML");
    assertOneLine(CliRun.of("recipe", "--rules", observeOnly.toString(), "--name", NAME),
        "sunset recipe: " + observeOnly + ": no rule has a replacement: there is nothing to migrate to");
    assertOneLine(CliRun.of("recipe", "--rules", keyword.toString(), "--name", NAME),
        "sunset recipe: " + keyword + ":2: rule 'fixture-keyword': cannot be migrated: migration of "
            + "com.acme.Legacy#new(int): legacy method is not a Java method name: new");
    assertOneLine(CliRun.of("recipe", "--rules", good.toString(), "--name", "not a name"),
        "sunset recipe: --name not a name: is not a dotted name such as com.acme.Migrate (a package, then the "
            + "recipe's own name)");
    assertOneLine(CliRun.of("recipe", "--rules", good.toString(), "--name", "Migrate"),
        "sunset recipe: --name Migrate: is not a dotted name such as com.acme.Migrate (a package, then the "
            + "recipe's own name)");
    assertOneLine(CliRun.of("recipe", "--name", NAME),
        "sunset recipe: no --rules file and no PATH that ships rules: there is nothing to migrate");
    assertOneLine(CliRun.of("recipe", "--rules", good.toString()),
        "sunset recipe: Missing required option: '--name=NAME' (see 'sunset recipe --help')");
    assertOneLine(CliRun.of("recipe", "--rules", good.toString(), "--name", NAME, "-o",
        notAFolder.resolve("rewrite.yml").toString()), "sunset recipe: " + notAFolder.resolve("rewrite.yml")
        + ": cannot be written");
    assertOneLine(CliRun.of("recipe", "--rules", good.toString(), "--name", NAME, dir.resolve("none.jar").toString()),
        "sunset recipe: " + dir.resolve("none.jar") + ": does not exist");
  }

  private static void assertOneLine(CliRun run, String startsWith) {
    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.out()).as("%s", run).isEmpty();
    assertThat(run.errLines()).as("%s", run).singleElement().asString().startsWith(startsWith);
  }

  /** The shim's shipped rules, read with a YAML parser of their own (not Sunset's rules reader). */
  @SuppressWarnings("unchecked")
  private static List<Map<String, String>> shippedRules(Path shim) throws IOException {
    try (JarFile jar = new JarFile(shim.toFile());
        InputStream in = jar.getInputStream(jar.getEntry("META-INF/sunset/rules.yaml"))) {
      Map<String, Object> document = (Map<String, Object>) new Load(LoadSettings.builder().build())
          .loadFromString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return (List<Map<String, String>>) document.get("rules");
    }
  }

  /** Whether {@code owner#name(types)} is static, by reflection on the class on this test's class path. */
  private static boolean isStatic(String member) throws ReflectiveOperationException {
    int hash = member.indexOf('#');
    int open = member.indexOf('(');
    List<Class<?>> types = new ArrayList<>();
    String inside = member.substring(open + 1, member.length() - 1).strip();
    if (!inside.isEmpty()) {
      for (String type : inside.split(",")) {
        types.add(Class.forName(type.strip()));
      }
    }
    Method method = Class.forName(member.substring(0, hash))
        .getMethod(member.substring(hash + 1, open), types.toArray(Class<?>[]::new));
    return Modifier.isStatic(method.getModifiers());
  }
}
