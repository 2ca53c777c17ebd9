package dev.sunset.core.scan.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The classes of a jar, or of a folder inside one ({@code BOOT-INF/classes/}, {@code WEB-INF/classes/}): read
 * through the JDK's {@link ZipFile}, which looks an entry up through the central directory without reading the
 * rest.
 */
final class JarSource implements ClassSource {
  private final ZipFile zip;
  private final String prefix;
  private final String codeSource;

  JarSource(ZipFile zip, String prefix, String codeSource) {
    this.zip = zip;
    this.prefix = prefix;
    this.codeSource = codeSource;
  }

  @Override
  public String codeSource() {
    return codeSource;
  }

  @Override
  public Optional<byte[]> resource(String name) throws IOException {
    ZipEntry entry = zip.getEntry(prefix + name);
    if (entry == null || entry.isDirectory()) {
      return Optional.empty();
    }
    try (InputStream in = zip.getInputStream(entry)) {
      byte[] bytes = ClassSource.readBounded(in);
      if (bytes == null) {
        throw new IOException(location(prefix + name) + ": " + ClassSource.tooLargeReason("an entry"));
      }
      return Optional.of(bytes);
    }
  }

  @Override
  public void forEachClass(ClassFileHandler handler) throws IOException {
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      ZipEntry entry = entries.nextElement();
      String name = entry.getName();
      if (entry.isDirectory() || !name.startsWith(prefix)) {
        continue;
      }
      String path = name.substring(prefix.length());
      if (!ClassSource.isClassEntry(path)) {
        continue;
      }
      byte[] bytes;
      try (InputStream in = zip.getInputStream(entry)) {
        bytes = ClassSource.readBounded(in); // the entry's size in the jar may lie; what inflates is counted
      }
      if (bytes == null) {
        handler.tooLarge(name);
        continue;
      }
      handler.handle(path.substring(0, path.length() - ".class".length()), name, bytes);
    }
  }

  @Override
  public List<String> classesOf(String packageInternalName) {
    List<String> classes = new ArrayList<>();
    String dir = prefix + packageInternalName + "/";
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      ZipEntry entry = entries.nextElement();
      String name = entry.getName();
      if (!entry.isDirectory() && name.startsWith(dir) && name.indexOf('/', dir.length()) < 0
          && ClassSource.isClassEntry(name.substring(prefix.length()))) {
        classes.add(name.substring(prefix.length(), name.length() - ".class".length()));
      }
    }
    return classes;
  }

  @Override
  public long countClasses() {
    long n = 0;
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      ZipEntry entry = entries.nextElement();
      String name = entry.getName();
      if (!entry.isDirectory() && name.startsWith(prefix) && ClassSource.isClassEntry(name.substring(prefix.length()))) {
        n++;
      }
    }
    return n;
  }

  @Override
  public String toString() {
    return codeSource;
  }
}
