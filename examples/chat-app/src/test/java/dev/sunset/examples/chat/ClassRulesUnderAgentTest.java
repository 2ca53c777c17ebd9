package dev.sunset.examples.chat;

import static dev.sunset.examples.chat.ConcurrentChatUsers.assertEachUserReceivedExactlyItsOwnRunInOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.examples.chat.ConcurrentChatUsers.UserRun;
import dev.sunset.testing.BuiltJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat backend in its own JVM under the agent with a class rule for each of the shim's legacy classes, at
 * {@code observe}, beside the method rules the shim ships (at {@code redirect}, and {@code observe} for the factory's
 * getter), which override the factory's class rule for its methods: the golden path holds for 200 users, and the
 * report counts each use no method rule sees (the legacy agent context built and its fields read, the legacy adapter
 * constructed, the registry's subclass of it) exactly, by use and by member.
 *
 * <p>Runs once the agent jar is built; its path is the system property {@code sunset.agent.jar}.
 */
@EnabledIf("agentJarIsBuilt")
class ClassRulesUnderAgentTest {
  private static final int USERS = 200;
  private static final Set<String> CLASS_RULES =
      Set.of(LegacyClassUses.FACTORY_RULE, LegacyClassUses.ADAPTER_RULE, LegacyClassUses.CONTEXT_RULE);

  @TempDir
  static Path workDir;

  private static List<UserRun> runs;
  private static String serverStderr;
  private static Map<String, Object> report;

  static boolean agentJarIsBuilt() {
    return GoldenPathUnderAgentTest.agentJarIsBuilt();
  }

  @BeforeAll
  static void twoHundredUsersChatUnderTheClassRulesAtObserveThenTheServerStops() throws Exception {
    Path rules = Files.writeString(workDir.resolve("rules.yaml"),
        LegacyClassUses.rulesFile("observe", "observe", "observe"));
    Path reportFile = workDir.resolve("report.json");
    String agent = ForkedChatServer.javaAgentOption(BuiltJars.sunsetAgent(),
        Map.of("rules", rules.toString(), "report", reportFile.toString()));
    try (ForkedChatServer server = ForkedChatServer.start(List.of(agent), Duration.ofSeconds(60))) {
      runs = ConcurrentChatUsers.chatOnce(server.endpoint(), "class-rules-user-", USERS, Duration.ofSeconds(60));
      server.stop(Duration.ofSeconds(30));
      serverStderr = server.stderr();
    }
    assertThat(reportFile).as("the agent's report; server stderr:\n%s", serverStderr).isRegularFile();
    report = JSON.std.mapFrom(Files.readString(reportFile));
  }

  @Test
  void everyUserStillReceivesExactlyItsOwnFiveEventsInOrder() {
    assertThat(runs).hasSize(USERS);
    assertEachUserReceivedExactlyItsOwnRunInOrder(runs);
  }

  @Test
  void theClassRulesResolveInTheApplicationsLoaderAtObserveBesideTheShippedMethodRules() {
    assertThat(list(report.get("rules"))).as(serverStderr)
        .extracting(rule -> rule.get("id"), rule -> rule.get("stage"), rule -> rule.get("resolution"))
        .contains(
            tuple(LegacyClassUses.FACTORY_RULE, "observe", "resolved"),
            tuple(LegacyClassUses.ADAPTER_RULE, "observe", "resolved"),
            tuple(LegacyClassUses.CONTEXT_RULE, "observe", "resolved"),
            tuple("ws-factory-create-for-user", "redirect", "resolved"),
            tuple("ws-factory-create-manager", "redirect", "resolved"),
            tuple("ws-factory-create-websocket-manager", "redirect", "resolved"),
            tuple("ws-factory-get-factory", "observe", "resolved"),
            tuple("ws-manager-send-event", "redirect", "resolved"),
            tuple("ws-manager-send-tool-executing", "redirect", "resolved"));
    assertThat(list(report.get("rules"))).filteredOn(rule -> CLASS_RULES.contains(rule.get("id")))
        .allSatisfy(rule -> assertThat(list(rule.get("resolvedIn"))).singleElement()
            .satisfies(where -> assertThat(where.get("loader")).isEqualTo("app")));
  }

  @Test
  void eachUseNoMethodRuleSeesIsASiteOfItsClassRuleCountedOncePerRunOrOnceForTheSubclass() {
    assertThat(classRuleSites()).as(serverStderr)
        .extracting(site -> site.get("rule"), site -> site.get("class"), site -> site.get("method"),
            site -> site.get("use"), site -> site.get("member"), ClassRulesUnderAgentTest::count,
            site -> site.get("stage"))
        .containsExactlyInAnyOrderElementsOf(LegacyClassUses.USES.stream()
            .map(use -> tuple(use.ruleId(), use.className(), use.method(), use.use(), use.member(),
                use.count(USERS), "observe"))
            .toList());
  }

  @Test
  void theReportCountsEachNewUseKindExactly() {
    Map<String, Long> byRuleAndUse = classRuleSites().stream().collect(Collectors.groupingBy(
        site -> site.get("rule") + " " + site.get("use"), TreeMap::new,
        Collectors.summingLong(ClassRulesUnderAgentTest::count)));

    // per run: the context built once and its fields read three times, the adapter built once; the subclass once
    assertThat(byRuleAndUse).isEqualTo(Map.of(
        LegacyClassUses.CONTEXT_RULE + " new", 200L,
        LegacyClassUses.CONTEXT_RULE + " field-read", 600L,
        LegacyClassUses.ADAPTER_RULE + " new", 200L,
        LegacyClassUses.ADAPTER_RULE + " subclass", 1L));
  }

  @Test
  void theReportsUsesByMemberSayWhichMembersAreLeftToFix() {
    Map<String, Long> byRuleAndMember = classRuleSites().stream().collect(Collectors.groupingBy(
        site -> site.get("rule") + " " + site.get("member"), TreeMap::new,
        Collectors.summingLong(ClassRulesUnderAgentTest::count)));

    assertThat(byRuleAndMember).isEqualTo(Map.of(
        LegacyClassUses.CONTEXT_RULE + " <init>(com.example.ws.UserExecutionContext, com.example.ws.WebSocketManager)",
        200L,
        LegacyClassUses.CONTEXT_RULE + " websocketManager", 400L,
        LegacyClassUses.CONTEXT_RULE + " userContext", 200L,
        LegacyClassUses.ADAPTER_RULE + " <init>(com.example.ws.WebSocketManager)", 200L,
        LegacyClassUses.ADAPTER_RULE + " <class>", 1L));
  }

  @Test
  void theSubclassIsCountedAtItsClassInitialisationWithNoLine() {
    assertThat(classRuleSites()).filteredOn(site -> "subclass".equals(site.get("use"))).singleElement()
        .satisfies(site -> {
          assertThat(site.get("descriptor")).isEqualTo("()V");
          assertThat(((Number) site.get("line")).intValue()).isZero();
          assertThat(site.get("file")).isEqualTo("WebSocketManagerAdapter.java");
        });
  }

  @Test
  void theShippedMethodRulesTakeEveryFactoryCallSoTheFactorysClassRuleCountsNone() {
    assertThat(callSites()).extracting(site -> site.get("rule")).doesNotContain(LegacyClassUses.FACTORY_RULE);
    // the method rules' sites and counts are those of the golden path without any class rule
    assertThat(callSites()).filteredOn(site -> !CLASS_RULES.contains(site.get("rule")))
        .extracting(site -> site.get("class"), site -> site.get("rule"), ClassRulesUnderAgentTest::count,
            site -> site.get("use"))
        .containsExactlyInAnyOrderElementsOf(GoldenPathCallSites.PER_RUN.stream()
            .map(site -> tuple(site.className(), site.ruleId(), (long) USERS, null))
            .toList());
  }

  @Test
  void noCallerOutsideTheChatAppIsAUseOfALegacyClass() {
    assertThat(classRuleSites()).extracting(site -> (String) site.get("class"))
        .allSatisfy(className -> assertThat(className).startsWith("dev.sunset.examples.chat."));
    assertThat(classRuleSites()).extracting(site -> site.get("via")).containsOnlyNulls();
  }

  private static List<Map<String, Object>> classRuleSites() {
    return callSites().stream().filter(site -> CLASS_RULES.contains(site.get("rule"))).toList();
  }

  private static List<Map<String, Object>> callSites() {
    return list(report.get("callSites"));
  }

  private static long count(Map<String, Object> site) {
    return ((Number) site.get("count")).longValue();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object json) {
    assertThat(json).isInstanceOf(List.class);
    return (List<Map<String, Object>>) json;
  }
}
