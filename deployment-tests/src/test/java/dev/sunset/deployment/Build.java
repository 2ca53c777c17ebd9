package dev.sunset.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.testing.BuiltJars;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Where the build put what the deployment tests run: the agent jar (found as every module's tests find it), the
 * Spring Boot jar, the fixture sources and their work folder, JUnit's console launcher, the servlet container's class
 * path and an application's own libraries. Each is a system property set by this module's pom; a missing one fails the test that needs it.
 */
final class Build {
  private Build() {}

  /** The real agent jar ({@link BuiltJars#sunsetAgent()}), which must be built. */
  static Path agentJar() {
    property("sunset.agent.jar");
    Path jar = BuiltJars.sunsetAgent();
    assertThat(jar).as("%s (system property sunset.agent.jar)", jar).exists();
    return jar;
  }

  /** The chat app repackaged by spring-boot-maven-plugin. */
  static Path bootJar() {
    return existing("sunset.boot.jar");
  }

  /** {@code src/fixtures}: the sources the tests compile into the applications they deploy. */
  static Path fixtureSources() {
    return existing("sunset.fixtures.sources");
  }

  /** Where fixtures are compiled and packaged. */
  static Path fixtureWork() throws IOException {
    return Files.createDirectories(Path.of(property("sunset.fixtures.work")));
  }

  /** junit-platform-console-standalone at the project's JUnit version. */
  static Path junitConsoleJar() {
    return existing("sunset.junit.console.jar");
  }

  /**
   * A real library's own test suite from Maven Central: {@code commons-lang3.jar}, {@code commons-lang3-tests.jar} and
   * {@code junit-pioneer.jar}.
   */
  static Path commonsLangSuite() {
    return existing("sunset.commons-lang3.suite");
  }

  /** The jars of the Jetty servlet container (and its logging), in class-path order. */
  static List<Path> servletContainerClassPath() throws IOException {
    String text = Files.readString(existing("sunset.servlet.container.classpath")).trim();
    return Arrays.stream(text.split(File.pathSeparator)).map(Path::of).toList();
  }

  /** The folder of the application's own copies of the libraries the agent relocates. */
  static Path appOwnLibraries() {
    return existing("sunset.app-own.libraries");
  }

  /** A system property the pom sets. */
  static String property(String name) {
    String value = System.getProperty(name);
    assertThat(value).as("system property %s (set by deployment-tests/pom.xml)", name).isNotBlank();
    return value;
  }

  private static Path existing(String property) {
    Path path = Path.of(property(property)).toAbsolutePath();
    assertThat(path).as("%s (system property %s)", path, property).exists();
    return path;
  }
}
