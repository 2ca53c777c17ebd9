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
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat backend in its own JVM under the Sunset agent and the rules the shim ships: the legacy call
 * sites are redirected to the unified manager, users still get exactly their own events, and the agent's
 * report counts every legacy call the runs made.
 *
 * <p>Runs once the agent jar is built; its path is the system property {@code sunset.agent.jar}.
 */
@EnabledIf("agentJarIsBuilt")
class GoldenPathUnderAgentTest {
  private static final int USERS = 200;

  @TempDir
  static Path workDir;

  private static List<UserRun> runs;
  private static int exitCode;
  private static String serverStderr;
  private static Map<String, Object> report;

  static boolean agentJarIsBuilt() {
    return Files.isRegularFile(BuiltJars.sunsetAgent());
  }

  @BeforeAll
  static void twoHundredUsersChatWithTheServerUnderTheAgentThenItStops() throws Exception {
    Path reportFile = workDir.resolve("report.json");
    String agent = ForkedChatServer.javaAgentOption(
        BuiltJars.sunsetAgent(), Map.of("report", reportFile.toString()));
    try (ForkedChatServer server = ForkedChatServer.start(List.of(agent), Duration.ofSeconds(60))) {
      runs = ConcurrentChatUsers.chatOnce(server.endpoint(), "agent-user-", USERS, Duration.ofSeconds(60));
      exitCode = server.stop(Duration.ofSeconds(30));
      serverStderr = server.stderr();
    }
    assertThat(reportFile).as("the agent's report; server stderr:\n%s", serverStderr).isRegularFile();
    report = JSON.std.mapFrom(Files.readString(reportFile));
  }

  @Test
  void everyUserReceivesExactlyItsOwnFiveEventsInOrder() {
    assertThat(runs).hasSize(USERS);
    assertEachUserReceivedExactlyItsOwnRunInOrder(runs);
  }

  @Test
  void theServerStopsGracefullyOnSigterm() {
    assertThat(serverStderr).as("the shutdown hook ran").contains("chat-server: stopped");
    assertThat(exitCode).isEqualTo(143);
    assertThat(report).containsEntry("format", "sunset-report/1");
  }

  @Test
  void theReportListsTheShippedRulesInTheirStages() {
    assertThat(list(report.get("rules")))
        .extracting(rule -> rule.get("id"), rule -> rule.get("stage"))
        .contains(
            tuple("ws-factory-create-for-user", "redirect"),
            tuple("ws-factory-create-manager", "redirect"),
            tuple("ws-factory-create-websocket-manager", "redirect"),
            tuple("ws-factory-get-factory", "observe"),
            tuple("ws-manager-send-event", "redirect"),
            tuple("ws-manager-send-tool-executing", "redirect"));
  }

  @Test
  void everyReportedCallSiteIsInTheChatApp() {
    assertThat(callSites()).isNotEmpty()
        .extracting(site -> (String) site.get("class"))
        .allSatisfy(className -> assertThat(className).startsWith("dev.sunset.examples.chat."));
  }

  @Test
  void theLegacyCallSitesSpanAtLeastSixPackages() {
    List<String> packages = callSites().stream()
        .map(site -> packageOf((String) site.get("class")))
        .distinct()
        .toList();

    assertThat(packages).hasSizeGreaterThanOrEqualTo(6);
  }

  @Test
  void eachRuleCountsExactlyTheLegacyCallsTheRunsMade() {
    Map<String, Long> expected = GoldenPathCallSites.callsPerRule(USERS);
    Map<String, Long> counted = callSites().stream()
        .collect(Collectors.groupingBy(site -> (String) site.get("rule"), TreeMap::new,
            Collectors.summingLong(site -> ((Number) site.get("count")).longValue())));

    // per run: get-factory 3, create-for-user 2, create-manager 1, create-websocket-manager 1,
    // send-event 3, send-tool-executing 1; each times USERS
    assertThat(counted).isEqualTo(expected);
  }

  @Test
  void eachLegacyCallSiteIsCountedOncePerRun() {
    assertThat(callSites())
        .extracting(site -> site.get("class"), site -> site.get("rule"), site -> ((Number) site.get("count")).intValue())
        .containsExactlyInAnyOrderElementsOf(GoldenPathCallSites.PER_RUN.stream()
            .map(site -> tuple(site.className(), site.ruleId(), USERS))
            .toList());
  }

  private static List<Map<String, Object>> callSites() {
    return list(report.get("callSites"));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object json) {
    assertThat(json).isInstanceOf(List.class);
    return (List<Map<String, Object>>) json;
  }

  private static String packageOf(String className) {
    return className.substring(0, className.lastIndexOf('.'));
  }
}
