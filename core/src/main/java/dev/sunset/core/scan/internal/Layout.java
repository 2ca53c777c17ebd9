package dev.sunset.core.scan.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.io.Limits;
import dev.sunset.core.scan.ArtifactException;
import dev.sunset.core.scan.ArtifactScanner;
import dev.sunset.core.scan.ResolutionSource;
import dev.sunset.core.scan.SkippedClass;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.apiguardian.api.API;

/**
 * Lays the artifacts given to a scan out as class loaders would see them: each application archive (a Spring
 * Boot executable jar, a WAR, exploded or not) is a scope of its own, with its classes folder first and its
 * library jars after; the plain jars and class folders given together form one more scope, the class path.
 * Jars nested in a jar are copied to a temporary folder, so that every jar is read through the JDK's
 * {@link ZipFile}; the folder is deleted on {@link #close()}.
 *
 * <p>Some jars and folders are read only to resolve rules against, never for call sites: those given for it, in
 * every scope, and, in the class path scope, those the {@code Class-Path} attribute of a plain jar's manifest names
 * (followed as the JVM follows it: relative to the jar, and on through the manifests of the jars it names). A
 * thin application jar whose library sits beside it is so resolved as {@code java -jar} would run it.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class Layout implements Closeable {
  private static final int MAX_NESTING = Limits.JAR_NESTING;
  /** Of a copied jar's name, this many characters are kept (the file system takes 255). */
  private static final int NAME_CHARS = 100;

  /**
   * A set of jars and folders whose classes see each other, with the name the scan gives it.
   *
   * @param name the scope's name
   * @param sources the jars and folders whose classes are scanned
   * @param resolutionOnly the jars and folders after them that are read only to resolve rules against
   */
  public record Scope(String name, List<ClassSource> sources, List<ClassSource> resolutionOnly) {
    /** Its sources, then those read only to resolve against: the order classes are looked up in. */
    public List<ClassSource> everySource() {
      List<ClassSource> all = new ArrayList<>(sources);
      all.addAll(resolutionOnly);
      return all;
    }
  }

  /** A plain jar given to the scan, whose manifest's {@code Class-Path} is followed. */
  private record GivenJar(Path file, String label, ZipFile zip) {}

  private enum Kind { BOOT, WAR, PLAIN }

  private final List<Scope> scopes = new ArrayList<>();
  private final List<ClassSource> classPath = new ArrayList<>();
  private final List<ZipFile> open = new ArrayList<>();
  private final List<SkippedClass> skipped = new ArrayList<>();
  private final List<GivenJar> plainJars = new ArrayList<>();
  private final Set<Path> read = new HashSet<>();
  private final List<ResolutionSource> resolutionPath = new ArrayList<>();
  private Path temp;
  private int nestedCount;
  private long copiedBytes;

  private Layout() {}

  /**
   * Lays out the artifacts at {@code paths} (labelled as given), with {@code resolutionPaths} (jars and folders,
   * labelled as given) to resolve against in every scope.
   *
   * @throws ArtifactException naming the first path that is missing or not an artifact
   */
  public static Layout of(List<Path> paths, List<Path> resolutionPaths) throws ArtifactException {
    Layout layout = new Layout();
    Path current = null;
    try {
      for (Path p : paths) {
        current = p;
        layout.add(p, p.toString());
      }
      List<ClassSource> fromManifests = new ArrayList<>();
      for (GivenJar jar : layout.plainJars) {
        current = jar.file();
        layout.followManifest(jar, fromManifests);
      }
      List<ClassSource> given = new ArrayList<>();
      for (Path p : resolutionPaths) {
        current = p;
        layout.addResolutionOnly(p, given);
      }
      layout.scopes.replaceAll(s -> new Scope(s.name(), s.sources(), List.copyOf(given)));
      if (!layout.classPath.isEmpty()) {
        List<ClassSource> resolutionOnly = new ArrayList<>(fromManifests);
        resolutionOnly.addAll(given);
        layout.scopes.add(0, new Scope(ArtifactScanner.CLASS_PATH, List.copyOf(layout.classPath),
            List.copyOf(resolutionOnly)));
      }
    } catch (ArtifactException e) {
      layout.close();
      throw e;
    } catch (IOException | UncheckedIOException e) {
      layout.close();
      throw new ArtifactException(String.valueOf(current), "cannot be read: " + e.getMessage());
    }
    return layout;
  }

  /** The scopes, the class path first. */
  public List<Scope> scopes() {
    return scopes;
  }

  /** The jars and folders read only to resolve against, in the order they were added, those not there included. */
  public List<ResolutionSource> resolutionPath() {
    return resolutionPath;
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
      read.add(path.toAbsolutePath().normalize());
      addArchive(zip, label, 0, path);
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
      scopes.add(new Scope(label, sources, List.of()));
      return;
    }
    if (Files.isDirectory(dir.resolve("BOOT-INF"))) {
      List<ClassSource> sources = new ArrayList<>();
      addIfFolder(sources, dir.resolve("BOOT-INF/classes"), label + "/BOOT-INF/classes");
      for (Path jar : jarsIn(dir.resolve("BOOT-INF/lib"))) {
        addLibraryJar(sources, jar, label + "/BOOT-INF/lib/" + jar.getFileName());
      }
      scopes.add(new Scope(label, sources, List.of()));
      return;
    }
    boolean hasClasses;
    try (Stream<Path> walk = Files.walk(dir)) {
      hasClasses = walk.anyMatch(p -> p.getFileName().toString().endsWith(".class") && Files.isRegularFile(p));
    }
    if (hasClasses) {
      classPath.add(new FolderSource(dir, label));
      read.add(dir.toAbsolutePath().normalize());
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

  /**
   * Adds an archive: a Spring Boot jar or a WAR as a scope of its own, a plain jar to the class path.
   *
   * @param file the archive's own file, when it was given (its manifest's {@code Class-Path} is followed); null for
   *     a nested one
   */
  private void addArchive(ZipFile zip, String label, int depth, Path file) throws IOException {
    switch (kindOf(zip)) {
      case BOOT -> scopes.add(new Scope(label, applicationSources(zip, label, "BOOT-INF/classes/",
          List.of("BOOT-INF/lib/"), depth), List.of()));
      case WAR -> scopes.add(new Scope(label, applicationSources(zip, label, "WEB-INF/classes/",
          List.of("WEB-INF/lib/", "WEB-INF/lib-provided/"), depth), List.of()));
      case PLAIN -> {
        classPath.add(new JarSource(zip, "", label));
        if (file != null) {
          plainJars.add(new GivenJar(file, label, zip));
        }
        addNestedJars(zip, label, depth, classPath);
      }
    }
  }

  /**
   * Adds a jar or folder given to resolve against: a jar (whatever its layout: it is read as a plain jar), a class
   * folder, or a folder holding jars; then what its manifest's {@code Class-Path} names.
   */
  private void addResolutionOnly(Path path, List<ClassSource> into) throws IOException {
    String label = path.toString();
    if (!Files.exists(path)) {
      throw new ArtifactException(label, "does not exist");
    }
    if (!Files.isReadable(path)) {
      throw new ArtifactException(label, "cannot be read (permission denied)");
    }
    if (Files.isDirectory(path)) {
      boolean hasClasses;
      try (Stream<Path> walk = Files.walk(path)) {
        hasClasses = walk.anyMatch(p -> p.getFileName().toString().endsWith(".class") && Files.isRegularFile(p));
      }
      if (hasClasses) {
        resolutionPath.add(new ResolutionSource(label, ResolutionSource.Origin.GIVEN, null, true));
        if (read.add(path.toAbsolutePath().normalize())) {
          into.add(new FolderSource(path, label));
        }
        return;
      }
      List<Path> jars;
      try (Stream<Path> walk = Files.walk(path)) {
        jars = walk.filter(Files::isRegularFile).filter(p -> isArchiveName(p.getFileName().toString()))
            .sorted(Comparator.comparing(Path::toString)).toList();
      }
      if (jars.isEmpty()) {
        throw new ArtifactException(label, "is a folder with no class files or jars in it");
      }
      for (Path jar : jars) {
        addResolutionOnly(jar, into);
      }
      return;
    }
    ZipFile zip;
    try {
      zip = new ZipFile(path.toFile());
    } catch (ZipException e) {
      throw new ArtifactException(label, "is not a jar or a class folder (not a zip file: " + e.getMessage() + ")");
    }
    resolutionPath.add(new ResolutionSource(label, ResolutionSource.Origin.GIVEN, null, true));
    if (!read.add(path.toAbsolutePath().normalize())) {
      zip.close(); // already read: scanned, or given twice
      return;
    }
    open.add(zip);
    into.add(new JarSource(zip, "", label));
    followManifest(new GivenJar(path, label, zip), into);
  }

  /**
   * Adds, to resolve against, the jars and folders that the {@code Class-Path} attribute of {@code jar}'s manifest
   * names, and then those their own manifests name, as the JVM's class path would hold them. Entries are URLs
   * relative to the jar's folder; one that is not there (or not a file URL, or not a jar) is passed over and noted
   * in {@link #resolutionPath()}.
   */
  private void followManifest(GivenJar jar, List<ClassSource> into) throws IOException {
    Deque<GivenJar> pending = new ArrayDeque<>(List.of(jar));
    while (!pending.isEmpty()) {
      GivenJar from = pending.removeFirst();
      for (String entry : classPathEntries(from.zip())) {
        Path target = manifestTarget(from.file(), entry);
        String label = target == null ? entry : manifestLabel(from.label(), entry, target);
        if (target == null || !Files.exists(target) || !Files.isReadable(target)) {
          resolutionPath.add(new ResolutionSource(label, ResolutionSource.Origin.MANIFEST, from.label(), false));
          continue;
        }
        if (!read.add(target.toAbsolutePath().normalize())) {
          continue; // scanned already, or named twice
        }
        if (Files.isDirectory(target)) {
          resolutionPath.add(new ResolutionSource(label, ResolutionSource.Origin.MANIFEST, from.label(), true));
          into.add(new FolderSource(target, label));
          continue;
        }
        ZipFile zip;
        try {
          zip = new ZipFile(target.toFile());
        } catch (ZipException e) {
          resolutionPath.add(new ResolutionSource(label, ResolutionSource.Origin.MANIFEST, from.label(), false));
          continue;
        }
        open.add(zip);
        resolutionPath.add(new ResolutionSource(label, ResolutionSource.Origin.MANIFEST, from.label(), true));
        into.add(new JarSource(zip, "", label));
        pending.addLast(new GivenJar(target, label, zip));
      }
    }
  }

  /** The entries of a jar manifest's {@code Class-Path} attribute (URLs separated by spaces), or none. */
  private static List<String> classPathEntries(ZipFile zip) throws IOException {
    ZipEntry entry = zip.getEntry(JarFile.MANIFEST_NAME);
    if (entry == null) {
      return List.of();
    }
    Manifest manifest;
    try (InputStream in = zip.getInputStream(entry)) {
      manifest = new Manifest(in);
    } catch (IOException e) {
      return List.of(); // a manifest the JVM could not read either: it adds nothing to the class path
    }
    String value = manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return List.of(value.trim().split("\\s+"));
  }

  /** Where a {@code Class-Path} entry of {@code jar} points (a URL relative to the jar), or null when not a file. */
  private static Path manifestTarget(Path jar, String entry) {
    try {
      URI target = jar.toAbsolutePath().toUri().resolve(new URI(entry));
      return "file".equals(target.getScheme()) ? Path.of(target) : null;
    } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
      return null;
    }
  }

  /**
   * How a manifest entry is named: beside the naming jar's label when the entry is relative
   * ({@code build/app.jar} and {@code lib/legacy.jar} give {@code build/lib/legacy.jar}), else where it points.
   */
  private static String manifestLabel(String jarLabel, String entry, Path target) {
    try {
      URI uri = new URI(entry);
      if (uri.getScheme() == null && uri.getPath() != null && !uri.getPath().startsWith("/")) {
        return Path.of(jarLabel).resolveSibling(uri.getPath()).normalize().toString();
      }
    } catch (URISyntaxException | IllegalArgumentException e) {
      // fall through: name it by where it points
    }
    return target.toString();
  }

  private List<ClassSource> applicationSources(ZipFile zip, String label, String classes, List<String> libs,
      int depth) throws IOException {
    List<ClassSource> sources = new ArrayList<>();
    sources.add(new JarSource(zip, classes, label + "!/" + classes.substring(0, classes.length() - 1)));
    List<String> order = classPathIndex(zip, label);
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
        addNestedJars(nested, nestedLabel, depth + 1, sources);
      }
    }
    return sources;
  }

  /** The order of {@code BOOT-INF/classpath.idx} (Spring Boot's class path order), or empty. */
  private List<String> classPathIndex(ZipFile zip, String label) throws IOException {
    ZipEntry idx = zip.getEntry("BOOT-INF/classpath.idx");
    if (idx == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    try (InputStream in = zip.getInputStream(idx)) {
      byte[] bytes = ClassSource.readBounded(in);
      if (bytes == null) {
        skipped.add(new SkippedClass(label + "!/" + idx.getName(), ClassSource.tooLargeReason("an entry")
            + " (the class path's order is the jar's)"));
        return List.of();
      }
      for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
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
    List<ZipEntry> nested = new ArrayList<>();
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      ZipEntry e = entries.nextElement();
      if (!e.isDirectory() && isArchiveName(e.getName()) && !e.getName().startsWith("META-INF/")) {
        nested.add(e);
      }
    }
    if (depth + 1 >= MAX_NESTING) {
      for (ZipEntry e : nested) {
        skipped.add(new SkippedClass(label + "!/" + e.getName(), "is a jar at nesting level " + (depth + 2)
            + "; Sunset reads jars up to " + MAX_NESTING + " levels deep (a jar in a jar in a jar in a jar); not read"));
      }
      return;
    }
    for (ZipEntry e : nested) {
      String nestedLabel = label + "!/" + e.getName();
      ZipFile inner = extract(zip, e, nestedLabel);
      if (inner == null) {
        continue;
      }
      Kind kind = kindOf(inner);
      if (kind != Kind.PLAIN || e.getName().toLowerCase(Locale.ROOT).endsWith(".war")) {
        addArchive(inner, nestedLabel, depth + 1, null);
      } else {
        into.add(new JarSource(inner, "", nestedLabel));
        addNestedJars(inner, nestedLabel, depth + 1, into);
      }
    }
  }

  /**
   * Copies a nested jar to the temporary folder (private to this user) and opens it; null (and a skipped entry) when
   * it is not a jar, or larger than {@link Limits#NESTED_JAR_BYTES}, or would take the copies of this scan past
   * {@link Limits#NESTED_JARS_TOTAL_BYTES}.
   */
  private ZipFile extract(ZipFile outer, ZipEntry entry, String label) throws IOException {
    if (temp == null) {
      temp = Files.createTempDirectory("sunset-scan-");
    }
    String fileName = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
    if (fileName.length() > NAME_CHARS) {
      fileName = fileName.substring(fileName.length() - NAME_CHARS);
    }
    Path copy = temp.resolve((nestedCount++) + "-" + fileName);
    long room = Math.min(Limits.NESTED_JAR_BYTES, Limits.NESTED_JARS_TOTAL_BYTES - copiedBytes);
    long copied = 0;
    try (InputStream in = outer.getInputStream(entry);
        OutputStream out = Files.newOutputStream(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        copied += n;
        if (copied > room) {
          break;
        }
        out.write(buffer, 0, n);
      }
    }
    if (copied > room) {
      Files.deleteIfExists(copy);
      skipped.add(new SkippedClass(label, room < Limits.NESTED_JAR_BYTES
          ? "the jars nested in this scan's artifacts hold more than the " + Limits.describe(
              Limits.NESTED_JARS_TOTAL_BYTES) + " Sunset copies out to read; not read"
          : "is larger than the " + Limits.describe(Limits.NESTED_JAR_BYTES) + " Sunset copies out of a jar to read; "
              + "not read"));
      return null;
    }
    copiedBytes += copied;
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
