package dev.sunset.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.cli.CliRun;
import dev.sunset.testing.BuiltJars;
import dev.sunset.testing.InheritedEnvironment;
import dev.sunset.testing.TestJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code java -jar cli/target/sunset-cli.jar ...} in a process of its own ({@link TestJvm}), as users run it. */
final class CliJar {
  private CliJar() {}

  static Path jar() {
    Path jar = BuiltJars.cli();
    assertThat(jar).as("the shaded jar (built by the package phase)").isRegularFile();
    return jar;
  }

  /** Runs the jar with {@code args} (no standard input) and waits at most a minute. */
  static CliRun run(String... args) throws IOException, InterruptedException {
    return runWith(List.of(), args);
  }

  /** Runs the jar in a JVM given {@code jvmOptions} ({@code -Xmx32m}), as {@link #run} does; the whole environment. */
  static CliRun runWith(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
    List<String> launch = new ArrayList<>(List.of("-jar", jar().toString()));
    launch.addAll(List.of(args));
    TestJvm.Result r = TestJvm.withoutAgent().inherit(InheritedEnvironment.ALL).options(jvmOptions).noStandardInput()
        .run(Duration.ofSeconds(60), launch.toArray(String[]::new));
    return new CliRun(r.exitCode(), r.stdoutText(), r.stderrText());
  }
}
