package dev.sunset.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.cli.CliRun;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code java -jar cli/target/sunset-cli.jar ...} in a process of its own, as users run it. */
final class CliJar {
  private CliJar() {}

  static Path jar() {
    Path jar = Path.of(System.getProperty("sunset.cli.jar", "target/sunset-cli.jar")).toAbsolutePath();
    assertThat(jar).as("the shaded jar (built by the package phase)").isRegularFile();
    return jar;
  }

  /** Runs the jar with {@code args} (no standard input) and waits at most a minute. */
  static CliRun run(String... args) throws IOException, InterruptedException {
    return runWith(List.of(), args);
  }

  /** Runs the jar in a JVM given {@code jvmOptions} ({@code -Xmx32m}), as {@link #run} does. */
  static CliRun runWith(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar().toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("sunset " + args[0] + " did not finish within 60 s: " + command);
    }
    return new CliRun(p.exitValue(), out.join(), err.join());
  }

  private static String read(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
