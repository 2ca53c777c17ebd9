package dev.sunset.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Real jars for the tests, compiled here with javac from sources the test writes: a legacy library, and application
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
    List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString()));
    if (!classPath.isEmpty()) {
      args.add("-cp");
      args.add(String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()));
    }
    for (Map.Entry<String, String> e : sources.entrySet()) {
      Path file = src.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
      args.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, args.toArray(String[]::new));
    if (rc != 0) {
      throw new IllegalStateException("javac failed for " + jar + ": " + rc);
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (manifestClassPath != null) {
      manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, manifestClassPath);
    }
    Files.createDirectories(jar.toAbsolutePath().getParent());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
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
