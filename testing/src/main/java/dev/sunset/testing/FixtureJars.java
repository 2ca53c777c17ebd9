package dev.sunset.testing;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
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
import org.apiguardian.api.API;

/**
 * Fixture sources compiled with the JDK's own compiler ({@code javax.tools}, Java 17 class files) and packaged into
 * jars and WARs, for tests that need an application, a library or a plugin as real files rather than classes of their
 * own class path.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class FixtureJars {
  private FixtureJars() {}

  /**
   * Compiles {@code sources} against {@code classPath} into {@code out} with {@code --release 17 -encoding UTF-8
   * -proc:none} and {@code extraOptions} (such as {@code -g}); returns {@code out}.
   *
   * @throws IllegalStateException if they do not compile; the message holds the compiler's diagnostics
   */
  public static Path compile(List<Path> sources, List<Path> classPath, Path out, String... extraOptions)
      throws IOException {
    Files.createDirectories(out);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
      List<String> options = new ArrayList<>(List.of("--release", "17", "-encoding", "UTF-8", "-proc:none"));
      options.addAll(List.of(extraOptions));
      options.addAll(List.of("-d", out.toString()));
      if (!classPath.isEmpty()) {
        options.add("-classpath");
        options.add(classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
      }
      if (!javac.getTask(diagnostics, files, null, options, null, units).call()) {
        throw new IllegalStateException("the fixture sources " + sources + " do not compile:\n" + diagnostics);
      }
    }
    return out;
  }

  /** Writes a jar of {@code contents} as {@link #jar(Path, List, String)} does, without a {@code Class-Path}. */
  public static Path jar(Path jarFile, List<Path> contents) throws IOException {
    return jar(jarFile, contents, null);
  }

  /**
   * Writes a jar holding, in order, the files of each folder (sorted by path) and the entries of each jar in
   * {@code contents} (their manifests, signatures and folder entries left out; the first of two entries with one
   * name wins), under a manifest with {@code manifestClassPath} as its {@code Class-Path} unless it is null.
   */
  public static Path jar(Path jarFile, List<Path> contents, String manifestClassPath) throws IOException {
    Files.createDirectories(jarFile.toAbsolutePath().getParent());
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (manifestClassPath != null) {
      manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, manifestClassPath);
    }
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
  public static Path war(Path warFile, Path webRoot, Path classes, List<Path> libraries) throws IOException {
    Files.createDirectories(warFile.toAbsolutePath().getParent());
    Set<String> written = new HashSet<>();
    try (JarOutputStream war = new JarOutputStream(Files.newOutputStream(warFile))) {
      addFolder(war, webRoot, "", written);
      addFolder(war, classes, "WEB-INF/classes/", written);
      for (Path library : libraries) {
        war.putNextEntry(new JarEntry("WEB-INF/lib/" + library.getFileName()));
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
}
