package dev.sunset.core.scan;

import dev.sunset.testing.FixtureJars;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds the jars, wars and folders the scanner tests read, from the test fixtures' real class files. */
final class Artifacts {
  static final String FIXTURES = "dev/sunset/core/fixtures/";
  static final String SHIPPED = "rules:\n"
      + "  - id: shipped-create\n"
      + "    legacy: dev.sunset.core.fixtures.Legacy#create(java.lang.String)\n"
      + "    replacement: dev.sunset.core.fixtures.Modern#create(java.lang.String)\n"
      + "    stage: redirect\n";

  private final Map<String, byte[]> entries = new LinkedHashMap<>();
  private boolean stored;

  static Artifacts jar() {
    return new Artifacts();
  }

  /** The class file of a fixture, under {@code prefix}. */
  Artifacts fixture(String prefix, String simpleName) throws IOException {
    return entry(prefix + FIXTURES + simpleName + ".class", classFile(FIXTURES + simpleName));
  }

  Artifacts entry(String name, byte[] bytes) {
    entries.put(name, bytes);
    return this;
  }

  Artifacts entry(String name, String text) {
    return entry(name, text.getBytes(StandardCharsets.UTF_8));
  }

  Artifacts entry(String name, Path file) throws IOException {
    return entry(name, Files.readAllBytes(file));
  }

  /** Entries stored without compression, as Spring Boot requires of nested jars. */
  Artifacts stored() {
    this.stored = true;
    return this;
  }

  Path writeTo(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        ZipEntry entry = new ZipEntry(e.getKey());
        if (stored) {
          CRC32 crc = new CRC32();
          crc.update(e.getValue());
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(e.getValue().length);
          entry.setCrc(crc.getValue());
        }
        out.putNextEntry(entry);
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    return file;
  }

  /** Writes the entries as files under {@code dir}. */
  Path writeAsFolder(Path dir) throws IOException {
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      Path file = dir.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      try (OutputStream out = Files.newOutputStream(file)) {
        out.write(e.getValue());
      }
    }
    return dir;
  }

  static byte[] classFile(String internalName) throws IOException {
    try (InputStream in = Artifacts.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
      return in.readAllBytes();
    }
  }

  /** The legacy library: {@code Legacy}, {@code Special} and the replacement {@code Modern}, shipping a rule. */
  static Path legacyLibrary(Path file) throws IOException {
    return jar().fixture("", "Legacy").fixture("", "Special").fixture("", "Modern")
        .entry("META-INF/sunset/rules.yaml", SHIPPED).writeTo(file);
  }

  /** An older legacy library whose {@code Legacy} has no {@code describe}, compiled here. */
  static Path olderLegacyLibrary(Path dir, Path file) throws IOException {
    Path src = dir.resolve("src/dev/sunset/core/fixtures/Legacy.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, "package dev.sunset.core.fixtures;\n"
        + "public class Legacy {\n"
        + "  public Legacy(String name) {}\n"
        + "  public static Legacy create(String name) { return new Legacy(name); }\n"
        + "  public int now(int offset) { return offset; }\n"
        + "}\n");
    Path out = FixtureJars.compile(List.of(src), List.of(), dir.resolve("older-classes"));
    return jar().entry(FIXTURES + "Legacy.class", out.resolve(FIXTURES + "Legacy.class"))
        .fixture("", "Special").fixture("", "Modern").entry("META-INF/sunset/rules.yaml", SHIPPED).writeTo(file);
  }

  /** The application: {@code Caller} and a bystander that names nothing legacy. */
  static Artifacts application(String prefix) throws IOException {
    return jar().fixture(prefix, "Caller").entry(prefix + "dev/sunset/core/scan/Artifacts.class",
        classFile("dev/sunset/core/scan/Artifacts"));
  }

  /** The line in the fixture {@code Caller.java} that holds {@code text}, read from its source. */
  static int lineOf(String text) throws IOException {
    return lineOf("Caller", text);
  }

  /** The line in the fixture {@code simpleName.java} that holds {@code text}, read from its source. */
  static int lineOf(String simpleName, String text) throws IOException {
    List<String> lines = Files.readAllLines(Path.of("src/test/java/" + FIXTURES + simpleName + ".java"));
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException(text + " is not in " + simpleName + ".java");
  }

  private Artifacts() {}
}
