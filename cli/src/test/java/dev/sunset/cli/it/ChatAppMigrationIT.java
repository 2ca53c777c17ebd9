package dev.sunset.cli.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.cli.CliRun;
import dev.sunset.examples.chat.ChatServer;
import dev.sunset.examples.chat.ConcurrentChatUsers;
import dev.sunset.examples.chat.FlakyContextAdapters;
import dev.sunset.examples.chat.ForkedChatServer;
import dev.sunset.examples.chat.GoldenPathCallSites;
import dev.sunset.examples.chat.LegacyClassUses;
import java.io.File;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The whole migration of a copy of the chat app, with the real tools: {@code sunset recipe} writes the recipe from the
 * rules the shim's jar ships, the real rewrite-maven-plugin reviews ({@code dryRun}) and applies it ({@code run}), and
 * then the migrated copy compiles, its golden path (200 users, each gets exactly its five events) passes without the
 * agent, no legacy call is left in its class files, the diff is readable, {@code sunset scan} finds no call site,
 * {@code sunset check} against the scan from before passes, and {@code sunset verdict}, from a run under the agent,
 * says every rule is {@code migrated}; before the migration the same commands found every site and said
 * {@code in-use}, with the counts the golden path makes.
 *
 * <p>The nested Maven runs resolve the dev.sunset artifacts from a private repository (installed by
 * maven-invoker-plugin) and everything else from the build's own local repository as a read-only tail; a settings
 * file keeps them off any repository but Maven Central (third-party poms declare others).
 */
class ChatAppMigrationIT {
  private static final String RECIPE = "dev.sunset.examples.MigrateWebSocketManagers";
  /** Users of the runs under the agent that give the verdicts their evidence. */
  private static final int USERS_UNDER_AGENT = 20;
  private static final Set<String> SHIPPED_RULES = Set.of("ws-factory-create-for-user", "ws-factory-create-manager",
      "ws-factory-create-websocket-manager", "ws-factory-get-factory", "ws-manager-send-event",
      "ws-manager-send-tool-executing");
  /** The class rules of the legacy factory, adapter and agent context, each naming its adapter. */
  private static final Set<String> CLASS_RULES =
      Set.of(LegacyClassUses.FACTORY_RULE, LegacyClassUses.ADAPTER_RULE, LegacyClassUses.CONTEXT_RULE);
  private static final Duration NESTED_RUN_LIMIT = Duration.ofMinutes(8);
  /** A fully qualified type name written inline: two or more package segments, then a type. */
  private static final Pattern INLINE_QUALIFIED_NAME = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.){2,}[A-Z]\\w*");
  private static final Pattern LEGACY_IN_SOURCE = Pattern.compile("WebSocketManagerFactory"
      + "|(?<!LegacyAdapters)\\.(sendEvent|sendToolExecuting)\\("
      + "|new (AgentExecutionContext|LegacyWebSocketManagerAdapter)\\(|\\.(websocketManager|userContext)\\b");
  private static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+);$", Pattern.MULTILINE);
  private static final String SUPERVISOR = "dev.sunset.examples.chat.supervisor.AgentSupervisor";
  private static final String REGISTRY_ADAPTER = "dev.sunset.examples.chat.agents.registry.WebSocketManagerAdapter";
  /**
   * The chat app's test adapter of the context (its rollback test's, not the adapter this class rule names, so an
   * ordinary caller here): it builds the context and reads its fields, which the recipe moves to the rule's adapter...
   */
  private static final List<Tuple> TEST_ADAPTER_USES = List.of(
      tuple(LegacyClassUses.CONTEXT_RULE, FlakyContextAdapters.class.getName(), "contextFor", "new"),
      tuple(LegacyClassUses.CONTEXT_RULE, FlakyContextAdapters.class.getName(), "managerOf", "field-read"),
      tuple(LegacyClassUses.CONTEXT_RULE, FlakyContextAdapters.class.getName(), "managerOf", "field-read"),
      tuple(LegacyClassUses.CONTEXT_RULE, FlakyContextAdapters.class.getName(), "getUserContext", "field-read"));
  /** ...and names it in its signatures, which the recipe leaves. */
  private static final List<Tuple> TEST_ADAPTER_TYPE_REFERENCES = List.of(
      tuple(LegacyClassUses.CONTEXT_RULE, FlakyContextAdapters.class.getName(), "contextFor", "type-reference"),
      tuple(LegacyClassUses.CONTEXT_RULE, FlakyContextAdapters.class.getName(), "managerOf", "type-reference"),
      tuple(LegacyClassUses.CONTEXT_RULE, FlakyContextAdapters.class.getName(), "getUserContext", "type-reference"));
  /** Where the dryRun run writes the copy's runtime class path (dependency:build-classpath). */
  private static final String CLASS_PATH_FILE = "target/runtime-classpath.txt";

  private static Path work;
  private static Path copy;
  private static Path classRules;
  private static Path logs;
  private static final Map<String, Duration> TIMES = new LinkedHashMap<>();

  @BeforeAll
  static void copyTheChatApp() throws Exception {
    work = Path.of(System.getProperty("sunset.it.work"));
    deleteRecursively(work);
    copy = work.resolve("chat-app");
    logs = work.resolve("logs");
    Files.createDirectories(logs);
    // at observe: the recipe and the scan read the adapters whatever the stage, and the runs under the agent count
    // every use at any stage (ClassRulesAtRedirectTest runs them at redirect)
    classRules = Files.writeString(work.resolve("class-rules.yaml"),
        LegacyClassUses.adapterRulesFile("observe", LegacyClassUses.CONTEXT_ADAPTERS, ""));

    Path chatApp = Path.of(System.getProperty("sunset.it.chat.app"));
    copyRecursively(chatApp.resolve("src"), copy.resolve("src"));
    writeStandalonePom(chatApp.resolve("pom.xml"), copy.resolve("pom.xml"));
    // The copy is a git repository of its own, with the original committed: rewrite-maven-plugin takes the
    // nearest enclosing .git as the root, and inside this project's clone the copy (under target/) is ignored.
    git("init", "-q");
    git("add", "-A");
    git("commit", "-q", "-m", "The chat app before the migration");

    // Repositories that third-party poms declare (snapshot repositories among them) lead nowhere: only Maven
    // Central, named by Maven's super POM, is asked; the user's own settings (a mirror, a proxy) still apply.
    Path nowhere = Files.createDirectories(work.resolve("no-other-repositories"));
    Files.writeString(work.resolve("settings.xml"), """
        <settings xmlns="http://maven.apache.org/SETTINGS/1.2.0">
          <mirrors>
            <mirror>
              <id>sunset-it-central-only</id>
              <mirrorOf>*,!central</mirrorOf>
              <url>%s</url>
            </mirror>
          </mirrors>
        </settings>
        """.formatted(nowhere.toUri()));
  }

  @Test
  void theRecipeOfTheShippedRulesMigratesTheChatAppUntilEveryRuleIsMigrated() throws Exception {
    Map<Path, String> before = javaSources(copy);
    assertThat(before).as("chat app sources copied").hasSizeGreaterThan(20);

    // the recipe, from the rules the shim's jar ships, resolved against that jar; committed with the sources
    Path shim = Path.of(System.getProperty("sunset.shim.jar"));
    CliRun recipe = sunset("recipe", "recipe", "--rules", classRules.toString(), "--name", RECIPE, "-o",
        copy.resolve("rewrite.yml").toString(), shim.toString());
    assertThat(recipe.errLines()).as("%s", recipe).containsExactly(
        "skipped, no replacement to migrate to: ws-factory-get-factory",
        "skipped, no member left with a counterpart to migrate to: " + LegacyClassUses.FACTORY_RULE,
        "class rule '" + LegacyClassUses.ADAPTER_RULE + "': left as they are, no counterpart in "
            + LegacyClassUses.ADAPTER_WRAPPERS + ": payload(java.lang.String, java.util.Map), "
            + "sendEvent(java.lang.String, java.util.Map), "
            + "sendToolExecuting(java.lang.String, java.lang.String, java.lang.String, java.util.Map)",
        "recipe " + RECIPE + ": 7 rules migrated, written to " + copy.resolve("rewrite.yml"));
    git("add", "rewrite.yml");
    git("commit", "-q", "-m", "The recipe, from sunset recipe");

    // dryRun: compiles the unmigrated copy, writes a patch, changes no source; and the copy's class path
    maven("dryRun", rewriteGoal("dryRun", "dependency:build-classpath", "-Dmdep.outputFile=" + CLASS_PATH_FILE,
        "-Dmdep.includeScope=runtime"));
    Path patchFile = copy.resolve("target/rewrite/rewrite.patch");
    assertThat(patchFile).as("dryRun's patch").exists();
    String patch = Files.readString(patchFile);
    assertThat(javaSources(copy)).as("sources after dryRun").isEqualTo(before);
    List<LegacyCallScan.Reference> legacyBefore =
        LegacyCallScan.references(copy.resolve("target/classes"), copy.resolve("target/test-classes")).stream()
            .filter(LegacyCallScan.Reference::legacy).toList();
    assertThat(legacyBefore).as("legacy calls the unmigrated chat app makes (the scan sees them)").isNotEmpty();
    Files.copy(patchFile, logs.resolve("rewrite.patch"));
    assertPatchIsReadable(patch);

    // before: the scan finds every site of the golden path, and the fleet (one JVM under the agent) calls each
    List<String> artifacts = artifacts();
    Path scanBefore = logs.resolve("scan-before.json");
    // test classes included, as after: the gate after compares the two
    sunset("scan-before", "scan", concat(List.of("--rules", classRules.toString(), "--format", "json", "-o",
        scanBefore.toString(), copy.resolve("target/test-classes").toString()), artifacts));
    Map<String, Object> scanned = JSON.std.mapFrom(Files.readString(scanBefore));
    assertThat(list(scanned, "rules")).extracting(r -> r.get("id"))
        .containsExactlyInAnyOrderElementsOf(concat(List.copyOf(SHIPPED_RULES), List.copyOf(CLASS_RULES)));
    assertThat(list(scanned, "callSites")).as("call sites before the migration")
        .filteredOn(site -> SHIPPED_RULES.contains(site.get("rule")))
        .extracting(site -> site.get("class"), site -> site.get("rule"))
        .containsExactlyInAnyOrderElementsOf(GoldenPathCallSites.PER_RUN.stream()
            .map(site -> tuple(site.className(), site.ruleId())).toList());
    // the class rules: every use of the legacy adapter and context the golden path makes, and the signatures that
    // name the context (AgentSupervisor.agentContext returns one, execute takes one, and the test's own adapter of
    // it), and the two calls in run that link against them (execute(agentContext(...)): run names the context only
    // in what it calls, and breaks as they do when the class goes); none of the factory, whose every method has a
    // method rule of its own
    assertThat(list(scanned, "callSites")).as("class rules' sites before the migration")
        .filteredOn(site -> CLASS_RULES.contains(site.get("rule")))
        .extracting(site -> site.get("rule"), site -> site.get("class"), site -> site.get("method"),
            site -> site.get("use"))
        .containsExactlyInAnyOrderElementsOf(concat(concat(LegacyClassUses.USES.stream()
            .map(use -> tuple(use.ruleId(), use.className(), use.method(), use.use())).toList(),
            List.of(
                tuple(LegacyClassUses.CONTEXT_RULE, SUPERVISOR, "agentContext", "type-reference"),
                tuple(LegacyClassUses.CONTEXT_RULE, SUPERVISOR, "execute", "type-reference"),
                tuple(LegacyClassUses.CONTEXT_RULE, SUPERVISOR, "run", "type-reference"),
                tuple(LegacyClassUses.CONTEXT_RULE, SUPERVISOR, "run", "type-reference"))),
            concat(TEST_ADAPTER_USES, TEST_ADAPTER_TYPE_REFERENCES)));
    Path reportBefore = runUnderTheAgent("report-before.json");
    Map<String, Map<String, Object>> verdictBefore = verdicts("verdict-before", artifacts, reportBefore);
    assertThat(verdictBefore).as("verdict before the migration")
        .containsOnlyKeys(concat(List.copyOf(SHIPPED_RULES), List.copyOf(CLASS_RULES)));
    assertThat(verdictBefore).as("verdict before the migration").allSatisfy((rule, v) -> assertThat(v.get("verdict"))
        .as(rule).isEqualTo(rule.equals(LegacyClassUses.FACTORY_RULE) ? "unknown" : "in-use"));
    Map<String, Long> callsBefore = new TreeMap<>(GoldenPathCallSites.callsPerRule(USERS_UNDER_AGENT));
    // each run builds the context once and reads its fields three times, and builds the legacy adapter once; the
    // registry's subclass initialises once
    callsBefore.put(LegacyClassUses.CONTEXT_RULE, 4L * USERS_UNDER_AGENT);
    callsBefore.put(LegacyClassUses.ADAPTER_RULE, USERS_UNDER_AGENT + 1L);
    callsBefore.put(LegacyClassUses.FACTORY_RULE, 0L);
    assertThat(verdictBefore).extractingFromEntries(e -> e.getKey(), e -> ((Number) e.getValue().get("calls")).longValue())
        .containsExactlyInAnyOrderElementsOf(callsBefore.entrySet().stream()
            .map(e -> tuple(e.getKey(), e.getValue())).toList());
    // the factory's class rule counts none of its methods' calls (their rules take them), but it is not migrated
    // while they are not
    assertThat(verdictBefore.get(LegacyClassUses.FACTORY_RULE)).satisfies(v -> {
      assertThat(v.get("verdict")).isEqualTo("unknown");
      assertThat(list(v, "why")).extracting(w -> w.get("code")).containsExactly("member-rules-left");
    });

    // run, then compile the migrated copy and run its golden path, without the agent
    maven("run-and-test", rewriteGoal("run", "test", "-Dtest=GoldenPathTest", "-Dsurefire.failIfNoSpecifiedTests=true"));
    Map<Path, String> after = javaSources(copy);
    Set<Path> changed = new TreeSet<>();
    after.forEach((file, text) -> {
      if (!text.equals(before.get(file))) {
        changed.add(file);
      }
    });
    // the six main sources that call the legacy API, and the test's own adapter of the legacy context
    assertThat(changed).as("files run changed are the files dryRun's patch names")
        .isEqualTo(filesNamedIn(patch))
        .hasSize(7)
        .contains(Path.of("src/test/java/dev/sunset/examples/chat/FlakyContextAdapters.java"));
    for (Path file : changed) {
      assertImportsAreTidy(file, before.get(file), after.get(file));
    }
    // the test sources' comments describe the legacy calls the under-agent test expects; their classes are checked below
    assertThat(mainSourcesCallingTheLegacyApi(before)).as("main sources calling the legacy API before").hasSize(6);
    assertThat(mainSourcesCallingTheLegacyApi(after)).as("main sources calling the legacy API after").isEmpty();
    String diff = git("diff");
    Files.writeString(logs.resolve("run.diff"), diff);
    assertThat(changedLines(diff)).as("lines run changed (git diff) are the lines of dryRun's patch")
        .containsExactlyInAnyOrderElementsOf(changedLines(patch));

    List<LegacyCallScan.Reference> references =
        LegacyCallScan.references(copy.resolve("target/classes"), copy.resolve("target/test-classes"));
    assertThat(references).as("legacy calls left in the migrated chat app").filteredOn(LegacyCallScan.Reference::legacy)
        .isEmpty();
    assertThat(references).as("calls of the adapters, one for each legacy manager call before: " + legacyBefore)
        .filteredOn(reference -> reference.owner().equals("com/example/ws/LegacyAdapters"))
        .hasSize((int) legacyBefore.stream().filter(LegacyCallScan.Reference::managerMethod).count());

    String report = Files.readString(
        copy.resolve("target/surefire-reports/TEST-dev.sunset.examples.chat.GoldenPathTest.xml"));
    assertThat(report).as("golden path on the migrated copy")
        .contains("tests=\"1\"").contains("errors=\"0\"").contains("skipped=\"0\"").contains("failures=\"0\"");

    // after: no call site left (test classes included), the gate passes against the scan from before, and with the
    // migrated copy running under the agent every rule is migrated
    Path scanAfter = logs.resolve("scan-after.json");
    List<String> withTests = concat(List.of(copy.resolve("target/test-classes").toString()), artifacts);
    sunset("scan-after", "scan", concat(List.of("--rules", classRules.toString(), "--format", "json", "-o",
        scanAfter.toString()), withTests));
    Map<String, Object> rescanned = JSON.std.mapFrom(Files.readString(scanAfter));
    assertThat(list(rescanned, "rules")).as("rules in force after the migration")
        .extracting(r -> r.get("id"), r -> r.get("resolution"))
        .containsExactlyInAnyOrderElementsOf(concat(List.copyOf(SHIPPED_RULES), List.copyOf(CLASS_RULES)).stream()
            .map(rule -> tuple(rule, "resolved")).toList());
    assertThat(list(rescanned, "callSites")).as("method rules' call sites after the migration")
        .filteredOn(site -> SHIPPED_RULES.contains(site.get("rule"))).isEmpty();
    // what the recipe leaves of the class rules: no use of the factory; the registry's subclass of the legacy adapter
    // (a subclass is no call to move); the signatures naming the context, and the test's own adapter of it; run's two
    // calls; and, where each other use was, the call of the rule's adapter that replaced it, whose descriptor names
    // the legacy type (contextFor returns a context, managerOf takes one): the code still links against the class,
    // so the class is not yet to be deleted
    List<Tuple> movedToAdapters = concat(LegacyClassUses.USES.stream().filter(use -> !use.use().equals("subclass"))
        .map(use -> tuple(use.ruleId(), use.className(), use.method(), "type-reference")).toList(),
        TEST_ADAPTER_USES.stream().map(use -> tuple(use.toArray()[0], use.toArray()[1], use.toArray()[2],
            "type-reference")).toList());
    assertThat(movedToAdapters).hasSize(9);
    assertThat(list(rescanned, "callSites")).as("class rules' sites after the migration")
        .filteredOn(site -> CLASS_RULES.contains(site.get("rule")))
        .extracting(site -> site.get("rule"), site -> site.get("class"), site -> site.get("method"),
            site -> site.get("use"))
        .containsExactlyInAnyOrderElementsOf(concat(concat(List.of(
            tuple(LegacyClassUses.ADAPTER_RULE, REGISTRY_ADAPTER, "<clinit>", "subclass"),
            tuple(LegacyClassUses.CONTEXT_RULE, SUPERVISOR, "agentContext", "type-reference"),
            tuple(LegacyClassUses.CONTEXT_RULE, SUPERVISOR, "execute", "type-reference"),
            tuple(LegacyClassUses.CONTEXT_RULE, SUPERVISOR, "run", "type-reference"),
            tuple(LegacyClassUses.CONTEXT_RULE, SUPERVISOR, "run", "type-reference")),
            TEST_ADAPTER_TYPE_REFERENCES), movedToAdapters));
    CliRun gate = sunset("check-after", "check", concat(List.of("--rules", classRules.toString(), "--baseline",
        scanBefore.toString()), withTests));
    assertThat(gate.out()).as("%s", gate).isEmpty();
    Path reportAfter = runUnderTheAgent("report-after.json");
    Map<String, Map<String, Object>> verdictAfter = verdicts("verdict-after", artifacts, reportAfter);
    assertThat(verdictAfter).as("verdict after the migration")
        .containsOnlyKeys(concat(List.copyOf(SHIPPED_RULES), List.copyOf(CLASS_RULES)));
    for (String rule : SHIPPED_RULES) {
      assertThat(verdictAfter.get(rule).get("verdict")).as(rule).isEqualTo("migrated");
      assertThat(verdictAfter.get(rule).get("calls")).as(rule).isEqualTo(0);
    }
    // the factory: no use left, none seen, its methods' rules migrated: delete the class
    assertThat(verdictAfter.get(LegacyClassUses.FACTORY_RULE)).satisfies(v -> {
      assertThat(v.get("verdict")).isEqualTo("migrated");
      assertThat(v.get("classRule")).isEqualTo(true);
      assertThat(v.get("calls")).isEqualTo(0);
      assertThat(list(v, "sites")).isEmpty();
    });
    // the legacy adapter: its subclass still initialises once in every JVM
    assertThat(verdictAfter.get(LegacyClassUses.ADAPTER_RULE)).satisfies(v -> {
      assertThat(v.get("verdict")).isEqualTo("in-use");
      assertThat(v.get("calls")).isEqualTo(1);
    });
    // the context: nothing uses it at run time any more (the adapter does), but signatures still name it
    assertThat(verdictAfter.get(LegacyClassUses.CONTEXT_RULE)).satisfies(v -> {
      assertThat(v.get("verdict")).isEqualTo("unknown");
      assertThat(v.get("calls")).isEqualTo(0);
      assertThat(list(v, "why")).extracting(w -> w.get("code")).containsExactly("type-references-left");
    });
    CliRun text = sunset("verdict-after-text", "verdict", concat(List.of("--rules", classRules.toString(),
        "--report", reportAfter.toString(), "--min-days", "0", "--min-jvms", "1", "--scan"), artifacts));
    assertThat(text.out()).as("%s", text).containsPattern(Pattern.quote(LegacyClassUses.FACTORY_RULE)
        + " +migrated +no use of the class left and none seen in 1 JVM over [0-9.]+ days: delete the class");

    System.out.println("[sunset] chat app migration IT: " + TIMES);
  }

  /** The copy's classes and its runtime class path, as the dryRun run wrote it. */
  private static List<String> artifacts() throws IOException {
    List<String> artifacts = new ArrayList<>();
    artifacts.add(copy.resolve("target/classes").toString());
    for (String entry : Files.readString(copy.resolve(CLASS_PATH_FILE)).strip().split(File.pathSeparator)) {
      artifacts.add(entry);
    }
    assertThat(artifacts).as("the copy's runtime class path").anySatisfy(a -> assertThat(a).contains("sunset-shim-"));
    return artifacts;
  }

  /**
   * Runs the copy's chat server (its classes as they are now) in a JVM of its own under the agent and its shipped
   * rules, has {@value #USERS_UNDER_AGENT} users each chat once, stops it, and returns the agent's report.
   */
  private static Path runUnderTheAgent(String name) throws Exception {
    Path reportFile = logs.resolve(name);
    long start = System.nanoTime();
    String agent = ForkedChatServer.javaAgentOption(Path.of(System.getProperty("sunset.agent.jar")),
        Map.of("rules", classRules.toString(), "report", reportFile.toString(), "summary", "false"));
    List<String> launch = List.of("-cp", String.join(File.pathSeparator, artifacts()), ChatServer.class.getName());
    try (ForkedChatServer server = ForkedChatServer.start(List.of(agent), launch, Map.of(), Duration.ofSeconds(60))) {
      ConcurrentChatUsers.assertEachUserReceivedExactlyItsOwnRunInOrder(ConcurrentChatUsers.chatOnce(server.endpoint(),
          "migration-", USERS_UNDER_AGENT, Duration.ofSeconds(60)));
      server.stop(Duration.ofSeconds(30));
    }
    assertThat(reportFile).as("the agent's report").isRegularFile();
    took(name, start);
    return reportFile;
  }

  /**
   * {@code sunset verdict --format json} over the artifacts with the report (one run) as the whole evidence: each rule's
   * verdict, by id.
   */
  private static Map<String, Map<String, Object>> verdicts(String name, List<String> artifacts, Path report)
      throws Exception {
    Path out = logs.resolve(name + ".json");
    // one run is the whole evidence here: judge it as such (by default a verdict wants 14 days and 2 JVMs)
    sunset(name, "verdict", concat(List.of("--rules", classRules.toString(), "--format", "json", "-o", out.toString(),
        "--report", report.toString(), "--min-days", "0", "--min-jvms", "1", "--scan"), artifacts));
    Map<String, Map<String, Object>> byRule = new TreeMap<>();
    for (Map<String, Object> rule : list(JSON.std.mapFrom(Files.readString(out)), "rules")) {
      byRule.put((String) rule.get("id"), rule);
    }
    return byRule;
  }

  /** Runs {@code java -jar sunset-cli.jar command arguments}, which must exit 0. */
  private static CliRun sunset(String name, String command, List<String> arguments) throws Exception {
    return sunset(name, command, arguments.toArray(String[]::new));
  }

  private static CliRun sunset(String name, String command, String... arguments) throws Exception {
    long start = System.nanoTime();
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(List.of(arguments));
    CliRun run = CliJar.run(all.toArray(String[]::new));
    Files.writeString(logs.resolve("sunset-" + name + ".log"), run.toString());
    assertThat(run.exitCode()).as("sunset %s: %s", command, run).isZero();
    took("sunset-" + name, start);
    return run;
  }

  /** {@code first}, then {@code rest}. */
  private static <T> List<T> concat(List<? extends T> first, List<? extends T> rest) {
    List<T> all = new ArrayList<>(first);
    all.addAll(rest);
    return all;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> json, String key) {
    assertThat(json.get(key)).as(key).isInstanceOf(List.class);
    return (List<Map<String, Object>>) json.get(key);
  }

  private static void took(String name, long startNanos) {
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    TIMES.put(name, took.withNanos(0).plusMillis(took.toMillisPart()));
  }

  private static List<String> rewriteGoal(String goal, String... more) {
    List<String> arguments = new ArrayList<>(List.of(
        "org.openrewrite.maven:rewrite-maven-plugin:" + System.getProperty("sunset.it.rewrite.plugin.version") + ":" + goal,
        "-Drewrite.configLocation=rewrite.yml",
        "-Drewrite.activeRecipes=" + RECIPE,
        "-Drewrite.recipeArtifactCoordinates=dev.sunset:sunset-rewrite:" + System.getProperty("sunset.it.version"),
        // the recipes are Java only: no need to model the pom as a Maven document
        "-Drewrite.skipMavenParsing=true"));
    arguments.addAll(List.of(more));
    return arguments;
  }

  private static void maven(String name, List<String> arguments) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("sunset.it.maven.home"), "bin", "mvn").toString());
    command.addAll(List.of("-B", "-ntp",
        "-gs", work.resolve("settings.xml").toString(),
        "-Dmaven.repo.local=" + System.getProperty("sunset.it.repository"),
        "-Dmaven.repo.local.tail=" + System.getProperty("sunset.it.repository.tail")));
    command.addAll(arguments);
    Path log = logs.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(copy.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("MAVEN_ARGS");
    long start = System.nanoTime();
    Process process = builder.start();
    boolean finished = process.waitFor(NESTED_RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly().waitFor();
    }
    took(name, start);
    assertThat(finished).as("mvn %s finished within %s; log %s", name, NESTED_RUN_LIMIT, log).isTrue();
    assertThat(process.exitValue()).as("mvn %s exit code; log %s:%n%s", name, log, tail(log)).isZero();
  }

  /** Every added or removed line is an import or a call being moved; no name is left fully qualified. */
  private static void assertPatchIsReadable(String patch) {
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (String line : patch.lines().toList()) {
      if (line.startsWith("+++") || line.startsWith("---")) {
        continue;
      }
      if (line.startsWith("+") && !line.startsWith("+import ")) {
        added.add(line.substring(1));
      } else if (line.startsWith("-") && !line.startsWith("-import ")) {
        removed.add(line.substring(1));
      }
    }
    assertThat(added).as("added lines").hasSameSizeAs(removed).isNotEmpty()
        .allSatisfy(line -> assertThat(line).containsAnyOf("LegacyAdapters.", "UnifiedWebSocketManager.",
            "ContextAdapters.", "ManagerWrappers."))
        .noneSatisfy(line -> assertThat(line).containsPattern(INLINE_QUALIFIED_NAME))
        .noneSatisfy(line -> assertThat(line).containsPattern(LEGACY_IN_SOURCE));
    assertThat(removed).as("removed lines")
        .allSatisfy(line -> assertThat(line).containsPattern(LEGACY_IN_SOURCE));
  }

  /** The import block stays sorted as the chat app keeps it, imports only what the file uses, and has no legacy factory. */
  private static void assertImportsAreTidy(Path file, String before, String after) {
    List<String> importsBefore = imports(before);
    List<String> importsAfter = imports(after);
    assertThat(importsBefore).as("imports of %s before (the chat app keeps them sorted)", file).isSorted();
    assertThat(importsAfter).as("imports of %s after", file).isSorted().doesNotHaveDuplicates()
        .doesNotContain("com.example.ws.WebSocketManagerFactory");
    String body = after.substring(after.lastIndexOf("\nimport ") + 1).lines().skip(1)
        .reduce("", (a, b) -> a + "\n" + b);
    for (String imported : importsAfter) {
      String simpleName = imported.substring(imported.lastIndexOf('.') + 1);
      assertThat(body).as("%s uses its import %s", file, imported).containsPattern("\\b" + Pattern.quote(simpleName) + "\\b");
    }
  }

  private static List<String> imports(String source) {
    List<String> imports = new ArrayList<>();
    Matcher matcher = IMPORT.matcher(source);
    while (matcher.find()) {
      imports.add((matcher.group(1) == null ? "" : "static ") + matcher.group(2));
    }
    return imports;
  }

  private static List<Path> mainSourcesCallingTheLegacyApi(Map<Path, String> sources) {
    return sources.entrySet().stream()
        .filter(source -> source.getKey().startsWith("src/main") && LEGACY_IN_SOURCE.matcher(source.getValue()).find())
        .map(Map.Entry::getKey)
        .toList();
  }

  private static List<String> changedLines(String diff) {
    return diff.lines()
        .filter(line -> line.startsWith("+") || line.startsWith("-"))
        .filter(line -> !line.startsWith("+++") && !line.startsWith("---"))
        .toList();
  }

  private static String git(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Sunset IT", "-c", "user.email=it@sunset.invalid",
        "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).directory(copy.toFile()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(variable -> variable.startsWith("GIT_"));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("git %s finished", List.of(arguments)).isTrue();
    assertThat(process.exitValue()).as("git %s: %s", List.of(arguments), output).isZero();
    return output;
  }

  private static Set<Path> filesNamedIn(String patch) {
    Set<Path> files = new TreeSet<>();
    for (String line : patch.lines().toList()) {
      if (line.startsWith("+++ b/")) {
        files.add(Path.of(line.substring("+++ b/".length())));
      }
    }
    return files;
  }

  private static Map<Path, String> javaSources(Path root) throws IOException {
    Map<Path, String> sources = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root.resolve("src"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        sources.put(root.relativize(file), Files.readString(file, UTF_8));
      }
    }
    return sources;
  }

  /**
   * The chat app's pom made standalone: its parent comes from the repository rather than {@code ../../pom.xml},
   * and the agent module it only builds against for the under-agent tests is dropped (this copy runs without it).
   */
  private static void writeStandalonePom(Path source, Path target) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    Document pom = factory.newDocumentBuilder().parse(source.toFile());
    Element parent = only(pom.getDocumentElement(), "parent");
    only(parent, "relativePath").setTextContent("");
    Element dependencies = only(pom.getDocumentElement(), "dependencies");
    int removed = 0;
    NodeList children = dependencies.getChildNodes();
    for (int i = children.getLength() - 1; i >= 0; i--) {
      Node node = children.item(i);
      if (node instanceof Element dependency && only(dependency, "artifactId").getTextContent().equals("sunset-javaagent")) {
        dependencies.removeChild(dependency);
        removed++;
      }
    }
    assertThat(removed).as("sunset-javaagent dependencies removed from the copy's pom").isEqualTo(1);
    TransformerFactory.newInstance().newTransformer().transform(new DOMSource(pom), new StreamResult(target.toFile()));
  }

  private static Element only(Element element, String name) {
    List<Element> found = new ArrayList<>();
    NodeList children = element.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element child && child.getLocalName().equals(name)) {
        found.add(child);
      }
    }
    assertThat(found).as("<%s> in <%s>", name, element.getLocalName()).hasSize(1);
    return found.get(0);
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  private static void copyRecursively(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (Files.exists(root)) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
  }
}
