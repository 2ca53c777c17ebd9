package dev.sunset.testing;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Where the build put what tests run next to their own classes. Each is a system property the module's pom sets for
 * Surefire and Failsafe; an IDE run without it falls back to where the build writes it.
 *
 * <ul>
 *   <li>{@code sunset.agent.jar}: the real agent jar, {@code javaagent/target/sunset-agent.jar}</li>
 *   <li>{@code sunset.otel.javaagent.jar}: the OpenTelemetry Java agent the javaagent module's build copies</li>
 *   <li>{@code sunset.shim.jar}: the shim's jar</li>
 *   <li>{@code sunset.cli.jar}: the command line's shaded jar, {@code cli/target/sunset-cli.jar}</li>
 *   <li>{@code sunset.test.classes}: this module's test classes</li>
 * </ul>
 */
@API(status = INTERNAL, since = "0.1.0")
public final class BuiltJars {
  private BuiltJars() {}

  /**
   * The real agent jar: {@code sunset.agent.jar}, else {@code javaagent/target/sunset-agent.jar} of the first folder
   * up from the working directory that has one (the javaagent module's own {@code target} first).
   */
  public static Path sunsetAgent() {
    String property = System.getProperty("sunset.agent.jar");
    if (property != null) {
      return Path.of(property).toAbsolutePath();
    }
    Path own = Path.of("target", "sunset-agent.jar").toAbsolutePath();
    if (Files.isRegularFile(own)) {
      return own;
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path jar = dir.resolve("javaagent/target/sunset-agent.jar");
      if (Files.isRegularFile(jar)) {
        return jar;
      }
    }
    return own;
  }

  /** The OpenTelemetry Java agent: {@code sunset.otel.javaagent.jar}, else where the javaagent module copies it. */
  public static Path otelJavaagent() {
    return property("sunset.otel.javaagent.jar", "target/otel-javaagent/opentelemetry-javaagent.jar");
  }

  /** The command line's shaded jar: {@code sunset.cli.jar}, else {@code target/sunset-cli.jar}. */
  public static Path cli() {
    return property("sunset.cli.jar", "target/sunset-cli.jar");
  }

  /** The shim's jar: {@code sunset.shim.jar}, which the pom must set. */
  public static Path shim() {
    String value = System.getProperty("sunset.shim.jar");
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("system property sunset.shim.jar is not set (the module's pom sets it)");
    }
    return Path.of(value).toAbsolutePath();
  }

  /** This module's test classes: {@code sunset.test.classes}, else {@code target/test-classes}. */
  public static Path testClasses() {
    return property("sunset.test.classes", "target/test-classes");
  }

  private static Path property(String name, String fallback) {
    return Path.of(System.getProperty(name, fallback)).toAbsolutePath();
  }

  /** The jar or folder a class of this JVM was loaded from. */
  public static Path locationOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The jars of this test's class path whose file names are one of {@code artifacts} followed by a version, such as
   * {@code opentelemetry-api-} for {@code opentelemetry-api-1.58.0.jar}; each artifact must be there.
   */
  public static List<String> onTestClassPath(String... artifacts) {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> found = new ArrayList<>();
    for (String artifact : artifacts) {
      boolean seen = false;
      for (String entry : classPath.split(File.pathSeparator)) {
        String name = Path.of(entry).getFileName().toString();
        if (name.startsWith(artifact) && name.endsWith(".jar") && name.length() > artifact.length()
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
}
