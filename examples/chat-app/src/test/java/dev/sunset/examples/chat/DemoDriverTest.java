package dev.sunset.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.testing.BuiltJars;
import dev.sunset.testing.TestJvm;
import dev.sunset.testing.InheritedEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo in a JVM of its own, as {@code bin/demo} runs it: under the real agent it says where the rules came from
 * (the shim's jar) and what each user's legacy calls ran; without it, that the legacy methods ran.
 */
class DemoDriverTest {
  @TempDir
  Path dir;

  static boolean agentJarIsBuilt() {
    return Files.isRegularFile(BuiltJars.sunsetAgent());
  }

  private List<String> demo(String... jvmOptions) throws Exception {
    TestJvm.Result r = TestJvm.withoutAgent().inherit(InheritedEnvironment.ALL).options(List.of(jvmOptions))
        .classPath(List.of(System.getProperty("java.class.path"))).noStandardInput()
        .start(DemoDriver.class.getName(), "--users", "2").awaitExit(Duration.ofSeconds(90));
    assertThat(r.exitCode()).as("exit; stderr: %s", r.stderrText()).isZero();
    return r.stdout();
  }

  @Test
  @EnabledIf("agentJarIsBuilt")
  void underTheAgentTheDemoSaysWhereTheRulesCameFromAndWhatEachUsersCallsRan() throws Exception {
    Path agent = BuiltJars.sunsetAgent();

    List<String> lines = demo("-javaagent:" + agent + "=report=" + dir.resolve("report.json") + ",summary=false");

    assertThat(lines.get(0)).isEqualTo("2 simulated users chat at once with the chat server, in this JVM, under the "
        + "Sunset agent (" + agent.normalize() + "):");
    assertThat(lines).filteredOn(l -> l.startsWith("alice: ") || l.startsWith("bob: ")).containsExactly(
        "alice: agent_started > agent_thinking > tool_executing > tool_completed > agent_completed",
        "bob: agent_started > agent_thinking > tool_executing > tool_completed > agent_completed");
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("The agent applied 6 rules from ")
        .contains("shim").endsWith("!/META-INF/sunset/rules.yaml (shipped in that jar: no rules file was given)."));
    assertThat(lines).contains("Each user's 11 legacy calls ran, as the agent counted them:",
        "    8 ran the replacement: ws-factory-create-for-user 2 (redirect), ws-factory-create-manager 1 (redirect), "
            + "ws-factory-create-websocket-manager 1 (redirect), ws-manager-send-event 3 (redirect), "
            + "ws-manager-send-tool-executing 1 (redirect)",
        "    3 ran the legacy method: ws-factory-get-factory 3 (observe)",
        "The redirected calls ran the replacement, and every user still got exactly its own five events.");
  }

  @Test
  @EnabledIf("agentJarIsBuilt")
  void aFlightRecordingOfTheDemoHoldsEachSitesFirstCallAtItsLineAndTheReportsCounts() throws Exception {
    Path report = dir.resolve("report.json");
    Path recording = dir.resolve("demo.jfr");

    demo("-javaagent:" + BuiltJars.sunsetAgent() + "=report=" + report + ",summary=false",
        "-XX:StartFlightRecording=filename=" + recording);

    Map<String, Long> reported = new HashMap<>();
    for (Object o : (List<?>) JSON.std.mapFrom(Files.readString(report)).get("callSites")) {
      Map<?, ?> site = (Map<?, ?>) o;
      long count = ((Number) site.get("count")).longValue();
      if (count > 0) {
        reported.merge(site.get("rule") + " " + site.get("class") + "." + site.get("method") + ":" + site.get("line"),
            count, Long::sum);
      }
    }
    Map<String, Long> firstCalls = new HashMap<>();
    Map<Integer, RecordedEvent> lastCounts = new HashMap<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
      String name = e.getEventType().getName();
      if (name.equals("dev.sunset.LegacyCall")) {
        firstCalls.merge(key(e), 1L, Long::sum);
        RecordedFrame top = e.getStackTrace().getFrames().stream().filter(f -> !f.getMethod().isHidden()).findFirst()
            .orElseThrow();
        assertThat(top.getMethod().getType().getName() + "." + top.getMethod().getName() + ":" + top.getLineNumber())
            .as("the first call's top frame is its call site").isEqualTo(e.getString("callerClass") + "."
                + e.getString("callerMethod") + ":" + e.getInt("line"));
      } else if (name.equals("dev.sunset.LegacyCallCount")) {
        lastCounts.merge(e.getInt("siteId"), e, (a, b) -> a.getStartTime().isAfter(b.getStartTime()) ? a : b);
      }
    }
    Map<String, Long> counted = new HashMap<>();
    for (RecordedEvent e : lastCounts.values()) {
      counted.merge(key(e), e.getLong("calls"), Long::sum);
    }
    assertThat(reported).hasSizeGreaterThanOrEqualTo(6);
    assertThat(counted).as("each site's last count in the recording is the report's").isEqualTo(reported);
    assertThat(firstCalls.keySet()).as("one first call per site called").isEqualTo(reported.keySet());
  }

  private static String key(RecordedEvent e) {
    return e.getString("rule") + " " + e.getString("callerClass") + "." + e.getString("callerMethod") + ":"
        + e.getInt("line");
  }

  @Test
  void withoutTheAgentTheDemoSaysTheLegacyMethodsRan() throws Exception {
    List<String> lines = demo();

    assertThat(lines.get(0)).isEqualTo("2 simulated users chat at once with the chat server, in this JVM, without "
        + "the Sunset agent:");
    assertThat(lines).last().isEqualTo("Every legacy call ran the legacy method: no agent rewrote it.");
  }
}
