package dev.sunset.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.testing.BuiltJars;
import dev.sunset.testing.FixtureJars;
import dev.sunset.testing.TestJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.loader.tools.Library;
import org.springframework.boot.loader.tools.LibraryScope;
import org.springframework.boot.loader.tools.Repackager;

/**
 * The agent's warnings in a Spring Boot executable jar's own log: the {@code boot-logging} fixture packed by Spring
 * Boot's {@code Repackager} (what {@code spring-boot-maven-plugin repackage} runs) with Spring Boot, SLF4J and the
 * logging {@link #loggingLibraries()} names in {@code BOOT-INF/lib}, run with {@code java -javaagent:sunset-agent.jar
 * -jar} and Spring Boot's structured console logging ({@code logging.structured.format.console=ecs}). The logging is
 * only in Spring Boot's {@code LaunchedClassLoader}, which defines the calling class; the system class path, where the
 * agent is, has none. Each subclass runs these tests with one logging framework.
 */
@TestInstance(Lifecycle.PER_CLASS)
abstract class BootJarLogging {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String APP = "com.acme.bootlog.";

  private TestJvm.Result run;

  /** The folder of the logging framework's jars for {@code BOOT-INF/lib} (the build copies them there). */
  abstract Path loggingLibraries();

  /** The jars the fixture needs in {@code BOOT-INF/lib}: Spring Boot and what it needs, SLF4J 2 and the logging. */
  private List<Path> libraries() throws IOException {
    List<Path> libraries = new ArrayList<>();
    for (Class<?> type : List.of(org.springframework.boot.SpringApplication.class,
        org.springframework.core.SpringVersion.class, org.springframework.context.ApplicationContext.class,
        org.springframework.beans.BeanUtils.class, org.springframework.aop.Advisor.class,
        org.springframework.expression.Expression.class, org.apache.commons.logging.Log.class,
        io.micrometer.observation.Observation.class, io.micrometer.common.KeyValue.class,
        org.jspecify.annotations.Nullable.class, org.slf4j.Logger.class)) {
      Path jar = BuiltJars.locationOf(type);
      if (!libraries.contains(jar)) {
        libraries.add(jar);
      }
    }
    try (Stream<Path> logging = Files.list(loggingLibraries())) {
      logging.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(libraries::add);
    }
    return libraries;
  }

  private Path bootJar(Path dir) throws IOException {
    List<Path> libraries = libraries();
    Path classes = Fixtures.classes("boot-logging", List.of(), libraries);
    Path plain = FixtureJars.jar(dir.resolve("boot-logging.jar"), List.of(classes));
    Path boot = dir.resolve("boot-logging-boot.jar");
    Repackager repackager = new Repackager(plain.toFile());
    repackager.setMainClass(APP + "BootLoggingApp");
    repackager.setBackupSource(false);
    repackager.repackage(boot.toFile(), callback -> {
      for (Path library : libraries) {
        callback.library(new Library(library.toFile(), LibraryScope.COMPILE));
      }
    });
    return boot;
  }

  private TestJvm.Result runWith(Path dir, Path bootJar, String agentOptions) throws Exception {
    Path rules = Files.writeString(dir.resolve("rules.yaml"), "rules:\n"
        + "  - id: greeter-greet\n"
        + "    legacy: " + APP + "OldGreeter#greet(java.lang.String)\n"
        + "    replacement: " + APP + "NewGreeter#greet(java.lang.String)\n"
        + "    stage: warn\n"
        + "    message: Greetings move to NewGreeter\n");
    TestJvm.Result result = TestJvm.withAgent("rules=" + rules + ",report=none" + agentOptions)
        .option("-Dlogging.structured.format.console=ecs")
        .run(TIMEOUT, "-jar", bootJar.toString());
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.values()).as(result.toString()).containsEntry("first2", "new:ada")
        .containsEntry("second2", "new:grace");
    return result;
  }

  private TestJvm.Result stderrOnly;
  private TestJvm.Result withoutAgent;

  @BeforeAll
  void theBootJarRunsWithoutTheAgentThenWithItAtWarnByDefaultAndWithLogStderr(@TempDir Path dir) throws Exception {
    Path bootJar = bootJar(dir);
    withoutAgent = TestJvm.withoutAgent().option("-Dlogging.structured.format.console=ecs")
        .run(TIMEOUT, "-jar", bootJar.toString());
    run = runWith(dir, bootJar, "");
    stderrOnly = runWith(dir, bootJar, ",log=stderr");
  }

  @Test
  void withoutTheAgentTheBootJarCallsTheLegacyMethodAndLogsItsOwnLineAsEcsJson() throws Exception {
    assertThat(withoutAgent.exitCode()).as(withoutAgent.toString()).isZero();
    assertThat(withoutAgent.values()).containsEntry("first2", "old:ada").containsEntry("second2", "old:grace");
    assertThat(jsonLines(withoutAgent)).anySatisfy(l -> assertThat(l).containsEntry("message", "greeting started"));
  }

  /** The JSON lines of standard output: Spring Boot's ECS console lines. */
  private static List<Map<String, Object>> jsonLines(TestJvm.Result result) throws IOException {
    List<Map<String, Object>> lines = new ArrayList<>();
    for (String line : result.stdout()) {
      if (line.startsWith("{")) {
        lines.add(JSON.std.mapFrom(line));
      }
    }
    return lines;
  }

  @SuppressWarnings("unchecked")
  private static String logField(Map<String, Object> line, String field) {
    Object log = line.get("log");
    return log instanceof Map<?, ?> m ? (String) ((Map<String, Object>) m).get(field) : null;
  }

  private static List<Map<String, Object>> sunsetLines(TestJvm.Result result) throws IOException {
    return jsonLines(result).stream().filter(l -> "dev.sunset".equals(logField(l, "logger"))).toList();
  }

  private static List<String> warnings(TestJvm.Result result) {
    return result.agentLines().stream().filter(l -> l.startsWith("WARN ")).toList();
  }

  @Test
  void eachSitesWarningIsOneEcsLineOfTheApplicationsOwnLogWithTheSiteRuleLegacyReplacementAndStageAsFields()
      throws Exception {
    assertThat(jsonLines(run)).as(run.toString()).anySatisfy(l -> {
      assertThat(l).containsEntry("message", "greeting started");
      assertThat(logField(l, "logger")).isEqualTo(APP + "BootLoggingApp");
    });
    List<Map<String, Object>> lines = sunsetLines(run);
    assertThat(lines).as(run.toString()).hasSize(2).allSatisfy(l -> {
      assertThat(logField(l, "level")).isEqualTo("WARN");
      assertThat(l).containsEntry("rule", "greeter-greet")
          .containsEntry("legacy", APP + "OldGreeter#greet(java.lang.String)")
          .containsEntry("replacement", APP + "NewGreeter.greet")
          .containsEntry("stage", "warn");
      assertThat((String) l.get("message")).startsWith("legacy call " + APP + "OldGreeter#greet(java.lang.String) from ")
          .contains("!BOOT-INF/classes/!/ [rule greeter-greet]").endsWith(" - Greetings move to NewGreeter");
    });
    assertThat(lines).extracting(l -> (String) l.get("site")).containsExactlyInAnyOrder(
        APP + "BootLoggingApp.firstSite(BootLoggingApp.java:32)",
        APP + "BootLoggingApp.secondSite(BootLoggingApp.java:36)");
    assertThat(lines).extracting(l -> "WARN " + l.get("message")).containsExactlyInAnyOrderElementsOf(warnings(run));
  }

  @Test
  void standardErrorHasTheSameLinesAsWithLogStderrWhichLeavesTheApplicationsLogAlone() throws Exception {
    assertThat(sunsetLines(stderrOnly)).as(stderrOnly.toString()).isEmpty();
    assertThat(jsonLines(stderrOnly)).anySatisfy(l -> assertThat(l).containsEntry("message", "greeting started"));
    assertThat(warnings(stderrOnly)).hasSize(2);
    assertThat(run.agentLines()).as(run.toString()).containsExactlyInAnyOrderElementsOf(stderrOnly.agentLines());
  }
}
