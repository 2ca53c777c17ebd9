package dev.sunset.deployment;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A command line for a new JVM (this JVM's {@code java}), optionally with the real agent jar attached; the
 * {@code SUNSET_*} and {@code OTEL_*} variables of this environment are not passed on, so only what a test sets
 * reaches the agent.
 */
final class ForkedJvm {
  private static final String AGENT_PREFIX = "[sunset] ";

  private final List<String> options = new ArrayList<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private List<Path> classPath = List.of();

  private ForkedJvm() {}

  /** A JVM with the agent attached with {@code options} ({@code key=value,...}; empty for none). */
  static ForkedJvm withAgent(String agentOptions) {
    ForkedJvm jvm = new ForkedJvm();
    jvm.options.add("-javaagent:" + Build.agentJar() + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
    return jvm;
  }

  /** A JVM without the agent. */
  static ForkedJvm withoutAgent() {
    return new ForkedJvm();
  }

  /** Adds a JVM option, such as {@code -Dkey=value}. */
  ForkedJvm option(String option) {
    options.add(option);
    return this;
  }

  /** Sets an environment variable of the JVM. */
  ForkedJvm env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** The {@code -cp} of the JVM; none unless set. */
  ForkedJvm classPath(List<Path> entries) {
    classPath = List.copyOf(entries);
    return this;
  }

  /** Starts {@code java <options> [-cp <class path>] <launch...>}, such as a main class and its arguments. */
  Running start(String... launch) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options);
    if (!classPath.isEmpty()) {
      command.add("-cp");
      command.add(classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
    }
    command.addAll(List.of(launch));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("SUNSET_") || k.startsWith("OTEL_"));
    builder.environment().putAll(environment);
    return new Running(builder.start(), command);
  }

  /** Starts the JVM with standard input closed and waits for it to exit on its own. */
  Result run(Duration timeout, String... launch) throws IOException, InterruptedException {
    Running running = start(launch);
    running.closeStandardInput();
    return running.awaitExit(timeout);
  }

  /** What a finished JVM printed and returned. */
  record Result(int exitCode, List<String> stdout, List<String> stderr, List<String> command) {
    /** The {@code key=value} lines of standard output, by key (the last one wins). */
    Map<String, String> values() {
      Map<String, String> values = new LinkedHashMap<>();
      for (String line : stdout) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          values.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      return values;
    }

    /** The agent's lines on standard error, without their {@code [sunset] } prefix. */
    List<String> agentLines() {
      return stderr.stream().filter(l -> l.startsWith(AGENT_PREFIX)).map(l -> l.substring(AGENT_PREFIX.length()))
          .toList();
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "; command " + command + "\n--- stdout\n" + String.join("\n", stdout)
          + "\n--- stderr\n" + String.join("\n", stderr);
    }
  }

  /** A JVM that runs, whose output is read as it comes. */
  static final class Running implements AutoCloseable {
    private final Process process;
    private final List<String> command;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private Running(Process process, List<String> command) {
      this.process = process;
      this.command = command;
      this.outReader = read(process.getInputStream(), stdout, "forked-stdout");
      this.errReader = read(process.getErrorStream(), stderr, "forked-stderr");
    }

    private static Thread read(InputStream stream, List<String> into, String name) {
      Thread thread = new Thread(() -> {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
          for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            into.add(line);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, name);
      thread.setDaemon(true);
      thread.start();
      return thread;
    }

    /** Waits until a line of standard output matches and returns it; fails if the JVM exits or stays silent. */
    String awaitStdout(Predicate<String> line, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        for (String l : stdout) {
          if (line.test(l)) {
            return l;
          }
        }
        if (!process.isAlive() && !outReader.isAlive()) {
          break;
        }
        Thread.sleep(10);
      }
      throw new AssertionError("no such line on standard output within " + timeout + "\n" + snapshot());
    }

    /** The lines printed on standard output so far. */
    List<String> stdout() {
      return List.copyOf(stdout);
    }

    /** Closes the JVM's standard input. */
    void closeStandardInput() throws IOException {
      process.getOutputStream().close();
    }

    /** Sends SIGTERM (the JVM runs its shutdown hooks) and waits for it to exit. */
    Result stop(Duration timeout) throws InterruptedException {
      process.toHandle().destroy(); // Process#destroy would also close our side of the pipes at once
      return awaitExit(timeout);
    }

    /** Sends SIGKILL (nothing runs in the JVM any more) and waits for it to be gone. */
    Result kill(Duration timeout) throws InterruptedException {
      process.toHandle().destroyForcibly();
      return awaitExit(timeout);
    }

    /** Waits for the JVM to exit and for its output. */
    Result awaitExit(Duration timeout) throws InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("the forked JVM did not exit within " + timeout + "\n" + snapshot());
      }
      outReader.join(TimeUnit.SECONDS.toMillis(10));
      errReader.join(TimeUnit.SECONDS.toMillis(10));
      return snapshot();
    }

    private Result snapshot() {
      return new Result(process.isAlive() ? -1 : process.exitValue(), List.copyOf(stdout), List.copyOf(stderr),
          command);
    }

    /** Kills the JVM if it still runs, such as after a failed assertion. */
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
}
