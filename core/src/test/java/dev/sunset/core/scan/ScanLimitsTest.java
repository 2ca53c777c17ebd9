package dev.sunset.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.io.Limits;
import dev.sunset.core.report.RecordedSites;
import dev.sunset.core.rules.RuleSource;
import dev.sunset.core.rules.RulesReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan costs bounded memory, disk and time per input: each limit hit is a skipped entry that says which limit,
 * and what is within the limits is scanned as usual.
 */
class ScanLimitsTest {
  private static final String USER_RULES = "rules:\n"
      + "  - id: describe\n"
      + "    legacy: dev.sunset.core.fixtures.Legacy#describe(java.lang.String)\n";

  @TempDir
  Path dir;

  private static ScanResult scan(Path... paths) throws ArtifactException {
    RulesReader.Result rules = new RulesReader(RecordedSites::check).read(new RuleSource("rules.yaml", Path.of("."),
        RuleSource.Kind.USER), USER_RULES);
    return ArtifactScanner.builder().userRules(rules).build().scan(List.of(paths));
  }

  /** A jar holding the application and an entry of {@code size} zero bytes, deflated (a few KiB on disk). */
  private Path appWithHugeEntry(String name, long size) throws Exception {
    Path app = Artifacts.application("").writeTo(dir.resolve("base.jar"));
    Path jar = dir.resolve("app.jar");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar));
        java.util.zip.ZipFile base = new java.util.zip.ZipFile(app.toFile())) {
      for (ZipEntry e : java.util.Collections.list(base.entries())) {
        out.putNextEntry(new ZipEntry(e.getName()));
        base.getInputStream(e).transferTo(out);
        out.closeEntry();
      }
      out.putNextEntry(new ZipEntry(name));
      byte[] zeros = new byte[1024 * 1024];
      for (long written = 0; written < size; written += zeros.length) {
        out.write(zeros, 0, (int) Math.min(zeros.length, size - written));
      }
      out.closeEntry();
    }
    return jar;
  }

  @Test
  void aClassEntryThatInflatesPastTheLimitIsSkippedSayingSoAndTheOthersAreScanned() throws Exception {
    Path app = appWithHugeEntry("com/acme/Huge.class", Limits.CLASS_FILE_BYTES + 1024 * 1024);
    Path lib = Artifacts.legacyLibrary(dir.resolve("legacy.jar"));

    ScanResult result = scan(app, lib);

    assertThat(result.sites()).hasSize(5);
    assertThat(result.skipped()).extracting(SkippedClass::describe).containsExactly(app
        + "!/com/acme/Huge.class: skipped: holds more than the 16 MiB Sunset reads of a class file; not read");
  }

  @Test
  void jarsNestedDeeperThanTheLimitAreNamedNotDroppedSilently() throws Exception {
    Path lib = Artifacts.legacyLibrary(dir.resolve("build/legacy.jar"));
    Path inner = lib;
    for (int depth = 1; depth <= Limits.JAR_NESTING; depth++) {
      inner = Artifacts.jar().entry("lib/level" + depth + ".jar", inner).writeTo(dir.resolve("build/level" + depth
          + ".jar"));
    }
    Path outer = Artifacts.application("").entry("lib/outer.jar", inner).writeTo(dir.resolve("fat.jar"));

    ScanResult result = scan(outer);

    assertThat(result.skipped()).extracting(SkippedClass::describe).containsExactly(outer
        + "!/lib/outer.jar!/lib/level4.jar!/lib/level3.jar!/lib/level2.jar: skipped: is a jar at nesting level 5; "
        + "Sunset reads jars up to 4 levels deep (a jar in a jar in a jar in a jar); not read");
  }

  @Test
  void aNestedJarLargerThanTheLimitIsNotCopiedOutAndSaysSo() throws Exception {
    Path app = appWithHugeEntry("lib/big.jar", Limits.NESTED_JAR_BYTES + 1);
    long freeBefore = Files.getFileStore(dir).getUsableSpace();

    ScanResult result = scan(app, Artifacts.legacyLibrary(dir.resolve("legacy.jar")));

    assertThat(result.sites()).hasSize(5);
    assertThat(result.skipped()).extracting(SkippedClass::describe).containsExactly(app
        + "!/lib/big.jar: skipped: is larger than the 512 MiB Sunset copies out of a jar to read; not read");
    assertThat(Files.getFileStore(dir).getUsableSpace()).isGreaterThan(freeBefore - Limits.NESTED_JAR_BYTES / 2);
  }
}
