package dev.sunset.agent.it.telemetry;

import dev.sunset.testing.AgentLine;
import dev.sunset.testing.BuiltJars;
import dev.sunset.testing.InheritedEnvironment;
import dev.sunset.testing.KeyValues;
import dev.sunset.testing.LocalPrometheus;
import dev.sunset.testing.TestJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JVM of its own for a telemetry fixture ({@link TestJvm}): the real Sunset agent jar, optionally the real
 * OpenTelemetry Java agent, a clean environment with only the {@code OTEL_*} variables a test gives (no {@code
 * SUNSET_*}, {@code OTEL_*}, {@code JAVA_TOOL_OPTIONS} or {@code JDK_JAVA_OPTIONS} inherited), and a class path of the
 * test classes plus any OpenTelemetry API or SDK jars the fixture itself uses.
 */
final class TelemetryJvm {
  static final String APP = "dev.sunset.agent.it.telemetry.fixtures.TelemetryApp";

  /** What a finished JVM printed and returned. */
  record Result(int exitCode, String stdout, String stderr, long millis, long exitedAtMillis) {
    private Result(TestJvm.Result result) {
      this(result.exitCode(), result.stdoutText(), result.stderrText(), result.millis(), result.exitedAtMillis());
    }

    /** The {@code key=value} lines of stdout. */
    Map<String, String> values() {
      return KeyValues.of(stdout);
    }

    /** How long the JVM took to exit once the fixture's main method had returned. */
    long exitMillis() {
      return exitedAtMillis - Long.parseLong(values().get("mainEndedAtMillis"));
    }

    /** Sunset's own lines on stderr, without their prefix. */
    List<String> agentLines() {
      return AgentLine.messages(stderr);
    }

    @Override
    public String toString() {
      return "exit " + exitCode + " after " + millis + " ms\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }

  static Path sunsetAgent() {
    return BuiltJars.sunsetAgent();
  }

  static Path otelJavaagentJar() {
    return BuiltJars.otelJavaagent();
  }

  /**
   * The jars of this test's class path whose file names start with one of {@code artifacts}, such as
   * {@code opentelemetry-api-}: the application's own OpenTelemetry, separate from Sunset's relocated copy.
   */
  static List<String> jars(String... artifacts) {
    return BuiltJars.onTestClassPath(artifacts);
  }

  /** The jars an application needs to use the OpenTelemetry API. */
  static List<String> otelApiJars() {
    return jars("opentelemetry-api-", "opentelemetry-context-", "opentelemetry-common-");
  }

  /** A free TCP port on the loopback address. */
  static int freePort() throws IOException {
    return LocalPrometheus.freePort();
  }

  private final List<String> agents = new ArrayList<>();
  private final List<String> jvmArgs = new ArrayList<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final List<String> classPath = new ArrayList<>(List.of(BuiltJars.testClasses().toString()));

  /** Attaches Sunset with these options ({@code key=value,...}, may be empty); agents attach in call order. */
  TelemetryJvm sunset(String options) {
    agents.add(TestJvm.javaAgentOption(sunsetAgent(), options));
    return this;
  }

  /** Attaches the OpenTelemetry Java agent. */
  TelemetryJvm otelJavaagent() {
    agents.add(TestJvm.javaAgentOption(otelJavaagentJar(), ""));
    return this;
  }

  TelemetryJvm jvmArg(String arg) {
    jvmArgs.add(arg);
    return this;
  }

  TelemetryJvm env(String key, String value) {
    environment.put(key, value);
    return this;
  }

  TelemetryJvm classPath(List<String> entries) {
    classPath.addAll(entries);
    return this;
  }

  /** The fixture app's JVM: the agents first, then the other options, in call order. */
  private TestJvm jvm() {
    return TestJvm.withoutAgent().inherit(InheritedEnvironment.WITHOUT_SUNSET_OTEL_AND_JAVA_OPTIONS).options(agents)
        .options(jvmArgs).env(environment).classPath(classPath);
  }

  /** Runs the fixture app with {@code args} and waits at most {@code seconds}. */
  Result run(int seconds, String... args) throws IOException, InterruptedException {
    try (TestJvm.Running running = jvm().start(TestJvm.launch(APP, args))) {
      return new Result(running.awaitExit(Duration.ofSeconds(seconds)));
    }
  }

  /** Starts the fixture app without waiting; its standard input stays open until the test closes it. */
  Process start(String... args) throws IOException {
    return jvm().startProcess(TestJvm.launch(APP, args));
  }
}
