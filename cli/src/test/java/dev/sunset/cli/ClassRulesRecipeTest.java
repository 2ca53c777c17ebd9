package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.examples.chat.LegacyClassUses;
import dev.sunset.rewrite.ClassMigration;
import dev.sunset.rewrite.MigrationRecipes;
import dev.sunset.rewrite.MigrationRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sunset recipe} with class rules that name an adapter, resolved against the shim's jar as the agent resolves
 * them: each member with a counterpart (and no method rule of its own) becomes the generator's class migration, the
 * members without one are named on standard error, and a class rule without a replacement, or without the classes to
 * read its members from, is skipped saying why.
 */
class ClassRulesRecipeTest {
  private static final String NAME = "dev.sunset.examples.RetireLegacyClasses";
  private static final String WS = "com.example.ws.";

  @TempDir
  Path dir;

  /** The recipe of the shipped method rules, as the shim's jar resolves them. */
  private static List<MigrationRule> shippedMethodRules() {
    String factory = WS + "WebSocketManagerFactory#";
    String create = WS + "UnifiedWebSocketManager#createForUser(" + WS + "UserExecutionContext)";
    return List.of(
        MigrationRule.of(factory + "createForUser(" + WS + "UserExecutionContext)", false, create),
        MigrationRule.of(factory + "createManager(" + WS + "UserExecutionContext)", false, create),
        MigrationRule.of(factory + "createWebSocketManager(" + WS + "UserExecutionContext)", true, create),
        MigrationRule.of(WS + "WebSocketManager#sendEvent(java.lang.String, java.util.Map)", false,
            WS + "LegacyAdapters#sendEvent(" + WS + "WebSocketManager, java.lang.String, java.util.Map)"),
        MigrationRule.of(WS + "WebSocketManager#sendToolExecuting(java.lang.String, java.lang.String, "
            + "java.lang.String, java.util.Map)", false, WS + "LegacyAdapters#sendToolExecuting(" + WS
            + "WebSocketManager, java.lang.String, java.lang.String, java.lang.String, java.util.Map)"));
  }

  @Test
  void theChatAppsClassRulesMigrateEachMemberWithACounterpartAndNameTheOthers() throws Exception {
    Path rules = Files.writeString(dir.resolve("rules.yaml"),
        LegacyClassUses.adapterRulesFile("redirect", LegacyClassUses.CONTEXT_ADAPTERS, ""));
    Path out = dir.resolve("rewrite.yml");

    CliRun run = CliRun.of("recipe", "--rules", rules.toString(), "--name", NAME, "-o", out.toString(),
        ChatApp.shimJar().toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    // the context: its constructor to contextFor, its two fields' reads to managerOf and getUserContext (final
    // fields: no setter needed); the legacy adapter: its constructor to wrap; the factory: every method has a
    // method rule of its own, which overrides the class rule
    ClassMigration context = new ClassMigration(WS + "AgentExecutionContext", WS + "ContextAdapters", List.of(),
        List.of(new ClassMigration.Constructor(List.of(WS + "UserExecutionContext", WS + "WebSocketManager"),
            "contextFor")),
        List.of(new ClassMigration.Field("userContext", "getUserContext", null),
            new ClassMigration.Field("websocketManager", "managerOf", null)),
        null);
    ClassMigration adapter = new ClassMigration(WS + "LegacyWebSocketManagerAdapter", WS + "ManagerWrappers",
        List.of(), List.of(new ClassMigration.Constructor(List.of(WS + "WebSocketManager"), "wrap")), List.of(), null);
    assertThat(Files.readString(out))
        .isEqualTo(MigrationRecipes.toYaml(NAME, shippedMethodRules(), List.of(adapter, context)));
    assertThat(run.errLines()).containsExactly(
        "skipped, no replacement to migrate to: ws-factory-get-factory",
        "skipped, no member left with a counterpart to migrate to: ws-factory-class",
        "class rule 'ws-legacy-adapter-class': left as they are, no counterpart in " + WS + "ManagerWrappers: "
            + "payload(java.lang.String, java.util.Map), sendEvent(java.lang.String, java.util.Map), "
            + "sendToolExecuting(java.lang.String, java.lang.String, java.lang.String, java.util.Map)",
        "recipe " + NAME + ": 7 rules migrated, written to " + out);
  }

  @Test
  void withoutThePathsAClassRuleIsSkippedSayingWhyAndOneWithoutReplacementAsBefore() throws Exception {
    Path rules = Files.writeString(dir.resolve("rules.yaml"), "rules:\n"
        + LegacyClassUses.classRule("factory-observed", WS + "WebSocketManagerFactory", "observe", "observed only")
        + LegacyClassUses.classRule("context-adapted", WS + "AgentExecutionContext", "observe", "adapted")
        + "    replacement: " + WS + "ContextAdapters\n"
        + "  - id: send\n"
        + "    legacy: " + WS + "WebSocketManager#sendEvent(java.lang.String, java.util.Map)\n"
        + "    replacement: " + WS + "LegacyAdapters#sendEvent(" + WS + "WebSocketManager, java.lang.String, "
        + "java.util.Map)\n");

    CliRun run = CliRun.of("recipe", "--rules", rules.toString(), "--name", NAME);

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.errLines()).containsExactly(
        "skipped, no replacement to migrate to: factory-observed",
        "skipped, class rules are migrated from their classes' members, which only the PATHs holding them give: "
            + "context-adapted",
        "recipe " + NAME + ": 1 rule migrated");
    assertThat(run.out()).isEqualTo(MigrationRecipes.toYaml(NAME, List.of(shippedMethodRules().get(3))));

    Path onlyClasses = Files.writeString(dir.resolve("classes.yaml"), "rules:\n"
        + LegacyClassUses.classRule("context-adapted", WS + "AgentExecutionContext", "observe", "adapted")
        + "    replacement: " + WS + "ContextAdapters\n");
    CliRun nothing = CliRun.of("recipe", "--rules", onlyClasses.toString(), "--name", NAME);
    assertThat(nothing.exitCode()).as("%s", nothing).isEqualTo(2);
    assertThat(nothing.errLines()).containsExactly("sunset recipe: " + onlyClasses + ": nothing to migrate: class "
        + "rules are migrated from their classes' members, which only the PATHs holding them give (context-adapted)");
  }

  @Test
  void aReplacementTypeEndsTheClasssMigrationWithAChangeOfType() throws Exception {
    Path rules = Files.writeString(dir.resolve("rules.yaml"), "rules:\n"
        + LegacyClassUses.classRule("adapter-class", WS + "LegacyWebSocketManagerAdapter", "observe", "typed")
        + "    replacement: " + WS + "ManagerWrappers\n"
        + "    members:\n"
        + "      \"<init>(com.example.ws.WebSocketManager)\": wrap\n"
        + "    replacementType: " + WS + "WebSocketManager\n");

    CliRun run = CliRun.of("recipe", "--rules", rules.toString(), "--name", NAME, ChatApp.shimJar().toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.out()).endsWith("""
          - dev.sunset.rewrite.ChangeConstructorToStaticMethod:
              constructorPattern: com.example.ws.LegacyWebSocketManagerAdapter <constructor>(com.example.ws.WebSocketManager)
              fullyQualifiedTargetTypeName: com.example.ws.ManagerWrappers
              methodName: wrap
          - org.openrewrite.java.ChangeType:
              oldFullyQualifiedTypeName: com.example.ws.LegacyWebSocketManagerAdapter
              newFullyQualifiedTypeName: com.example.ws.WebSocketManager
              ignoreDefinition: true
        """);
  }
}
