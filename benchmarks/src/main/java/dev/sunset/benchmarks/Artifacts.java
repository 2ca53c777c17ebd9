package dev.sunset.benchmarks;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the benchmarks find what they attach and run: the repository, the Sunset agent jar, the command line's jar,
 * the do-nothing agent and the OpenTelemetry Java agent that the build puts in {@code benchmarks/target}, and the
 * folder the overhead commands generate into.
 */
public final class Artifacts {
  /** The Sunset agent jar, relative to the repository. */
  public static final String SUNSET_AGENT = "javaagent/target/sunset-agent.jar";
  /** The command line's jar, relative to the repository. */
  public static final String CLI_JAR = "cli/target/sunset-cli.jar";
  /** The OpenTelemetry Java agent the build copies, relative to the repository. */
  public static final String OTEL_AGENT = "benchmarks/target/otel-javaagent/opentelemetry-javaagent.jar";
  private static final String BUILD_HINT = "build it with: ./mvnw -B -q -DskipTests package -pl benchmarks -am";

  private Artifacts() {}

  /**
   * The repository root: the nearest directory, from the working directory up and then from this jar's
   * directory up, that holds both {@code javaagent/} and {@code benchmarks/}; null if there is none.
   */
  public static Path repositoryRoot() {
    List<Path> starts = new ArrayList<>();
    starts.add(Path.of("").toAbsolutePath());
    try {
      Path code = Path.of(Artifacts.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      starts.add(code.toAbsolutePath());
    } catch (URISyntaxException | RuntimeException e) {
      // no code location: the working directory alone decides
    }
    for (Path start : starts) {
      for (Path dir = start; dir != null; dir = dir.getParent()) {
        if (Files.isDirectory(dir.resolve("javaagent")) && Files.isDirectory(dir.resolve("benchmarks"))) {
          return dir;
        }
      }
    }
    return null;
  }

  /** The Sunset agent jar: the one given, else the first {@value #SUNSET_AGENT} under the working dir or the repo. */
  public static Path findSunsetAgent(Path given, Path repo) {
    if (given != null) {
      if (!Files.isRegularFile(given)) {
        throw new IllegalArgumentException("the agent jar " + given.toAbsolutePath() + " does not exist");
      }
      return given;
    }
    List<Path> candidates = new ArrayList<>();
    candidates.add(Path.of("").toAbsolutePath().resolve(SUNSET_AGENT));
    if (repo != null) {
      candidates.add(repo.resolve(SUNSET_AGENT));
    }
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** The repository, or a clear failure naming what is missing. */
  public static Path requireRepository() {
    Path repo = repositoryRoot();
    if (repo == null) {
      throw new IllegalStateException("cannot find the repository (a folder holding javaagent/ and benchmarks/) "
          + "from " + Path.of("").toAbsolutePath() + "; run from the repository");
    }
    return repo;
  }

  /** The Sunset agent jar given, else the repository's, or a clear failure. */
  public static Path requireSunsetAgent(Path given) {
    Path agent = findSunsetAgent(given, repositoryRoot());
    if (agent == null) {
      throw new IllegalStateException("cannot find " + SUNSET_AGENT + "; " + BUILD_HINT);
    }
    return agent.toAbsolutePath();
  }

  /** The command line's jar given, else the repository's ({@value #CLI_JAR}), or a clear failure. */
  public static Path requireCli(Path given) {
    Path jar = given != null ? given : requireRepository().resolve(CLI_JAR);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("cannot find the command line's jar " + jar.toAbsolutePath() + "; " + BUILD_HINT);
    }
    return jar.toAbsolutePath();
  }

  /** The do-nothing agent jar the build packs ({@code benchmarks/target/*-noop-agent.jar}), or a clear failure. */
  public static Path requireNoopAgent() throws IOException {
    Path target = requireRepository().resolve("benchmarks/target");
    if (Files.isDirectory(target)) {
      try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "sunset-benchmarks-*-noop-agent.jar")) {
        for (Path jar : jars) {
          return jar.toAbsolutePath();
        }
      }
    }
    throw new IllegalStateException("cannot find benchmarks/target/sunset-benchmarks-*-noop-agent.jar; " + BUILD_HINT);
  }

  /** The OpenTelemetry Java agent the build copies ({@value #OTEL_AGENT}), or a clear failure. */
  public static Path requireOtelAgent() {
    Path jar = requireRepository().resolve(OTEL_AGENT);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("cannot find " + OTEL_AGENT + "; " + BUILD_HINT);
    }
    return jar;
  }

  /** The folder the overhead commands generate applications and write results into. */
  public static Path overheadDir() {
    return requireRepository().resolve("benchmarks/target/overhead");
  }
}
