package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.format.Scan;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names read from class files reach JSON intact and terminals escaped: no class name, method name or source file
 * can print a line of its own (a fake "no new call sites"), drive the terminal, or stop a scan from being written.
 */
class HostileNamesTest {
  private static final String FORGED_CLASS = "com/acme/Evil\nno new call sites: all 0 are in baseline.json\u001B[2J";
  private static final String SOURCE = "Evil.java\u001B]0;owned\u0007";
  private static final String SURROGATE_METHOD = "run\uD800";

  @TempDir
  Path dir;

  private Path app() throws Exception {
    return HostileClasses.jar().legacy().caller(FORGED_CLASS, SOURCE, SURROGATE_METHOD, 7)
        .caller("com/acme/Plain", "Plain.java", "run", 3).writeTo(dir.resolve("app.jar"));
  }

  private Path rules() throws Exception {
    return Files.writeString(dir.resolve("rules.yaml"), HostileClasses.RULES);
  }

  private static void assertNoRawControlCharacters(CliRun run) {
    String all = run.out() + run.err();
    assertThat(all.chars().filter(c -> (c < 0x20 && c != '\n') || (c >= 0x7F && c <= 0x9F)).count())
        .as("raw control characters in %s", run).isZero();
    assertThat(all.chars().filter(c -> Character.isSurrogate((char) c)).count()).as("lone surrogates in %s", run).isZero();
  }

  @Test
  void aScanInJsonKeepsEveryNameIntactAndIsWritten() throws Exception {
    Path out = dir.resolve("scan.json");

    CliRun run = CliRun.of("scan", "--rules", rules().toString(), "--format", "json", "-o", out.toString(),
        app().toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(Scan.read(out).callSites()).extracting(s -> s.className() + "#" + s.method() + "@" + s.file())
        .contains(FORGED_CLASS.replace('/', '.') + "#" + SURROGATE_METHOD + "@" + SOURCE);
  }

  @Test
  void theScanTableShowsTheNamesEscapedOneRowEach() throws Exception {
    CliRun run = CliRun.of("scan", "--rules", rules().toString(), app().toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertNoRawControlCharacters(run);
    assertThat(run.outLines()).hasSize(3).anySatisfy(l -> assertThat(l)
        .contains("com.acme.Evil\\nno new call sites: all 0 are in baseline.json\\u001B[2J.run\\uD800")
        .contains("Evil.java\\u001B]0;owned\\u0007:7"));
  }

  @Test
  void aNewCallSiteNamedToForgeTheAllClearIsOneEscapedLineAndExitOne() throws Exception {
    Path plainOnly = HostileClasses.jar().legacy().caller("com/acme/Plain", "Plain.java", "run", 3)
        .writeTo(dir.resolve("before.jar"));
    Path baseline = dir.resolve("baseline.json");
    assertThat(CliRun.of("scan", "--rules", rules().toString(), "--format", "json", "-o", baseline.toString(),
        plainOnly.toString()).exitCode()).isZero();

    CliRun run = CliRun.of("check", "--rules", rules().toString(), "--baseline", baseline.toString(),
        app().toString());

    assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
    assertNoRawControlCharacters(run);
    assertThat(run.outLines()).singleElement().asString().startsWith("Evil.java\\u001B]0;owned\\u0007:7 "
        + "com.acme.Evil\\nno new call sites");
    assertThat(run.errLines()).noneMatch(l -> l.startsWith("no new call sites"));
  }

  // no colon: a field name may hold one, but core's resolver cuts a field's key at its first (reported, not fixed here)
  private static final String FORGED_FIELD = "count\nno new call sites, all 0 are in baseline.json\u001B[2J";

  /** A legacy class whose static field has a forged name, and a class that reads it at line 5. */
  private Path classRuleApp() throws Exception {
    ClassWriter legacy = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
    legacy.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "com/acme/lib/Legacy", null, "java/lang/Object", null);
    legacy.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, FORGED_FIELD, "I", null, null).visitEnd();
    legacy.visitEnd();
    ClassWriter reader = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
    reader.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "com/acme/Reader", null, "java/lang/Object", null);
    reader.visitSource("Reader.java", null);
    MethodVisitor mv = reader.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "read", "()I", null, null);
    mv.visitCode();
    Label start = new Label();
    mv.visitLabel(start);
    mv.visitLineNumber(5, start);
    mv.visitFieldInsn(Opcodes.GETSTATIC, "com/acme/lib/Legacy", FORGED_FIELD, "I");
    mv.visitInsn(Opcodes.IRETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    reader.visitEnd();
    return HostileClasses.jar().entry("com/acme/lib/Legacy.class", legacy.toByteArray())
        .entry("com/acme/Reader.class", reader.toByteArray()).writeTo(dir.resolve("class-rule.jar"));
  }

  @Test
  void aClassRulesMemberNamedToForgeTheAllClearIsEscapedByScanCheckAndVerdict() throws Exception {
    Path app = classRuleApp();
    Path rules = Files.writeString(dir.resolve("class-rule.yaml"), "rules:\n  - id: legacy-class\n"
        + "    legacy: com.acme.lib.Legacy\n");
    Path empty = Files.writeString(dir.resolve("empty-baseline.json"), "{\"format\": \"sunset-scan/1\", "
        + "\"generatedAt\": \"2026-12-01T00:00:00Z\", \"rules\": [], \"callSites\": []}");
    Path report = Files.writeString(dir.resolve("report.json"), "{\"format\": \"sunset-report/1\", "
        + "\"generatedAt\": \"2026-12-01T00:00:00Z\", \"rules\": [], \"callSites\": []}");
    String escaped = "count\\nno new call sites, all 0 are in baseline.json\\u001B[2J";

    CliRun scan = CliRun.of("scan", "--rules", rules.toString(), app.toString());
    CliRun check = CliRun.of("check", "--rules", rules.toString(), "--baseline", empty.toString(), app.toString());
    CliRun verdict = CliRun.of("verdict", "--rules", rules.toString(), "--scan", app.toString(), "--report",
        report.toString());

    for (CliRun run : java.util.List.of(scan, check, verdict)) {
      assertNoRawControlCharacters(run);
      assertThat(run.outLines()).as("%s", run).noneMatch(l -> l.startsWith("no new call sites"));
    }
    assertThat(scan.outLines()).anySatisfy(l -> assertThat(l).contains("com.acme.Reader.read (field-read " + escaped
        + ")"));
    assertThat(check.exitCode()).as("%s", check).isEqualTo(1);
    assertThat(check.outLines()).containsExactly("Reader.java:5 com.acme.Reader.read legacy-class (field-read "
        + escaped + ")");
    assertThat(verdict.outLines()).contains("   uses: field-read " + escaped + " 1 site");
  }
}
