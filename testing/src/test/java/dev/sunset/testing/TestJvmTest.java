package dev.sunset.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestJvmTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static TestJvm echo() {
    return TestJvm.withoutAgent().classPath(List.of(BuiltJars.locationOf(Echo.class)));
  }

  @Test
  void aRunGivesTheExitCodeTheLinesTheExactTextAndTheAgentsLines() throws Exception {
    TestJvm.Result r = echo().option("-Decho.property=p").env("ECHO_VARIABLE", "v")
        .run(TIMEOUT, Echo.class.getName(), "3");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.values()).containsEntry("property", "p").containsEntry("variable", "v").containsEntry("args", "3")
        .containsEntry("ready", "true");
    assertThat(r.stdout()).containsExactly("property=p", "variable=v", "args=3", "no line end", "ready=true", "last");
    assertThat(r.stdoutText()).endsWith("ready=true\r\nlast");
    assertThat(r.agentLines()).containsExactly("WARN something the agent says");
    assertThat(r.command()).startsWith(TestJvm.java().toString(), "-Decho.property=p", "-cp");
  }

  @Test
  void aRunningJvmIsTalkedToAndItsLinesAwaited() throws Exception {
    try (TestJvm.Running app = echo().start(Echo.class.getName())) {
      assertThat(app.awaitStdout(l -> l.startsWith("ready="), TIMEOUT)).isEqualTo("ready=true");
      AgentLine warning = app.awaitAgentLine(AgentLine::isWarning, TIMEOUT);
      assertThat(warning).isEqualTo(new AgentLine("WARN something the agent says"));
      app.send("hello");
      app.awaitStdout("echo=hello"::equals, TIMEOUT);
      app.send("stop");
      TestJvm.Result r = app.awaitExit(TIMEOUT);
      assertThat(r.exitCode()).isZero();
      assertThat(r.stdout()).endsWith("echo=hello", "last");
    }
  }

  @Test
  void awaitingALineThatNeverComesFailsOnceTheJvmHasExited() throws Exception {
    try (TestJvm.Running app = echo().start(Echo.class.getName())) {
      app.closeStandardInput();
      assertThatThrownBy(() -> app.awaitStdout("never"::equals, TIMEOUT)).isInstanceOf(AssertionError.class)
          .hasMessageContaining("no such line on standard output").hasMessageContaining("ready=true");
    }
  }

  @Test
  void aJvmThatDoesNotExitInTimeIsKilled() throws Exception {
    TestJvm.Running app = echo().start(Echo.class.getName());
    app.awaitStdout("ready=true"::equals, TIMEOUT);
    assertThatThrownBy(() -> app.awaitExit(Duration.ofMillis(200))).isInstanceOf(AssertionError.class)
        .hasMessageContaining("did not exit within");
    assertThat(app.isAlive()).isFalse();
  }

  @Test
  void theAgentIsAttachedWithItsOptions() {
    Path agent = Path.of("/a/sunset-agent.jar");
    assertThat(TestJvm.javaAgentOption(agent, "")).isEqualTo("-javaagent:/a/sunset-agent.jar");
    assertThat(TestJvm.javaAgentOption(agent, "report=r.json,summary=false"))
        .isEqualTo("-javaagent:/a/sunset-agent.jar=report=r.json,summary=false");
  }

  @Test
  void theEnvironmentIsScrubbedAsEachLauncherDidBefore() {
    Map<String, String> all = Map.of("SUNSET_RULES", "r", "OTEL_METRICS_EXPORTER", "none", "JAVA_TOOL_OPTIONS", "-X",
        "JDK_JAVA_OPTIONS", "-Y", "PATH", "/bin");

    assertThat(scrubbed(InheritedEnvironment.ALL, all)).isEqualTo(all);
    assertThat(scrubbed(InheritedEnvironment.WITHOUT_SUNSET_AND_OTEL, all))
        .containsOnlyKeys("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "PATH");
    assertThat(scrubbed(InheritedEnvironment.WITHOUT_SUNSET_OTEL_AND_JAVA_OPTIONS, all)).containsOnlyKeys("PATH");
  }

  private static Map<String, String> scrubbed(InheritedEnvironment which, Map<String, String> environment) {
    Map<String, String> copy = new HashMap<>(environment);
    which.scrub(copy);
    return copy;
  }
}
