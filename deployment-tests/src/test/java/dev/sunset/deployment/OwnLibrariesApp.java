package dev.sunset.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The fixture {@code src/fixtures/own-libraries}: an application with its own snakeyaml-engine, jackson-jr and
 * jackson-core, ASM and OpenTelemetry SDK (the versions {@code app-own.*} of the parent pom, all different from the
 * agent's), the shim, and its class path.
 */
final class OwnLibrariesApp {
  static final String MAIN = "com.acme.ownlibs.OwnLibrariesApp";

  private OwnLibrariesApp() {}

  /** The application's class path: its classes, its own libraries, the shim. */
  static List<Path> classPath() throws IOException {
    List<Path> libraries = ownLibraries();
    Path shim = Shim.location();
    List<Path> compileClassPath = new ArrayList<>(libraries);
    compileClassPath.add(shim);
    List<Path> classPath = new ArrayList<>();
    classPath.add(Fixtures.classes("own-libraries", List.of("probe"), compileClassPath));
    classPath.addAll(compileClassPath);
    return classPath;
  }

  /** The application's own library jars. */
  static List<Path> ownLibraries() throws IOException {
    try (Stream<Path> jars = Files.list(Build.appOwnLibraries())) {
      return jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
  }

  /** The URL of the application's own jar of {@code artifactId} at {@code version}. */
  static String ownJar(String artifactId, String version) throws IOException {
    Path jar = Build.appOwnLibraries().resolve(artifactId + "-" + version + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no " + jar + " among the application's own libraries " + ownLibraries());
    }
    return jar.toUri().toURL().toString();
  }
}
