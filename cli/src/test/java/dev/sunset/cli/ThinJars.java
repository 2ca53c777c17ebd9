package dev.sunset.cli;

import dev.sunset.testing.FixtureJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real jars for the tests, compiled here ({@link FixtureJars}) from sources the test writes: a legacy library, and application
 * jars that call it without holding it (thin jars), optionally naming it in their manifest's {@code Class-Path}.
 */
final class ThinJars {
  private ThinJars() {}

  /**
   * Compiles {@code sources} (file path under the source root, such as {@code com/acme/Main.java}, to text) against
   * {@code classPath} and packs the classes into {@code jar}, whose manifest names {@code manifestClassPath} (or
   * nothing when null).
   */
  static Path jar(Path work, Path jar, Map<String, String> sources, List<Path> classPath, String manifestClassPath)
      throws IOException {
    String name = jar.getFileName().toString();
    Path src = Files.createDirectories(work.resolve("src-" + name));
    Path classes = Files.createDirectories(work.resolve("classes-" + name));
    List<Path> files = new ArrayList<>();
    for (Map.Entry<String, String> e : sources.entrySet()) {
      Path file = src.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
      files.add(file);
    }
    FixtureJars.compile(files, classPath, classes);
    FixtureJars.jar(jar, List.of(classes), manifestClassPath);
    return jar;
  }

  /** The 1-based line of {@code source} that holds {@code text}. */
  static int lineOf(String source, String text) {
    List<String> lines = source.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException(text + " is not in the source");
  }
}
