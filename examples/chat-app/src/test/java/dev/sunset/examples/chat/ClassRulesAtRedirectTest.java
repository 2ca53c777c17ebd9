package dev.sunset.examples.chat;

import static dev.sunset.examples.chat.ConcurrentChatUsers.assertEachUserReceivedExactlyItsOwnRunInOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.examples.chat.ConcurrentChatUsers.UserRun;
import dev.sunset.examples.chat.client.ReceivedEvent;
import dev.sunset.testing.BuiltJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat backend in its own JVM under the agent with the class rule of each of the shim's legacy classes at
 * {@code redirect}, each naming its adapter ({@link LegacyClassUses#adapterRulesFile}), beside the shipped method rules:
 * the golden path holds for 200 users, every use with a counterpart runs it (the context's construction, both of its
 * fields' reads, the legacy adapter's construction), counted exactly at {@code redirect}, and the one use without a
 * counterpart, the registry's subclass, stays at {@code observe}.
 *
 * <p>Runs once the agent jar is built; its path is the system property {@code sunset.agent.jar}.
 */
@EnabledIf("agentJarIsBuilt")
class ClassRulesAtRedirectTest {
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
  static void twoHundredUsersChatUnderTheClassRulesAtRedirectThenTheServerStops() throws Exception {
    Path rules = Files.writeString(workDir.resolve("rules.yaml"),
        LegacyClassUses.adapterRulesFile("redirect", LegacyClassUses.CONTEXT_ADAPTERS, ""));
    Path reportFile = workDir.resolve("report.json");
    String agent = ForkedChatServer.javaAgentOption(BuiltJars.sunsetAgent(),
        Map.of("rules", rules.toString(), "report", reportFile.toString()));
    try (ForkedChatServer server = ForkedChatServer.start(List.of(agent), Duration.ofSeconds(60))) {
      runs = ConcurrentChatUsers.chatOnce(server.endpoint(), "redirect-user-", USERS, Duration.ofSeconds(60));
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
  void agentStartedWentThroughTheUnifiedManagerTheContextsAdapterReadsNotTheRegistrysLegacyAdapter() {
    // the registry's adapter, which the context holds, names the agent in what it sends; ContextAdapters.managerOf
    // gives the run's unified manager instead, which sends the payload as it is
    assertThat(runs).allSatisfy(run -> assertThat(run.received().get(0)).satisfies(started -> {
      assertThat(started.event()).isEqualTo("agent_started");
      assertThat(started.payload()).as("payload of %s", run.userId()).containsOnlyKeys("text");
    }));
    assertThat(runs).extracting(run -> run.received().get(1)).extracting(ReceivedEvent::event)
        .containsOnly("agent_thinking");
  }

  @Test
  void theClassRulesResolveInTheApplicationsLoaderAtRedirectBesideTheShippedMethodRules() {
    assertThat(list(report.get("rules"))).as(serverStderr)
        .extracting(rule -> rule.get("id"), rule -> rule.get("stage"), rule -> rule.get("resolution"))
        .contains(
            tuple(LegacyClassUses.FACTORY_RULE, "redirect", "resolved"),
            tuple(LegacyClassUses.ADAPTER_RULE, "redirect", "resolved"),
            tuple(LegacyClassUses.CONTEXT_RULE, "redirect", "resolved"),
            tuple("ws-factory-create-for-user", "redirect", "resolved"),
            tuple("ws-factory-get-factory", "observe", "resolved"),
            tuple("ws-manager-send-event", "redirect", "resolved"));
  }

  @Test
  void eachUseWithACounterpartIsCountedOncePerRunAtRedirectAndTheSubclassOnceAtObserve() {
    assertThat(classRuleSites()).as(serverStderr)
        .extracting(site -> site.get("rule"), site -> site.get("class"), site -> site.get("method"),
            site -> site.get("use"), site -> site.get("member"), site -> site.get("stage"),
            site -> site.get("countsByStage"))
        .containsExactlyInAnyOrderElementsOf(LegacyClassUses.USES.stream()
            .map(use -> {
              String stage = use.use().equals("subclass") ? "observe" : "redirect";
              return tuple(use.ruleId(), use.className(), use.method(), use.use(), use.member(), stage,
                  Map.of(stage, (int) use.count(USERS)));
            })
            .toList());
  }

  @Test
  void theLegacyAdaptersMembersWithoutCounterpartAreNamedOnceAtStartUpAndInTheReport() {
    String members = "payload(java.lang.String, java.util.Map), sendEvent(java.lang.String, java.util.Map), "
        + "sendToolExecuting(java.lang.String, java.lang.String, java.lang.String, java.util.Map)";
    assertThat(serverStderr.lines().filter(l -> l.contains("which stay at observe"))).as(serverStderr)
        .containsExactly("[sunset] rule '" + LegacyClassUses.ADAPTER_RULE + "' redirects " + LegacyClassUses.ADAPTER
            + " through " + LegacyClassUses.ADAPTER_WRAPPERS + " except 3 members, which stay at observe: " + members);
    assertThat(list(report.get("rules"))).filteredOn(rule -> LegacyClassUses.ADAPTER_RULE.equals(rule.get("id")))
        .singleElement().satisfies(rule -> assertThat(rule.get("withoutCounterpart")).isEqualTo(List.of(
            "payload(java.lang.String, java.util.Map)", "sendEvent(java.lang.String, java.util.Map)",
            "sendToolExecuting(java.lang.String, java.lang.String, java.lang.String, java.util.Map)")));
  }

  @Test
  void theShippedMethodRulesStillTakeEveryFactoryCallSoTheFactorysClassRuleCountsNone() {
    assertThat(callSites()).extracting(site -> site.get("rule")).doesNotContain(LegacyClassUses.FACTORY_RULE);
    assertThat(callSites()).filteredOn(site -> !CLASS_RULES.contains(site.get("rule")))
        .extracting(site -> site.get("class"), site -> site.get("rule"), site -> ((Number) site.get("count")).longValue())
        .containsExactlyInAnyOrderElementsOf(GoldenPathCallSites.PER_RUN.stream()
            .map(site -> tuple(site.className(), site.ruleId(), (long) USERS))
            .toList());
  }

  private static List<Map<String, Object>> classRuleSites() {
    return callSites().stream().filter(site -> CLASS_RULES.contains(site.get("rule"))).toList();
  }

  private static List<Map<String, Object>> callSites() {
    return list(report.get("callSites"));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object json) {
    assertThat(json).isInstanceOf(List.class);
    return (List<Map<String, Object>>) json;
  }
}
