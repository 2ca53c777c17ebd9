package dev.sunset.core.scan.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The classes of a folder laid out as a class path entry ({@code target/classes}, an exploded WAR's classes). */
final class FolderSource implements ClassSource {
  private final Path root;
  private final String codeSource;

  FolderSource(Path root, String codeSource) {
    this.root = root;
    this.codeSource = codeSource;
  }

  @Override
  public String codeSource() {
    return codeSource;
  }

  @Override
  public Optional<byte[]> resource(String name) throws IOException {
    Path file = root.resolve(name);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = ClassSource.readBounded(in);
      if (bytes == null) {
        throw new IOException(location(name) + ": " + ClassSource.tooLargeReason("an entry"));
      }
      return Optional.of(bytes);
    }
  }

  @Override
  public long countClasses() throws IOException {
    long n = 0;
    for (Path file : files()) {
      if (ClassSource.isClassEntry(root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"))) {
        n++;
      }
    }
    return n;
  }

  @Override
  public List<String> classesOf(String packageInternalName) throws IOException {
    Path dir = root.resolve(packageInternalName);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    List<String> classes = new ArrayList<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path file : (Iterable<Path>) list::iterator) {
        String name = file.getFileName().toString();
        if (Files.isRegularFile(file) && ClassSource.isClassEntry(packageInternalName + "/" + name)) {
          classes.add(packageInternalName + "/" + name.substring(0, name.length() - ".class".length()));
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return classes;
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  @Override
  public void forEachClass(ClassFileHandler handler) throws IOException {
    List<Path> files = files();
    for (Path file : files) {
      String path = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
      if (ClassSource.isClassEntry(path)) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
          bytes = ClassSource.readBounded(in);
        }
        if (bytes == null) {
          handler.tooLarge(path);
        } else {
          handler.handle(path.substring(0, path.length() - ".class".length()), path, bytes);
        }
      }
    }
  }

  @Override
  public String location(String entry) {
    return codeSource + "/" + entry;
  }

  @Override
  public String toString() {
    return codeSource;
  }
}
