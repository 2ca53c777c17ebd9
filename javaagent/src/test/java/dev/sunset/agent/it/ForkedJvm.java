package dev.sunset.agent.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a main class in a new JVM with the real agent jar attached, and captures what it prints. */
final class ForkedJvm {
  /** What a finished JVM printed and returned. */
  static final class Result {
    final int exitCode;
    final String stdout;
    final String stderr;

    Result(int exitCode, String stdout, String stderr) {
      this.exitCode = exitCode;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    /** The {@code key=value} lines of stdout. */
    Map<String, String> values() {
      return ForkedOutput.values(stdout);
    }

    /** The agent's own lines on stderr, without the prefix. */
    List<String> agentLines() {
      return ForkedOutput.agentLines(stderr);
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }

  static Path agentJar() {
    return Path.of(System.getProperty("sunset.agent.jar", "target/sunset-agent.jar")).toAbsolutePath();
  }

  static String testClasses() {
    return Path.of(System.getProperty("sunset.test.classes", "target/test-classes")).toAbsolutePath().toString();
  }

  static Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  private final List<String> command = new ArrayList<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final List<String> classPath = new ArrayList<>();

  /** A JVM with the agent, given these agent options (may be empty). */
  static ForkedJvm withAgent(String agentOptions) {
    ForkedJvm jvm = new ForkedJvm();
    jvm.command.add(java().toString());
    jvm.command.add("-javaagent:" + agentJar() + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
    return jvm;
  }

  /** A JVM without the agent. */
  static ForkedJvm withoutAgent() {
    ForkedJvm jvm = new ForkedJvm();
    jvm.command.add(java().toString());
    return jvm;
  }

  ForkedJvm jvmArg(String arg) {
    command.add(arg);
    return this;
  }

  /** Adds jars or folders to the class path, after the test classes. */
  ForkedJvm classPath(List<String> entries) {
    classPath.addAll(entries);
    return this;
  }

  ForkedJvm env(String key, String value) {
    environment.put(key, value);
    return this;
  }

  /** Runs {@code mainClass} with the test classes on the class path and waits at most 120 s. */
  Result run(String mainClass, String... args) throws IOException, InterruptedException {
    Process process = start(mainClass, args);
    Path out = Files.createTempFile("forked", ".out");
    Path err = Files.createTempFile("forked", ".err");
    try {
      Thread o = pump(process.getInputStream(), out);
      Thread e = pump(process.getErrorStream(), err);
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("forked JVM did not finish in 120 s: " + command);
      }
      o.join();
      e.join();
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Starts {@code mainClass} without waiting. */
  Process start(String mainClass, String... args) throws IOException {
    List<String> full = new ArrayList<>(command);
    full.add("-cp");
    List<String> path = new ArrayList<>();
    path.add(testClasses());
    path.addAll(classPath);
    full.add(String.join(java.io.File.pathSeparator, path));
    full.add(mainClass);
    full.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(full);
    pb.environment().keySet().removeIf(k -> k.startsWith("SUNSET_") || k.startsWith("OTEL_"));
    pb.environment().putAll(environment);
    return pb.start();
  }

  private static Thread pump(java.io.InputStream in, Path to) {
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
