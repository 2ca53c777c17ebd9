package dev.sunset.benchmarks.overhead;

import dev.sunset.benchmarks.Artifacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real Spring Boot application of the start-up benchmarks: Spring PetClinic, kept with its licence in
 * {@value #FIXTURE} (not a module of the reactor), its executable jar, and the rules the Sunset variants attach.
 * Started with {@link #launch()}, it requests {@value #READY_PATH} from its own (free) port once Spring says it is
 * ready, prints {@link #READY} and exits: a timer of the whole process measures JVM start to the first HTTP 200.
 *
 * @param jar the executable jar
 * @param rules the fixture's rules: eight {@code observe} rules on widely called Spring utility methods
 */
record PetClinic(Path jar, Path rules) {
  /** The fixture's folder, relative to the repository. */
  static final String FIXTURE = "benchmarks/fixtures/spring-petclinic";
  /** The path PetClinic requests from itself once ready; the JVM exits on the answer. */
  static final String READY_PATH = "/";
  /** What PetClinic prints when its own request was answered with 200. */
  static final String READY = "ready: HTTP 200 from " + READY_PATH;
  /** What the fixture's rules are, for tables. */
  static final String RULES_DESCRIPTION = "8 observe rules";

  /**
   * The jar given, else the one built from the fixture with the repository's Maven wrapper (a few seconds when
   * nothing changed; the first build downloads Spring Boot's dependencies into the local repository).
   */
  static PetClinic find(Path given) throws IOException, InterruptedException {
    Path repo = Artifacts.requireRepository();
    Path fixture = repo.resolve(FIXTURE);
    Path jar = given;
    if (jar == null) {
      System.out.println("Building PetClinic (" + fixture + ") ...");
      Jvm.run(List.of(repo.resolve("mvnw").toString(), "-f", fixture.resolve("pom.xml").toString(), "-B", "-q",
          "package", "-DskipTests"), Map.of(), Duration.ofMinutes(20), repo).requireSuccess("building PetClinic");
      jar = fixture.resolve("target/spring-petclinic.jar");
    }
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("PetClinic's jar " + jar.toAbsolutePath() + " does not exist");
    }
    return new PetClinic(jar.toAbsolutePath(), fixture.resolve("sunset-rules.yaml"));
  }

  /** What follows the JVM options: a free port, no graceful shutdown, exit once ready, the jar. */
  List<String> launch() {
    return List.of("-Dserver.port=0", "-Dserver.shutdown=immediate", "-Dsunset.fixture.exit-when-ready=" + READY_PATH,
        "-jar", jar.toString());
  }

  /** Whether a run's standard output says the application answered 200. */
  static boolean wasReady(Jvm.Run run) {
    return run.stdout().lines().anyMatch(READY::equals);
  }
}
