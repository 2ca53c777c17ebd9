package dev.sunset.testing;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apiguardian.api.API;

/**
 * A command line for a new JVM, the {@code java} of the JDK this test runs on, optionally with the real agent jar
 * attached ({@code -javaagent:<jar>[=<options>]}), JVM options and system properties in the order given, a class
 * path, and an environment.
 *
 * <p>The environment is this JVM's, scrubbed as {@link #inherit(InheritedEnvironment)} says (by default {@link
 * InheritedEnvironment#WITHOUT_SUNSET_AND_OTEL}: no {@code SUNSET_*} and no {@code OTEL_*} variable is passed on,
 * exactly as the launchers this one replaces did, so only what a test sets reaches the agent), then the variables set
 * with {@link #env(String, String)}.
 *
 * <p>{@link #start(String...)} returns a {@link Running} JVM whose standard output and error are read as they come,
 * which a test talks to and which is killed when closed; {@link #run(Duration, String...)} waits for it to exit.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class TestJvm {
  private final List<String> options = new ArrayList<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final List<String> classPath = new ArrayList<>();
  private InheritedEnvironment inherited = InheritedEnvironment.WITHOUT_SUNSET_AND_OTEL;
  private boolean noStandardInput;

  private TestJvm() {}

  /** The {@code java} launcher of the JDK this JVM runs on. */
  public static Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** The {@code -javaagent} option that attaches {@code jar} with {@code options} ({@code key=value,...}; may be empty). */
  public static String javaAgentOption(Path jar, String options) {
    return "-javaagent:" + jar.toAbsolutePath() + (options.isEmpty() ? "" : "=" + options);
  }

  /** The arguments {@code first, rest...}, such as a main class and its arguments, for {@link #start(String...)}. */
  public static String[] launch(String first, String... rest) {
    String[] launch = new String[rest.length + 1];
    launch[0] = first;
    System.arraycopy(rest, 0, launch, 1, rest.length);
    return launch;
  }

  /** A JVM with the real agent jar ({@link BuiltJars#sunsetAgent()}) attached with {@code agentOptions} (may be empty). */
  public static TestJvm withAgent(String agentOptions) {
    return withoutAgent().option(javaAgentOption(BuiltJars.sunsetAgent(), agentOptions));
  }

  /** A JVM without the agent. */
  public static TestJvm withoutAgent() {
    return new TestJvm();
  }

  /** Adds a JVM option, such as {@code -Dkey=value} or another {@code -javaagent:}, after those added before. */
  public TestJvm option(String option) {
    options.add(option);
    return this;
  }

  /** Adds JVM options in order. */
  public TestJvm options(List<String> more) {
    options.addAll(more);
    return this;
  }

  /** Sets an environment variable of the JVM, over an inherited one. */
  public TestJvm env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** Sets environment variables of the JVM, over inherited ones. */
  public TestJvm env(Map<String, String> variables) {
    environment.putAll(variables);
    return this;
  }

  /** Which of this JVM's environment variables the JVM inherits. */
  public TestJvm inherit(InheritedEnvironment which) {
    inherited = which;
    return this;
  }

  /** Adds entries (jars or folders) to the {@code -cp} of the JVM, after those added before; none unless added. */
  public TestJvm classPath(List<?> entries) {
    entries.forEach(e -> classPath.add(e.toString()));
    return this;
  }

  /** Gives the JVM {@code /dev/null} as its standard input instead of a pipe to this test. */
  public TestJvm noStandardInput() {
    noStandardInput = true;
    return this;
  }

  /** The command {@code java <options> [-cp <class path>] <launch...>}. */
  public List<String> command(String... launch) {
    List<String> command = new ArrayList<>();
    command.add(java().toString());
    command.addAll(options);
    if (!classPath.isEmpty()) {
      command.add("-cp");
      command.add(String.join(File.pathSeparator, classPath));
    }
    command.addAll(List.of(launch));
    return command;
  }

  /** Starts {@code java <options> [-cp <class path>] <launch...>}, such as a main class and its arguments. */
  public Running start(String... launch) throws IOException {
    long startedAt = System.nanoTime();
    return new Running(startProcess(launch), command(launch), startedAt);
  }

  /**
   * Starts the JVM as {@link #start(String...)} does, for a test that reads its output itself (or hands it to {@link
   * Running#watch(Process)}); the test must end it.
   */
  public Process startProcess(String... launch) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command(launch));
    inherited.scrub(builder.environment());
    builder.environment().putAll(environment);
    if (noStandardInput) {
      builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }
    return builder.start();
  }

  /** Starts the JVM with its standard input closed and waits at most {@code timeout} for it to exit on its own. */
  public Result run(Duration timeout, String... launch) throws IOException, InterruptedException {
    try (Running running = start(launch)) {
      running.closeStandardInput();
      return running.awaitExit(timeout);
    }
  }

  /**
   * What a finished JVM printed and returned.
   *
   * @param exitCode its exit code ({@code -1} in a snapshot of a JVM that still ran)
   * @param stdout the lines of its standard output
   * @param stderr the lines of its standard error
   * @param stdoutText its standard output as printed
   * @param stderrText its standard error as printed
   * @param command how it was started
   * @param millis how long it ran, from start until its exit was seen
   * @param exitedAtMillis the wall-clock time its exit was seen ({@link System#currentTimeMillis()})
   */
  @API(status = INTERNAL, since = "0.1.0")
  public record Result(int exitCode, List<String> stdout, List<String> stderr, String stdoutText, String stderrText,
      List<String> command, long millis, long exitedAtMillis) {
    /** The {@code key=value} lines of standard output, by key (the last one wins). */
    public Map<String, String> values() {
      return KeyValues.of(stdout);
    }

    /** The messages of the agent's lines on standard error, without their {@code [sunset] } prefix. */
    public List<String> agentLines() {
      return AgentLine.messages(stderr);
    }

    @Override
    public String toString() {
      return "exit " + exitCode + " after " + millis + " ms; command " + command + "\n--- stdout\n" + stdoutText
          + "\n--- stderr\n" + stderrText;
    }
  }

  /** A JVM that runs, whose output is read as it comes; closing it kills the JVM if it still runs. */
  @API(status = INTERNAL, since = "0.1.0")
  public static final class Running implements AutoCloseable {
    private final Process process;
    private final List<String> command;
    private final long startedAt;
    private final OutputCapture stdout;
    private final OutputCapture stderr;
    private Writer stdin;

    private Running(Process process, List<String> command, long startedAt) {
      this.process = process;
      this.command = List.copyOf(command);
      this.startedAt = startedAt;
      this.stdout = new OutputCapture(process.getInputStream(), "forked-stdout");
      this.stderr = new OutputCapture(process.getErrorStream(), "forked-stderr");
    }

    /** Reads the output of {@code process}, a JVM started with {@link TestJvm#startProcess(String...)}, as it comes. */
    public static Running watch(Process process) {
      return new Running(process, process.info().commandLine().map(List::of).orElse(List.of()), System.nanoTime());
    }

    /** The JVM's process id. */
    public long pid() {
      return process.pid();
    }

    /** Whether the JVM still runs. */
    public boolean isAlive() {
      return process.isAlive();
    }

    /** The lines printed on standard output so far. */
    public List<String> stdout() {
      return stdout.lines();
    }

    /** The lines printed on standard error so far. */
    public List<String> stderr() {
      return stderr.lines();
    }

    /** The {@code key=value} lines printed on standard output so far, by key (the last one wins). */
    public Map<String, String> values() {
      return KeyValues.of(stdout.lines());
    }

    /** Waits until a line of standard output matches and returns it; fails if the JVM exits or stays silent. */
    public String awaitStdout(Predicate<String> line, Duration timeout) throws InterruptedException {
      return await(stdout, line, timeout, "standard output");
    }

    /** Waits until a line of standard error matches and returns it; fails if the JVM exits or stays silent. */
    public String awaitStderr(Predicate<String> line, Duration timeout) throws InterruptedException {
      return await(stderr, line, timeout, "standard error");
    }

    /** Waits until one of the agent's lines matches and returns it; fails if the JVM exits or stays silent. */
    public AgentLine awaitAgentLine(Predicate<AgentLine> line, Duration timeout) throws InterruptedException {
      String found = await(stderr, l -> AgentLine.parse(l).filter(line).isPresent(), timeout, "standard error");
      return AgentLine.parse(found).orElseThrow();
    }

    private String await(OutputCapture capture, Predicate<String> match, Duration timeout, String what)
        throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        boolean last = capture.ended(); // read before the lines: once it ended, they are all there
        for (String l : capture.lines()) {
          if (match.test(l)) {
            return l;
          }
        }
        if (last) {
          break;
        }
        Thread.sleep(10);
      }
      throw new AssertionError("no such line on " + what + " within " + timeout + "\n" + snapshot());
    }

    /** Writes one line to the JVM's standard input. */
    public synchronized void send(String line) throws IOException {
      if (stdin == null) {
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      }
      stdin.write(line + "\n");
      stdin.flush();
    }

    /** Closes the JVM's standard input. */
    public synchronized void closeStandardInput() throws IOException {
      if (stdin != null) {
        stdin.close();
      } else {
        process.getOutputStream().close();
      }
    }

    /** Sends SIGTERM (the JVM runs its shutdown hooks) and waits for it to exit. */
    public Result stop(Duration timeout) throws InterruptedException {
      process.toHandle().destroy(); // Process#destroy would also close our side of the pipes at once
      return awaitExit(timeout);
    }

    /** Sends SIGKILL (nothing runs in the JVM any more) and waits for it to be gone. */
    public Result kill(Duration timeout) throws InterruptedException {
      process.toHandle().destroyForcibly();
      return awaitExit(timeout);
    }

    /** Waits for the JVM to exit and for its output; kills it and fails if it runs longer than {@code timeout}. */
    public Result awaitExit(Duration timeout) throws InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        stdout.awaitEnd(TimeUnit.SECONDS.toMillis(5));
        stderr.awaitEnd(TimeUnit.SECONDS.toMillis(5));
        throw new AssertionError("the forked JVM did not exit within " + timeout + "\n" + snapshot());
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
      long exitedAt = System.currentTimeMillis();
      stdout.awaitEnd(TimeUnit.SECONDS.toMillis(10));
      stderr.awaitEnd(TimeUnit.SECONDS.toMillis(10));
      return snapshot(millis, exitedAt);
    }

    /** What the JVM printed so far, and its exit code if it has exited ({@code -1} if not). */
    public Result snapshot() {
      return snapshot(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt), System.currentTimeMillis());
    }

    private Result snapshot(long millis, long at) {
      return new Result(process.isAlive() ? -1 : process.exitValue(), stdout.lines(), stderr.lines(), stdout.text(),
          stderr.text(), command, millis, at);
    }

    /** Kills the JVM if it still runs, such as after a failed assertion, and waits at most 10 s for it to be gone. */
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
