package dev.sunset.examples.chat;

import static dev.sunset.examples.chat.ConcurrentChatUsers.assertEachUserReceivedExactlyItsOwnRunInOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.examples.chat.ConcurrentChatUsers.UserRun;
import dev.sunset.examples.chat.client.ChatClient;
import dev.sunset.examples.chat.client.ReceivedEvent;
import dev.sunset.examples.chat.supervisor.AgentSupervisor;
import dev.sunset.testing.BuiltJars;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat backend in its own JVM with the class rules at {@code redirect}, the legacy context's through an adapter
 * made to fail for some users ({@link FlakyContextAdapters}: building the context throws for a user whose id starts
 * with {@code flaky-}) and with a {@code rollback}: the first runs of such users fail at the context's construction
 * (the exception reaches the application, which ends the run with its {@code agent_completed}), that site alone rolls
 * back to {@code observe} and says so once, and from then on every user, those the adapter fails for included, receives
 * exactly its five events; the counts stay exact across the switch.
 *
 * <p>Runs once the agent jar is built; its path is the system property {@code sunset.agent.jar}.
 */
@EnabledIf("agentJarIsBuilt")
class ClassRuleRollbackTest {
  /** The runs before the rollback: each fails, and the rollback needs this many calls at least. */
  private static final int FAILING_RUNS = 10;
  /** The users after it: as many whom the adapter fails for as others. */
  private static final int USERS = 200;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String SUPERVISOR = AgentSupervisor.class.getName();

  @TempDir
  static Path workDir;

  private static List<List<ReceivedEvent>> failingRuns;
  private static String rollbackLine;
  private static List<UserRun> runsAfter;
  private static String serverStderr;
  private static Map<String, Object> report;

  static boolean agentJarIsBuilt() {
    return GoldenPathUnderAgentTest.agentJarIsBuilt();
  }

  @BeforeAll
  static void failingRunsThenTheRollbackThenTwoHundredUsers() throws Exception {
    Path rules = Files.writeString(workDir.resolve("rules.yaml"), LegacyClassUses.adapterRulesFile("redirect",
        FlakyContextAdapters.class.getName(), "    rollback: {errors: 1%, within: 1m, min: " + FAILING_RUNS + "}\n"));
    Path reportFile = workDir.resolve("report.json");
    String agent = ForkedChatServer.javaAgentOption(BuiltJars.sunsetAgent(),
        Map.of("rules", rules.toString(), "report", reportFile.toString()));
    try (ForkedChatServer server = ForkedChatServer.start(List.of(agent), TIMEOUT)) {
      // before the rollback: each run the adapter fails for ends with agent_completed alone
      HttpClient http = HttpClient.newHttpClient();
      failingRuns = new ArrayList<>();
      for (int i = 0; i < FAILING_RUNS; i++) {
        ChatClient client =
            ChatClient.connect(http, server.endpoint(), FlakyContextAdapters.FAILS_FOR + i, TIMEOUT).get();
        client.send("6 * 7", "req-before-" + i).get();
        client.awaitEvents(1, TIMEOUT);
        client.close(TIMEOUT); // agent_completed is a run's last event: nothing is in flight after it
        failingRuns.add(client.received());
      }
      rollbackLine = awaitStderrLine(server, "rolled back to observe");
      // after it: as many users the adapter fails for as others, each exactly its five events
      runsAfter = new ArrayList<>(ConcurrentChatUsers.chatOnce(server.endpoint(), FlakyContextAdapters.FAILS_FOR,
          USERS / 2, TIMEOUT));
      runsAfter.addAll(ConcurrentChatUsers.chatOnce(server.endpoint(), "steady-", USERS / 2, TIMEOUT));
      server.stop(Duration.ofSeconds(30));
      serverStderr = server.stderr();
    }
    assertThat(reportFile).as("the agent's report; server stderr:\n%s", serverStderr).isRegularFile();
    report = JSON.std.mapFrom(Files.readString(reportFile));
  }

  /** The first line of the server's standard error that contains {@code text}, waiting for it up to 30 s. */
  private static String awaitStderrLine(ForkedChatServer server, String text) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      String line = server.stderr().lines().filter(l -> l.contains(text)).findFirst().orElse(null);
      if (line != null) {
        return line;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no line with '" + text + "' within 30 s; stderr:\n" + server.stderr());
  }

  @Test
  void eachRunTheAdapterFailedForBeforeTheRollbackEndedWithTheFailureInItsAgentCompleted() {
    assertThat(failingRuns).hasSize(FAILING_RUNS).allSatisfy(events -> {
      assertThat(events).extracting(ReceivedEvent::event).containsExactly("agent_completed");
      assertThat((String) events.get(0).payload().get("error"))
          .isEqualTo("the agent failed: java.lang.IllegalStateException: the test's adapter fails for this user");
    });
  }

  @Test
  void theContextsConstructionRolledBackOnceSayingWhereAndWhyNamingNoValue() {
    assertThat(rollbackLine).startsWith("[sunset] rule '" + LegacyClassUses.CONTEXT_RULE + "': " + SUPERVISOR
        + ".agentContext(AgentSupervisor.java:").contains(") rolled back to observe: " + FAILING_RUNS + " of "
        + FAILING_RUNS + " redirected calls (100.0%) threw within 1m (rollback above 1%, at least " + FAILING_RUNS
        + " calls)").doesNotContain("the test's adapter fails").doesNotContain(FlakyContextAdapters.FAILS_FOR);
    assertThat(serverStderr.lines().filter(l -> l.contains("rolled back to observe"))).as(serverStderr).hasSize(1);
  }

  @Test
  void afterTheRollbackEveryUserTheAdapterFailsForIncludedReceivesExactlyItsOwnFiveEvents() {
    assertThat(runsAfter).hasSize(USERS)
        .filteredOn(run -> run.userId().startsWith(FlakyContextAdapters.FAILS_FOR)).hasSize(USERS / 2);
    assertEachUserReceivedExactlyItsOwnRunInOrder(runsAfter);
  }

  @Test
  void theRolledBackSiteCountsItsFailedCallsAtRedirectAndEveryLaterOneAtObserveAndTheOtherSitesStayRedirected() {
    List<Map<String, Object>> context = sitesOf(LegacyClassUses.CONTEXT_RULE);
    assertThat(context).as(serverStderr)
        .extracting(site -> site.get("method"), site -> site.get("use"), site -> site.get("member"),
            site -> site.get("stage"), site -> site.get("countsByStage"))
        .containsExactlyInAnyOrder(
            tuple("agentContext", "new",
                "<init>(com.example.ws.UserExecutionContext, com.example.ws.WebSocketManager)", "observe",
                Map.of("redirect", FAILING_RUNS, "observe", USERS)),
            tuple("execute", "field-read", "websocketManager", "redirect", Map.of("redirect", USERS)),
            tuple("execute", "field-read", "websocketManager", "redirect", Map.of("redirect", USERS)),
            tuple("execute", "field-read", "userContext", "redirect", Map.of("redirect", USERS)));
    assertThat(context).filteredOn(site -> "new".equals(site.get("use"))).singleElement()
        .satisfies(site -> {
          assertThat(site.get("rolledBackAt")).isNotNull();
          assertThat((String) site.get("rollbackReason")).isEqualTo(rollbackLine.substring(
              rollbackLine.indexOf("rolled back to observe: ") + "rolled back to observe: ".length(),
              rollbackLine.indexOf("; the legacy")));
        });
    // the legacy adapter's construction is in the bridge, which the failing runs never reached
    assertThat(sitesOf(LegacyClassUses.ADAPTER_RULE))
        .extracting(site -> site.get("use"), site -> site.get("stage"), site -> site.get("countsByStage"))
        .containsExactlyInAnyOrder(
            tuple("new", "redirect", Map.of("redirect", USERS)),
            tuple("subclass", "observe", Map.of("observe", 1)));
  }

  private static List<Map<String, Object>> sitesOf(String rule) {
    return list(report.get("callSites")).stream().filter(site -> rule.equals(site.get("rule"))).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object json) {
    assertThat(json).isInstanceOf(List.class);
    return (List<Map<String, Object>>) json;
  }
}
