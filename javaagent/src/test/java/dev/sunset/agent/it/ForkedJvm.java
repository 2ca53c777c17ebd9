package dev.sunset.agent.it;

import dev.sunset.testing.AgentLine;
import dev.sunset.testing.BuiltJars;
import dev.sunset.testing.KeyValues;
import dev.sunset.testing.TestJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs a main class of this module's tests in a new JVM ({@link TestJvm}: the environment without {@code SUNSET_*}
 * and {@code OTEL_*}) with the real agent jar attached, the test classes first on its class path, and captures what
 * it prints.
 */
final class ForkedJvm {
  /** What a finished JVM printed and returned. */
  static final class Result {
    final int exitCode;
    final String stdout;
    final String stderr;

    private Result(TestJvm.Result result) {
      this.exitCode = result.exitCode();
      this.stdout = result.stdoutText();
      this.stderr = result.stderrText();
    }

    /** The {@code key=value} lines of stdout. */
    Map<String, String> values() {
      return KeyValues.of(stdout);
    }

    /** The agent's lines on stderr, without the prefix. */
    List<String> agentLines() {
      return AgentLine.messages(stderr);
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }

  static Path agentJar() {
    return BuiltJars.sunsetAgent();
  }

  static String testClasses() {
    return BuiltJars.testClasses().toString();
  }

  static Path java() {
    return TestJvm.java();
  }

  private final TestJvm jvm;

  private ForkedJvm(TestJvm jvm) {
    this.jvm = jvm.classPath(List.of(testClasses()));
  }

  /** A JVM with the agent, given these agent options (may be empty). */
  static ForkedJvm withAgent(String agentOptions) {
    return new ForkedJvm(TestJvm.withAgent(agentOptions));
  }

  /** A JVM without the agent. */
  static ForkedJvm withoutAgent() {
    return new ForkedJvm(TestJvm.withoutAgent());
  }

  ForkedJvm jvmArg(String arg) {
    jvm.option(arg);
    return this;
  }

  /** Adds jars or folders to the class path, after the test classes. */
  ForkedJvm classPath(List<String> entries) {
    jvm.classPath(entries);
    return this;
  }

  ForkedJvm env(String key, String value) {
    jvm.env(key, value);
    return this;
  }

  /** Runs {@code mainClass} with the test classes on the class path and waits at most 120 s. */
  Result run(String mainClass, String... args) throws IOException, InterruptedException {
    try (TestJvm.Running running = jvm.start(TestJvm.launch(mainClass, args))) {
      return new Result(running.awaitExit(Duration.ofSeconds(120)));
    }
  }

  /** Starts {@code mainClass} without waiting. */
  Process start(String mainClass, String... args) throws IOException {
    return jvm.startProcess(TestJvm.launch(mainClass, args));
  }
}
