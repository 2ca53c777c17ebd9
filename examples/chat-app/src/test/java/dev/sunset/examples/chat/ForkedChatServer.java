package dev.sunset.examples.chat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A {@link ChatServer} in a JVM of its own, started the way an operator would (optionally under the
 * Sunset agent), with its output captured, for tests that need a separate process.
 *
 * <p>The JVM gets this JVM's class path, or runs another packaging of the server (such as an executable jar).
 * {@link #stop(Duration)} ends it with SIGTERM, so its shutdown hooks, the agent's among them, run.
 */
public final class ForkedChatServer implements AutoCloseable {
  private static final String LISTENING = "LISTENING port=";

  private final Process process;
  private final int port;
  private final List<String> stdout;
  private final StringBuffer stderr;
  private final List<Thread> readers;

  private ForkedChatServer(Process process, int port, List<String> stdout, StringBuffer stderr, List<Thread> readers) {
    this.process = process;
    this.port = port;
    this.stdout = stdout;
    this.stderr = stderr;
    this.readers = readers;
  }

  /** The {@code -javaagent} option that attaches {@code agentJar} with {@code options} ({@code key=value,...}). */
  public static String javaAgentOption(Path agentJar, Map<String, String> options) {
    String arguments = options.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
    return "-javaagent:" + agentJar.toAbsolutePath() + (arguments.isEmpty() ? "" : "=" + arguments);
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
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(launch);
    command.addAll(List.of("--host", "127.0.0.1", "--port", "0"));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    Process process = builder.start();
    process.getOutputStream().close();

    List<String> stdout = new CopyOnWriteArrayList<>();
    StringBuffer stderr = new StringBuffer();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread outReader = drain(process.getInputStream(), "forked-chat-stdout", line -> {
      stdout.add(line);
      if (line.startsWith(LISTENING)) {
        port.complete(Integer.parseInt(line.substring(LISTENING.length()).trim()));
      }
    }, () -> port.completeExceptionally(new IllegalStateException("standard output ended")));
    Thread errReader = drain(process.getErrorStream(), "forked-chat-stderr", line -> stderr.append(line).append('\n'), () -> { });

    try {
      int listeningPort = port.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return new ForkedChatServer(process, listeningPort, stdout, stderr, List.of(outReader, errReader));
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      errReader.join(TimeUnit.SECONDS.toMillis(5));
      throw new IllegalStateException("the chat server did not report its port within " + startTimeout
          + " (" + e + "); command: " + command + "\nstderr:\n" + stderr, e);
    }
  }

  private static Thread drain(InputStream stream, String name, Consumer<String> onLine, Runnable onEnd) {
    Thread thread = new Thread(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          onLine.accept(line);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        onEnd.run();
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** The server's process id. */
  public long pid() {
    return process.pid();
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
    return List.copyOf(stdout);
  }

  /** What the server printed on standard error so far. */
  public String stderr() {
    return stderr.toString();
  }

  /**
   * Stops the server with SIGTERM, which runs its shutdown hooks, and waits for it and its output.
   *
   * <p>The signal is sent through {@link ProcessHandle#destroy()}: {@link Process#destroy()} sends the same
   * SIGTERM but also closes this side of the output pipes at once, losing what the hooks print.
   *
   * @return the exit code, 143 (128 + SIGTERM) for a JVM ended by the signal
   * @throws IllegalStateException if it did not exit within {@code timeout}; it is then killed
   */
  public int stop(Duration timeout) throws InterruptedException {
    process.toHandle().destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException("the chat server did not stop within " + timeout + "; stderr:\n" + stderr);
    }
    for (Thread reader : readers) {
      reader.join(TimeUnit.SECONDS.toMillis(10));
    }
    return process.exitValue();
  }

  /** Kills the server if it still runs, such as after a failed assertion. */
  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
