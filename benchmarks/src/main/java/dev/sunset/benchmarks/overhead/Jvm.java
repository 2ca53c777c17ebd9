package dev.sunset.benchmarks.overhead;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JDK that the overhead commands start applications with, and how they start them: with an environment
 * cleared of settings that would change what runs ({@code OTEL_*}, {@code SUNSET_*}, {@code JAVA_TOOL_OPTIONS}
 * and the like), output captured, and a time limit.
 *
 * @param java the {@code bin/java} launcher
 * @param version the first line of {@code java -version}'s runtime line, such as
 *     {@code OpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)}
 */
public record Jvm(Path java, String version) {
  /** The JDK at {@code home}, or the one running this command when {@code home} is null. */
  public static Jvm of(Path home) throws IOException, InterruptedException {
    Path java = (home == null ? Path.of(System.getProperty("java.home")) : home).resolve("bin/java");
    if (!Files.isExecutable(java)) {
      throw new IllegalArgumentException("no java launcher at " + java + "; --java names a JDK's home folder");
    }
    Run run = run(List.of(java.toString(), "-version"), Map.of(), Duration.ofSeconds(30), null);
    String version = run.stderr().lines().filter(l -> l.contains("Runtime Environment")).findFirst()
        .orElse(run.stderr().lines().findFirst().orElse("unknown"));
    return new Jvm(java.toAbsolutePath(), version.trim());
  }

  /** The JDK's feature release, such as 17 or 25, read from its {@code release} file (0 if unknown). */
  public int feature() {
    try {
      Path release = java.getParent().getParent().resolve("release");
      for (String line : Files.readAllLines(release)) {
        if (line.startsWith("JAVA_VERSION=")) {
          String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          return Integer.parseInt(v.split("[.+-]")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // unknown
    }
    return 0;
  }

  /** What a finished process printed and returned. */
  public record Run(int exitCode, String stdout, String stderr) {
    /** Fails, showing the output, unless the exit status was 0. */
    public Run requireSuccess(String what) {
      if (exitCode != 0) {
        throw new IllegalStateException(what + " failed with exit status " + exitCode + "\n--- stdout:\n"
            + tail(stdout) + "\n--- stderr:\n" + tail(stderr));
      }
      return this;
    }

    private static String tail(String text) {
      return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
    }
  }

  /** The command line {@code java <args>}. */
  public List<String> command(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(args);
    return command;
  }

  /** Runs {@code java <args>} with {@code extraEnvironment} and waits at most {@code timeout}. */
  public Run run(List<String> args, Map<String, String> extraEnvironment, Duration timeout)
      throws IOException, InterruptedException {
    return run(command(args), extraEnvironment, timeout, null);
  }

  /**
   * Runs {@code command} in a cleared environment plus {@code extraEnvironment}, in {@code dir} (or the current
   * folder), and waits at most {@code timeout}.
   */
  public static Run run(List<String> command, Map<String, String> extraEnvironment, Duration timeout, Path dir)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("overhead-", ".out");
    Path err = Files.createTempFile("overhead-", ".err");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      if (dir != null) {
        builder.directory(dir.toFile());
      }
      clean(builder.environment());
      builder.environment().putAll(extraEnvironment);
      Process p = builder.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor();
        throw new IllegalStateException("did not finish within " + timeout.toSeconds() + " s: "
            + String.join(" ", command));
      }
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Removes the settings that would change what a measured JVM runs. */
  public static void clean(Map<String, String> environment) {
    environment.keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("SUNSET_")
        || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS") || k.equals("_JAVA_OPTIONS")
        || k.equals("CLASSPATH"));
  }
}
