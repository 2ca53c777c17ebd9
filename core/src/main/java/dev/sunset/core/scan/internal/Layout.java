package dev.sunset.core.scan.internal;

import dev.sunset.core.scan.ArtifactException;
import dev.sunset.core.scan.ArtifactScanner;
import dev.sunset.core.scan.SkippedClass;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Lays the artifacts given to a scan out as class loaders would see them: each application archive (a Spring
 * Boot executable jar, a WAR, exploded or not) is a scope of its own, with its classes folder first and its
 * library jars after; the plain jars and class folders given together form one more scope, the class path.
 * Jars nested in a jar are copied to a temporary folder, so that every jar is read through the JDK's
 * {@link ZipFile}; the folder is deleted on {@link #close()}.
 */
public final class Layout implements Closeable {
  private static final int MAX_NESTING = 4;

  /** A set of jars and folders whose classes see each other, with the name the scan gives it. */
  public record Scope(String name, List<ClassSource> sources) {}

  private enum Kind { BOOT, WAR, PLAIN }

  private final List<Scope> scopes = new ArrayList<>();
  private final List<ClassSource> classPath = new ArrayList<>();
  private final List<ZipFile> open = new ArrayList<>();
  private final List<SkippedClass> skipped = new ArrayList<>();
  private Path temp;
  private int nestedCount;

  private Layout() {}

  /**
   * Lays out the artifacts at {@code paths} (labelled as given).
   *
   * @throws ArtifactException naming the first path that is missing or not an artifact
   */
  public static Layout of(List<Path> paths) throws ArtifactException {
    Layout layout = new Layout();
    for (Path p : paths) {
      try {
        layout.add(p, p.toString());
      } catch (ArtifactException e) {
        layout.close();
        throw e;
      } catch (IOException | UncheckedIOException e) {
        layout.close();
        throw new ArtifactException(p.toString(), "cannot be read: " + e.getMessage());
      }
    }
    if (!layout.classPath.isEmpty()) {
      layout.scopes.add(0, new Scope(ArtifactScanner.CLASS_PATH, List.copyOf(layout.classPath)));
    }
    return layout;
  }

  /** The scopes, the class path first. */
  public List<Scope> scopes() {
    return scopes;
  }

  /** Nested entries that looked like jars but could not be read. */
  public List<SkippedClass> skipped() {
    return skipped;
  }

  private void add(Path path, String label) throws IOException {
    if (!Files.exists(path)) {
      throw new ArtifactException(label, "does not exist");
    }
    if (!Files.isReadable(path)) {
      throw new ArtifactException(label, "cannot be read (permission denied)");
    }
    if (Files.isDirectory(path)) {
      addFolder(path, label);
    } else {
      ZipFile zip;
      try {
        zip = new ZipFile(path.toFile());
      } catch (ZipException e) {
        throw new ArtifactException(label, "is not a jar, a war or a class folder (not a zip file: "
            + e.getMessage() + ")");
      }
      open.add(zip);
      addArchive(zip, label, 0);
    }
  }

  private void addFolder(Path dir, String label) throws IOException {
    if (Files.isDirectory(dir.resolve("WEB-INF"))) {
      List<ClassSource> sources = new ArrayList<>();
      addIfFolder(sources, dir.resolve("WEB-INF/classes"), label + "/WEB-INF/classes");
      for (String lib : List.of("WEB-INF/lib", "WEB-INF/lib-provided")) {
        for (Path jar : jarsIn(dir.resolve(lib))) {
          addLibraryJar(sources, jar, label + "/" + lib + "/" + jar.getFileName());
        }
      }
      scopes.add(new Scope(label, sources));
      return;
    }
    if (Files.isDirectory(dir.resolve("BOOT-INF"))) {
      List<ClassSource> sources = new ArrayList<>();
      addIfFolder(sources, dir.resolve("BOOT-INF/classes"), label + "/BOOT-INF/classes");
      for (Path jar : jarsIn(dir.resolve("BOOT-INF/lib"))) {
        addLibraryJar(sources, jar, label + "/BOOT-INF/lib/" + jar.getFileName());
      }
      scopes.add(new Scope(label, sources));
      return;
    }
    boolean hasClasses;
    try (Stream<Path> walk = Files.walk(dir)) {
      hasClasses = walk.anyMatch(p -> p.getFileName().toString().endsWith(".class") && Files.isRegularFile(p));
    }
    if (hasClasses) {
      classPath.add(new FolderSource(dir, label));
      return;
    }
    List<Path> archives;
    try (Stream<Path> walk = Files.walk(dir)) {
      archives = walk.filter(Files::isRegularFile).filter(p -> isArchiveName(p.getFileName().toString()))
          .sorted(Comparator.comparing(Path::toString)).toList();
    }
    if (archives.isEmpty()) {
      throw new ArtifactException(label, "is a folder with no class files, jars or wars in it");
    }
    for (Path archive : archives) {
      add(archive, archive.toString());
    }
  }

  private void addIfFolder(List<ClassSource> sources, Path dir, String label) {
    if (Files.isDirectory(dir)) {
      sources.add(new FolderSource(dir, label));
    }
  }

  private void addLibraryJar(List<ClassSource> sources, Path jar, String label) throws IOException {
    try {
      ZipFile zip = new ZipFile(jar.toFile());
      open.add(zip);
      sources.add(new JarSource(zip, "", label));
    } catch (ZipException e) {
      skipped.add(new SkippedClass(label, "not a jar (" + e.getMessage() + ")"));
    }
  }

  private static List<Path> jarsIn(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar"))
          .sorted(Comparator.comparing(Path::toString)).toList();
    }
  }

  private static boolean isArchiveName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".jar") || lower.endsWith(".war");
  }

  private static Kind kindOf(ZipFile zip) {
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      String name = entries.nextElement().getName();
      if (name.startsWith("BOOT-INF/")) {
        return Kind.BOOT;
      }
      if (name.startsWith("WEB-INF/")) {
        return Kind.WAR;
      }
    }
    return Kind.PLAIN;
  }

  /** Adds an archive: a Spring Boot jar or a WAR as a scope of its own, a plain jar to the class path. */
  private void addArchive(ZipFile zip, String label, int depth) throws IOException {
    switch (kindOf(zip)) {
      case BOOT -> scopes.add(new Scope(label, applicationSources(zip, label, "BOOT-INF/classes/",
          List.of("BOOT-INF/lib/"), depth)));
      case WAR -> scopes.add(new Scope(label, applicationSources(zip, label, "WEB-INF/classes/",
          List.of("WEB-INF/lib/", "WEB-INF/lib-provided/"), depth)));
      case PLAIN -> {
        classPath.add(new JarSource(zip, "", label));
        addNestedJars(zip, label, depth, classPath);
      }
    }
  }

  private List<ClassSource> applicationSources(ZipFile zip, String label, String classes, List<String> libs,
      int depth) throws IOException {
    List<ClassSource> sources = new ArrayList<>();
    sources.add(new JarSource(zip, classes, label + "!/" + classes.substring(0, classes.length() - 1)));
    List<String> order = classPathIndex(zip);
    Map<String, ZipEntry> jars = new LinkedHashMap<>();
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      ZipEntry e = entries.nextElement();
      for (String lib : libs) {
        if (!e.isDirectory() && e.getName().startsWith(lib) && e.getName().toLowerCase(Locale.ROOT).endsWith(".jar")
            && e.getName().indexOf('/', lib.length()) < 0) {
          jars.put(e.getName(), e);
        }
      }
    }
    List<String> names = new ArrayList<>();
    for (String indexed : order) {
      if (jars.containsKey(indexed)) {
        names.add(indexed);
      }
    }
    for (String name : jars.keySet()) {
      if (!names.contains(name)) {
        names.add(name);
      }
    }
    for (String name : names) {
      ZipFile nested = extract(zip, jars.get(name), label + "!/" + name);
      if (nested != null) {
        String nestedLabel = label + "!/" + name;
        sources.add(new JarSource(nested, "", nestedLabel));
        if (depth + 1 < MAX_NESTING) {
          addNestedJars(nested, nestedLabel, depth + 1, sources);
        }
      }
    }
    return sources;
  }

  /** The order of {@code BOOT-INF/classpath.idx} (Spring Boot's class path order), or empty. */
  private static List<String> classPathIndex(ZipFile zip) throws IOException {
    ZipEntry idx = zip.getEntry("BOOT-INF/classpath.idx");
    if (idx == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    try (InputStream in = zip.getInputStream(idx)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String t = line.trim();
        if (t.startsWith("- ")) {
          t = t.substring(2).trim();
        }
        if (t.startsWith("\"") && t.endsWith("\"") && t.length() > 1) {
          t = t.substring(1, t.length() - 1);
        }
        if (!t.isEmpty()) {
          names.add(t);
        }
      }
    }
    return names;
  }

  /** Jars inside a plain jar (not in an application archive's library folders): read with the jar holding them. */
  private void addNestedJars(ZipFile zip, String label, int depth, List<ClassSource> into)
      throws IOException {
    if (depth + 1 >= MAX_NESTING) {
      return;
    }
    List<ZipEntry> nested = new ArrayList<>();
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      ZipEntry e = entries.nextElement();
      if (!e.isDirectory() && isArchiveName(e.getName()) && !e.getName().startsWith("META-INF/")) {
        nested.add(e);
      }
    }
    for (ZipEntry e : nested) {
      String nestedLabel = label + "!/" + e.getName();
      ZipFile inner = extract(zip, e, nestedLabel);
      if (inner == null) {
        continue;
      }
      Kind kind = kindOf(inner);
      if (kind != Kind.PLAIN || e.getName().toLowerCase(Locale.ROOT).endsWith(".war")) {
        addArchive(inner, nestedLabel, depth + 1);
      } else {
        into.add(new JarSource(inner, "", nestedLabel));
        addNestedJars(inner, nestedLabel, depth + 1, into);
      }
    }
  }

  /** Copies a nested jar to the temporary folder and opens it; null (and a skipped entry) when it is not a jar. */
  private ZipFile extract(ZipFile outer, ZipEntry entry, String label) throws IOException {
    if (temp == null) {
      temp = Files.createTempDirectory("sunset-scan-");
    }
    String fileName = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
    Path copy = temp.resolve((nestedCount++) + "-" + fileName);
    try (InputStream in = outer.getInputStream(entry)) {
      Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
    }
    try {
      ZipFile zip = new ZipFile(copy.toFile());
      open.add(zip);
      return zip;
    } catch (ZipException e) {
      skipped.add(new SkippedClass(label, "not a jar (" + e.getMessage() + ")"));
      return null;
    }
  }

  @Override
  public void close() {
    for (ZipFile zip : open) {
      try {
        zip.close();
      } catch (IOException ignored) {
        // nothing more to read from it
      }
    }
    open.clear();
    if (temp != null) {
      try (Stream<Path> walk = Files.walk(temp)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException | UncheckedIOException ignored) {
        // a temporary folder left behind is harmless
      }
      temp = null;
    }
  }
}
