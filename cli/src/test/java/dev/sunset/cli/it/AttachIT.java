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

  private static String gaugeRule(String stage) {
    return "rules:\n"
        + "  - id: gauge-read\n"
        + "    legacy: dev.sunset.cli.it.fixtures.LegacyGauge#read(int)\n"
        + "    replacement: dev.sunset.cli.it.fixtures.ModernGauge#read(int)\n"
        + "    stage: " + stage + "\n";
  }

  /** A path's calls counted in the report at a stage: its sites are in {@code GaugeLoop.main} and in {@code Readings}. */
  @SuppressWarnings("unchecked")
  private static long counted(Map<String, Object> report, String path, String stage) {
    String method = path.equals("main") ? "main" : "throughReference";
    long sum = 0;
    for (Map<String, Object> site : (List<Map<String, Object>>) report.get("callSites")) {
      if (site.get("rule").equals("gauge-read") && site.get("method").equals(method)) {
        Object n = ((Map<String, Object>) site.get("countsByStage")).get(stage);
        sum += n == null ? 0 : ((Number) n).longValue();
      }
    }
    return sum;
  }

  @Test
  @SuppressWarnings("unchecked")
  void attachingToALoopThatRunsCountsItsCallsAndASecondAttachSwitchesToItsRulesFileOrSaysWhyNot() throws Exception {
    Path observe = Files.writeString(dir.resolve("observe.yaml"), gaugeRule("observe"));
    Path deny = Files.writeString(dir.resolve("deny.yaml"), gaugeRule("deny"));
    Path report = dir.resolve("report.json");
    try (GaugeLoopJvm loop = GaugeLoopJvm.start()) {
      String pid = String.valueOf(loop.pid());
      Map<String, Long> before = loop.mark("before");

      CliRun first = CliJar.run("attach", pid, "--rules", observe.toString(), "--report", report.toString(),
          "-O", "summary=false");
      long afterFirst = loop.mark("afterFirst").get("afterFirst.main.total");
      // more calls after the attach than while it ran: a call counted twice would take a count past its bound
      Map<String, Long> observed = loop.runOn("observed", afterFirst,
          afterFirst - before.get("before.main.total") + 10);
      CliRun second = CliJar.run("attach", pid, "--rules", deny.toString());
      long afterSecond = loop.mark("afterSecond").get("afterSecond.main.total");
      Map<String, Long> denied = loop.runOn("denied", afterSecond, 20);
      CliRun otherReport = CliJar.run("attach", pid, "--rules", deny.toString(), "--report",
          dir.resolve("other.json").toString());
      CliRun nothing = CliJar.run("attach", pid);
      Map<String, Long> total = loop.stop();

      Map<String, Object> json = JSON.std.mapFrom(Files.readString(report));
      for (String path : List.of("main", "reference")) {
        // every read after the first attach returned, until the second began, ran the legacy method, counted once
        assertThat(counted(json, path, "observe")).as("%s at observe: %s", path, loop).isBetween(
            observed.get("observed." + path + ".legacy") - observed.get("afterFirst." + path + ".legacy"),
            total.get("total." + path + ".legacy") - before.get("before." + path + ".legacy"));
        // every read after the second attach returned was denied, and each denial was counted once
        assertThat(total.get("total." + path + ".denied") - denied.get("afterSecond." + path + ".denied")).as(path)
            .isEqualTo(total.get("total." + path + ".total") - denied.get("afterSecond." + path + ".total"))
            .isPositive();
        assertThat(counted(json, path, "deny")).as("%s at deny: %s", path, loop)
            .isEqualTo(total.get("total." + path + ".denied"));
        assertThat(total.get("total." + path + ".modern") + total.get("total." + path + ".other")).isZero();
      }
      assertThat(((List<Map<String, Object>>) json.get("callSites"))).filteredOn(s -> s.get("rule").equals("gauge-read"))
          .filteredOn(s -> s.get("method").equals("throughReference")).singleElement()
          .satisfies(s -> assertThat(s).containsEntry("methodReference", true).containsEntry("class",
              "dev.sunset.cli.it.fixtures.GaugeLoop$Readings"));
      assertThat(first.exitCode()).as("%s", first).isZero();
      assertThat(first.out()).startsWith("attached Sunset to " + pid)
          .contains("the agent started with the rules of " + observe);
      assertThat(second.exitCode()).as("%s", second).isZero();
      assertThat(second.out()).startsWith("Sunset runs in " + pid + " already; switched to the rules of " + deny
          + ": 1 rule, ").contains("rule 'gauge-read' stage observe -> deny").doesNotContain("1 rules")
          .doesNotContain("1 call sites");
      assertThat(otherReport.exitCode()).as("%s", otherReport).isEqualTo(2);
      assertThat(otherReport.errLines()).singleElement().asString()
          .startsWith("sunset attach: PID " + pid + ": Sunset runs there already and refused: report=")
          .contains("cannot change while the agent runs");
      assertThat(nothing.exitCode()).as("%s", nothing).isZero();
      assertThat(nothing.out()).startsWith("Sunset runs in " + pid + " already; nothing to change: it runs with the rules"
          + " of " + deny);
      assertThat(loop.stderr()).anySatisfy(l -> assertThat(l).startsWith("[sunset] attached again: switched to the"
          + " rules of " + deny));
    }
  }
}
