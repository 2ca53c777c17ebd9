package dev.sunset.examples.chat;

import dev.sunset.testing.TestJvm;
import dev.sunset.testing.InheritedEnvironment;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A {@link ChatServer} in a JVM of its own ({@link TestJvm}), started the way an operator would (optionally under the
 * Sunset agent), with its output captured, for tests that need a separate process.
 *
 * <p>The JVM gets this JVM's class path and its whole environment, or runs another packaging of the server (such as
 * an executable jar). {@link #stop(Duration)} ends it with SIGTERM, so its shutdown hooks, the agent's among them, run.
 */
public final class ForkedChatServer implements AutoCloseable {
  private static final String LISTENING = "LISTENING port=";

  private final TestJvm.Running jvm;
  private final int port;

  private ForkedChatServer(TestJvm.Running jvm, int port) {
    this.jvm = jvm;
    this.port = port;
  }

  /** The {@code -javaagent} option that attaches {@code agentJar} with {@code options} ({@code key=value,...}). */
  public static String javaAgentOption(Path agentJar, Map<String, String> options) {
    return TestJvm.javaAgentOption(agentJar, options.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(",")));
  }

  /**
   * Starts {@code java <jvmOptions> -cp <this class path> ChatServer --port 0} and waits until it prints
   * the port it listens on.
   *
   * @throws IllegalStateException if it exits or stays silent for {@code startTimeout}; the message holds
   *     its standard error
   */
  public static ForkedChatServer start(List<String> jvmOptions, Duration startTimeout) throws IOException, InterruptedException {
    return start(jvmOptions, Map.of(), startTimeout);
  }

  /**
   * As {@link #start(List, Duration)}, with these environment variables added to (or replacing) this JVM's, such
   * as {@code OTEL_METRICS_EXPORTER}.
   */
  public static ForkedChatServer start(List<String> jvmOptions, Map<String, String> environment, Duration startTimeout)
      throws IOException, InterruptedException {
    return start(jvmOptions, List.of("-cp", System.getProperty("java.class.path"), ChatServer.class.getName()),
        environment, startTimeout);
  }

  /**
   * As {@link #start(List, Map, Duration)}, launching the server with {@code launch} instead of this class path
   * and {@link ChatServer}, such as {@code -jar app.jar} for an executable jar whose main class ends in
   * {@link ChatServer#main}; {@code --host 127.0.0.1 --port 0} follow it.
   */
  public static ForkedChatServer start(List<String> jvmOptions, List<String> launch, Map<String, String> environment,
      Duration startTimeout) throws IOException, InterruptedException {
    List<String> arguments = new ArrayList<>(launch);
    arguments.addAll(List.of("--host", "127.0.0.1", "--port", "0"));
    TestJvm.Running jvm = TestJvm.withoutAgent().inherit(InheritedEnvironment.ALL).options(jvmOptions)
        .env(environment).start(arguments.toArray(String[]::new));
    try {
      jvm.closeStandardInput();
      String listening = jvm.awaitStdout(l -> l.startsWith(LISTENING), startTimeout);
      return new ForkedChatServer(jvm, Integer.parseInt(listening.substring(LISTENING.length()).trim()));
    } catch (AssertionError | RuntimeException | IOException e) {
      jvm.close();
      throw new IllegalStateException("the chat server did not report its port within " + startTimeout + " ("
          + e.getMessage() + ")", e);
    }
  }

  /** The server's process id. */
  public long pid() {
    return jvm.pid();
  }

  /** The port the server listens on. */
  public int port() {
    return port;
  }

  /** The chat endpoint, {@code ws://127.0.0.1:<port>/chat}. */
  public URI endpoint() {
    return URI.create("ws://127.0.0.1:" + port + ChatServer.CHAT_PATH);
  }

  /** The lines the server printed on standard output so far. */
  public List<String> stdout() {
    return jvm.stdout();
  }

  /** What the server printed on standard error so far, each line ended by a line feed. */
  public String stderr() {
    return jvm.stderr().stream().map(l -> l + "\n").collect(Collectors.joining());
  }

  /**
   * Stops the server with SIGTERM, which runs its shutdown hooks, and waits for it and its output.
   *
   * @return the exit code, 143 (128 + SIGTERM) for a JVM ended by the signal
   * @throws IllegalStateException if it did not exit within {@code timeout}; it is then killed
   */
  public int stop(Duration timeout) throws InterruptedException {
    try {
      return jvm.stop(timeout).exitCode();
    } catch (AssertionError e) {
      throw new IllegalStateException("the chat server did not stop: " + e.getMessage(), e);
    }
  }

  /** Kills the server if it still runs, such as after a failed assertion. */
  @Override
  public void close() {
    jvm.close();
  }
}
