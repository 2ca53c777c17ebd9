package dev.sunset.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.cli.CliRun;
import dev.sunset.examples.chat.ForkedChatServer;
import dev.sunset.examples.chat.client.ChatClient;
import dev.sunset.examples.chat.client.ReceivedEvent;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sunset attach} on a chat app that was started without the agent: a rule redirecting the tools' calls
 * takes effect on the running app (its answers change), the calls are counted, and the report appears.
 */
class AttachIT {
  /** Every tool call redirected to a JDK method that returns its arguments: a change anyone can see. */
  private static final String RULES = "rules:\n"
      + "  - id: tool-run\n"
      + "    legacy: dev.sunset.examples.chat.agents.tools.Tool#run(java.util.Map)\n"
      + "    replacement: java.util.Collections#unmodifiableMap(java.util.Map)\n"
      + "    stage: redirect\n";

  @TempDir
  Path dir;

  /** Sends {@code 6 * 7} as a new user and returns what its tool_completed event says. */
  private static Map<String, Object> toolCompleted(ForkedChatServer server, String user) throws Exception {
    try (ChatClient client = ChatClient.connect(HttpClient.newHttpClient(), server.endpoint(), user,
        Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS)) {
      client.send("6 * 7", "req-" + user).get(30, TimeUnit.SECONDS);
      List<ReceivedEvent> events = client.awaitEvents(5, Duration.ofSeconds(30));
      return events.stream().filter(e -> e.event().equals("tool_completed")).findFirst().orElseThrow().payload();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void attachingRedirectsTheRunningAppCountsItsCallsAndWritesTheReport() throws Exception {
    Path rules = Files.writeString(dir.resolve("rules.yaml"), RULES);
    Path report = dir.resolve("report.json");
    try (ForkedChatServer server = ForkedChatServer.start(List.of("-XX:+EnableDynamicAgentLoading"),
        Duration.ofSeconds(60))) {
      assertThat(toolCompleted(server, "before")).containsEntry("result", 42);
      long pid = server.pid();

      CliRun list = CliJar.run("attach", "--list");
      CliRun attach = CliJar.run("attach", String.valueOf(pid), "--rules", rules.toString(), "--report",
          report.toString(), "-O", "reportInterval=500ms", "-O", "summary=false");

      assertThat(list.exitCode()).as("%s", list).isZero();
      assertThat(list.outLines()).anySatisfy(l -> assertThat(l).startsWith(pid + " ")
          .contains("dev.sunset.examples.chat.ChatServer"));
      assertThat(attach.exitCode()).as("%s", attach).isZero();
      assertThat(attach.out()).startsWith("attached Sunset to " + pid);

      Map<String, Object> after = toolCompleted(server, "after");
      // the calculator no longer runs: the redirect hands back the tool's arguments
      assertThat(after.get("result")).isEqualTo(Map.of("expression", "6 * 7"));

      Map<String, Object> site = awaitSite(report, "tool-run", Duration.ofSeconds(20));
      assertThat(site).containsEntry("class", "dev.sunset.examples.chat.agents.tools.ToolDispatcher")
          .containsEntry("method", "dispatch").containsEntry("count", 1).containsEntry("stage", "redirect");
      Map<String, Object> json = JSON.std.mapFrom(Files.readString(report));
      // the shipped rules came with the attach too: the second user's run is counted at every site
      assertThat((List<Map<String, Object>>) json.get("callSites"))
          .filteredOn(s -> ((String) s.get("rule")).startsWith("ws-")).hasSize(11)
          .allSatisfy(s -> assertThat(s.get("count")).isEqualTo(1));
      server.stop(Duration.ofSeconds(30));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> awaitSite(Path report, String rule, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.isRegularFile(report)) {
        Map<String, Object> json = JSON.std.mapFrom(Files.readString(report));
        for (Map<String, Object> s : (List<Map<String, Object>>) json.get("callSites")) {
          if (rule.equals(s.get("rule")) && ((Number) s.get("count")).longValue() > 0) {
            return s;
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no counted site of " + rule + " in " + report + " within " + timeout);
  }

  @Test
  void attachingToNoSuchProcessOrWithoutAPidIsBadInputOnOneLine() throws Exception {
    long unused = ProcessHandle.current().pid() + 1_000_000;

    CliRun noProcess = CliJar.run("attach", String.valueOf(unused));
    CliRun noPid = CliJar.run("attach");
    CliRun notANumber = CliJar.run("attach", "chat");
    CliRun missingRules = CliJar.run("attach", String.valueOf(ProcessHandle.current().pid()), "--rules",
        "/nonexistent/rules.yaml");

    assertThat(List.of(noProcess, noPid, notANumber, missingRules)).allSatisfy(r -> {
      assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
      assertThat(r.errLines()).as("%s", r).hasSize(1);
    });
    assertThat(noProcess.err()).startsWith("sunset attach: PID " + unused + ": no such process");
    assertThat(notANumber.err()).startsWith("sunset attach: PID chat: is not a process id");
    assertThat(missingRules.err()).startsWith("sunset attach: /nonexistent/rules.yaml: does not exist");
  }
}
