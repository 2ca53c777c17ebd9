package dev.sunset.agent.it.telemetry;

import dev.sunset.agent.it.ForkedOutput;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of its own for a telemetry fixture: the real Sunset agent jar, optionally the real OpenTelemetry Java
 * agent, a clean environment with only the {@code OTEL_*} variables a test gives, and a class path of the test
 * classes plus any OpenTelemetry API or SDK jars the fixture itself uses.
 */
final class TelemetryJvm {
  static final String APP = "dev.sunset.agent.it.telemetry.fixtures.TelemetryApp";

  /** What a finished JVM printed and returned. */
  record Result(int exitCode, String stdout, String stderr, long millis, long exitedAtMillis) {
    /** The {@code key=value} lines of stdout. */
    Map<String, String> values() {
      return ForkedOutput.values(stdout);
    }

    /** How long the JVM took to exit once the fixture's main method had returned. */
    long exitMillis() {
      return exitedAtMillis - Long.parseLong(values().get("mainEndedAtMillis"));
    }

    /** Sunset's own lines on stderr, without their prefix. */
    List<String> agentLines() {
      return ForkedOutput.agentLines(stderr);
    }

    @Override
    public String toString() {
      return "exit " + exitCode + " after " + millis + " ms\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }

  static Path sunsetAgent() {
    return Path.of(System.getProperty("sunset.agent.jar", "target/sunset-agent.jar")).toAbsolutePath();
  }

  static Path otelJavaagentJar() {
    return Path.of(System.getProperty("sunset.otel.javaagent.jar", "target/otel-javaagent/opentelemetry-javaagent.jar"))
        .toAbsolutePath();
  }

  private static String testClasses() {
    return Path.of(System.getProperty("sunset.test.classes", "target/test-classes")).toAbsolutePath().toString();
  }

  /**
   * The jars of this test's class path whose file names start with one of {@code artifacts}, such as
   * {@code opentelemetry-api-}: the application's own OpenTelemetry, separate from Sunset's relocated copy.
   */
  static List<String> jars(String... artifacts) {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> found = new ArrayList<>();
    for (String artifact : artifacts) {
      boolean seen = false;
      for (String entry : classPath.split(File.pathSeparator)) {
        String name = Path.of(entry).getFileName().toString();
        if (name.startsWith(artifact) && name.endsWith(".jar")
            && Character.isDigit(name.charAt(artifact.length()))) {
          found.add(entry);
          seen = true;
        }
      }
      if (!seen) {
        throw new IllegalStateException("no jar " + artifact + "* on the test class path " + classPath);
      }
    }
    return found;
  }

  /** The jars an application needs to use the OpenTelemetry API. */
  static List<String> otelApiJars() {
    return jars("opentelemetry-api-", "opentelemetry-context-", "opentelemetry-common-");
  }

  /** A free TCP port on the loopback address. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private final List<String> agents = new ArrayList<>();
  private final List<String> jvmArgs = new ArrayList<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final List<String> classPath = new ArrayList<>(List.of(testClasses()));

  /** Attaches Sunset with these options ({@code key=value,...}, may be empty); agents attach in call order. */
  TelemetryJvm sunset(String options) {
    agents.add("-javaagent:" + sunsetAgent() + (options.isEmpty() ? "" : "=" + options));
    return this;
  }

  /** Attaches the OpenTelemetry Java agent. */
  TelemetryJvm otelJavaagent() {
    agents.add("-javaagent:" + otelJavaagentJar());
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

  /** Runs the fixture app with {@code args} and waits at most {@code seconds}. */
  Result run(int seconds, String... args) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process process = start(args);
    Path out = Files.createTempFile("telemetry-jvm", ".out");
    Path err = Files.createTempFile("telemetry-jvm", ".err");
    try {
      Thread o = pump(process.getInputStream(), out);
      Thread e = pump(process.getErrorStream(), err);
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        o.join(5000);
        e.join(5000);
        throw new AssertionError("the forked JVM did not finish in " + seconds + " s; stderr:\n"
            + Files.readString(err, StandardCharsets.UTF_8));
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      long exitedAt = System.currentTimeMillis();
      o.join();
      e.join();
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8), millis, exitedAt);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Starts the fixture app without waiting; its standard input stays open until the test closes it. */
  Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(agents);
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classPath));
    command.add(APP);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("SUNSET_") || k.startsWith("OTEL_")
        || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
    builder.environment().putAll(environment);
    return builder.start();
  }

  private static Thread pump(InputStream in, Path to) {
    Thread t = new Thread(() -> {
      try (in) {
        Files.copy(in, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException ignored) {
        // the process ended
      }
    });
    t.setDaemon(true);
    t.start();
    return t;
  }
}
