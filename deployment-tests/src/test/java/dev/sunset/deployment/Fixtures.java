package dev.sunset.deployment;

import dev.sunset.testing.FixtureJars;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Builds the deployed applications from {@code src/fixtures}: compiles a fixture's {@code java/} folder (with the
 * JDK's compiler, for Java 17, with line numbers, through {@link FixtureJars}) and copies its {@code resources/};
 * {@link FixtureJars} packs the jars and WARs. Each fixture is compiled once per test JVM.
 */
final class Fixtures {
  private static final Map<String, Path> COMPILED = new ConcurrentHashMap<>();

  private Fixtures() {}

  /**
   * The classes folder of fixture {@code name}, compiled together with the {@code java/} folders of {@code alsoFrom}
   * (shared fixture sources) against {@code classPath}; its {@code resources/} are copied in.
   */
  static Path classes(String name, List<String> alsoFrom, List<Path> classPath) {
    return COMPILED.computeIfAbsent(name, n -> {
      try {
        return compile(n, alsoFrom, classPath);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /**
   * The classes folder of a variant of fixture {@code name}: its sources with each key of {@code edits} replaced by
   * its value (a test renamed), compiled as {@link #classes} compiles the fixture itself.
   */
  static Path variant(String name, String variant, Map<String, String> edits, List<String> alsoFrom,
      List<Path> classPath) throws IOException {
    Path sources = Build.fixtureWork().resolve(name + "-" + variant).resolve("sources");
    deleteRecursively(sources.getParent());
    copyTree(Build.fixtureSources().resolve(name), sources);
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String text = Files.readString(f);
        for (Map.Entry<String, String> e : edits.entrySet()) {
          text = text.replace(e.getKey(), e.getValue());
        }
        Files.writeString(f, text);
      }
    }
    return compile(sources, name + "-" + variant, alsoFrom, classPath);
  }

  /** A source file of a fixture. */
  static Path source(String fixture, String relativePath) {
    return Build.fixtureSources().resolve(fixture).resolve(relativePath);
  }

  private static Path compile(String name, List<String> alsoFrom, List<Path> classPath) throws IOException {
    return compile(Build.fixtureSources().resolve(name), name, alsoFrom, classPath);
  }

  private static Path compile(Path fixtureRoot, String name, List<String> alsoFrom, List<Path> classPath)
      throws IOException {
    Path out = Build.fixtureWork().resolve(name).resolve("classes");
    deleteRecursively(out);
    Files.createDirectories(out);
    List<Path> sources = new ArrayList<>();
    List<Path> roots = new ArrayList<>(List.of(fixtureRoot));
    alsoFrom.forEach(f -> roots.add(Build.fixtureSources().resolve(f)));
    for (Path root : roots) {
      try (Stream<Path> files = Files.walk(root.resolve("java"))) {
        files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
      }
    }
    FixtureJars.compile(sources, classPath, out, "-g");
    Path resources = fixtureRoot.resolve("resources");
    if (Files.isDirectory(resources)) {
      copyTree(resources, out);
    }
    return out;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        Files.createDirectories(target.getParent());
        try (OutputStream out = Files.newOutputStream(target)) {
          Files.copy(file, out);
        }
      }
    }
  }

  private static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
