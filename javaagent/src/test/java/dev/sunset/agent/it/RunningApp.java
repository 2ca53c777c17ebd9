package dev.sunset.agent.it;

import dev.sunset.testing.TestJvm;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A forked {@code LiveApp} that a test talks to while it runs: it reads its output as it comes ({@link TestJvm}). */
final class RunningApp implements AutoCloseable {
  private final TestJvm.Running jvm;

  RunningApp(Process process) {
    this.jvm = TestJvm.Running.watch(process);
  }

  long pid() {
    return jvm.pid();
  }

  /** Waits until a stdout line matches, or fails after {@code seconds}. */
  void awaitStdout(Predicate<String> line, int seconds) throws InterruptedException {
    jvm.awaitStdout(line, Duration.ofSeconds(seconds));
  }

  /** Waits until an agent line on stderr matches, or fails after {@code seconds}; returns the line. */
  String awaitAgentLine(Predicate<String> line, int seconds) throws InterruptedException {
    return jvm.awaitAgentLine(l -> line.test(l.message()), Duration.ofSeconds(seconds)).toString();
  }

  /** Writes one line to the app's standard input. */
  void send(String line) throws IOException {
    jvm.send(line);
  }

  /** The app's {@code key=value} lines so far, the last of each key. */
  Map<String, String> values() {
    return jvm.values();
  }

  /** Tells the app to stop, waits for it, and returns its {@code key=value} totals. */
  Map<String, String> stop() throws IOException, InterruptedException {
    send("stop");
    jvm.closeStandardInput();
    return jvm.awaitExit(Duration.ofSeconds(60)).values();
  }

  List<String> stderr() {
    return jvm.stderr();
  }

  @Override
  public void close() {
    jvm.close();
  }
}
