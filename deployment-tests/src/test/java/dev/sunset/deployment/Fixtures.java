package dev.sunset.deployment;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Builds the deployed applications from {@code src/fixtures}: compiles a fixture's {@code java/} folder (with the
 * JDK's compiler, for Java 17, with line numbers) and copies its {@code resources/}, then packs jars and WARs the
 * way a build tool would. Each fixture is compiled once per test JVM.
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
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
      List<String> options = new ArrayList<>(List.of("--release", "17", "-g", "-encoding", "UTF-8", "-proc:none",
          "-d", out.toString()));
      if (!classPath.isEmpty()) {
        options.add("-classpath");
        options.add(classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
      }
      Boolean ok = javac.getTask(diagnostics, files, null, options, null, units).call();
      if (!ok) {
        throw new IllegalStateException("fixture " + name + " does not compile:\n" + diagnostics);
      }
    }
    Path resources = fixtureRoot.resolve("resources");
    if (Files.isDirectory(resources)) {
      copyTree(resources, out);
    }
    return out;
  }

  /**
   * Writes a jar holding, in order, the files of each folder and the entries of each jar in {@code contents}
   * (manifests and signatures left out; the first of two entries with one name wins).
   */
  static Path jar(Path jarFile, List<Path> contents) throws IOException {
    Files.createDirectories(jarFile.getParent());
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
    Set<String> written = new HashSet<>();
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(jarFile), manifest)) {
      written.add(JarFile.MANIFEST_NAME);
      for (Path content : contents) {
        if (Files.isDirectory(content)) {
          addFolder(jar, content, "", written);
        } else {
          addJarEntries(jar, content, written);
        }
      }
    }
    return jarFile;
  }

  /**
   * Writes a WAR: {@code webRoot}'s files (such as {@code WEB-INF/web.xml}), the classes under
   * {@code WEB-INF/classes/} and the libraries under {@code WEB-INF/lib/}.
   */
  static Path war(Path warFile, Path webRoot, Path classes, List<Path> libraries) throws IOException {
    Files.createDirectories(warFile.getParent());
    Set<String> written = new HashSet<>();
    try (JarOutputStream war = new JarOutputStream(Files.newOutputStream(warFile))) {
      addFolder(war, webRoot, "", written);
      addFolder(war, classes, "WEB-INF/classes/", written);
      for (Path library : libraries) {
        String entry = "WEB-INF/lib/" + library.getFileName();
        war.putNextEntry(new JarEntry(entry));
        Files.copy(library, war);
        war.closeEntry();
      }
    }
    return warFile;
  }

  private static void addFolder(JarOutputStream jar, Path folder, String prefix, Set<String> written)
      throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      String entry = prefix + folder.relativize(file).toString().replace(File.separatorChar, '/');
      if (written.add(entry)) {
        jar.putNextEntry(new JarEntry(entry));
        Files.copy(file, jar);
        jar.closeEntry();
      }
    }
  }

  private static void addJarEntries(JarOutputStream jar, Path source, Set<String> written) throws IOException {
    try (JarFile in = new JarFile(source.toFile())) {
      for (Enumeration<JarEntry> entries = in.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        boolean signature = name.startsWith("META-INF/") && (name.endsWith(".SF") || name.endsWith(".RSA")
            || name.endsWith(".DSA"));
        if (entry.isDirectory() || signature || !written.add(name)) {
          continue;
        }
        jar.putNextEntry(new JarEntry(name));
        try (InputStream data = in.getInputStream(entry)) {
          data.transferTo(jar);
        }
        jar.closeEntry();
      }
    }
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
