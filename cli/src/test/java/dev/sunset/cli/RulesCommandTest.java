package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@code sunset rules --from-deprecated}: the file it writes is one {@code sunset scan --rules} takes with no rule
 * refused (on Commons Lang, beside Commons Text), to a file or standard output alike,
 * with a summary on standard error; names from class files reach neither raw; bad input is one line and exit 2.
 */
class RulesCommandTest {
  @TempDir
  Path dir;

  private static Path jar(String property) {
    Path jar = Path.of(System.getProperty(property, "missing: run through Maven"));
    assertThat(jar).as(property).isRegularFile();
    return jar;
  }

  @Test
  void commonsLangsDeprecatedMethodsBecomeRulesThatScanResolvesWithNoRuleRefused() throws Exception {
    Path lang = jar("sunset.commons.lang.jar");
    Path text = jar("sunset.commons.text.jar");
    Path rules = dir.resolve("rules.yaml");

    CliRun run = CliRun.of("rules", "--from-deprecated", "--all-deprecated", "-o", rules.toString(), lang.toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).as("%s", run).singleElement().asString().startsWith("rules: ")
        .contains(" rules (0 replacements inferred from @InlineMe)", " constructors, ", " not yet expressible as rules",
            "written to " + rules);
    assertThat(Files.readString(rules)).startsWith("# yaml-language-server: $schema=docs/schemas/sunset-rules.schema.json\n")
        .contains("  - id: org.apache.commons.lang3.StringUtils.");

    CliRun scan = CliRun.of("scan", "--rules", rules.toString(), "--no-progress", text.toString(), lang.toString());
    assertThat(scan.exitCode()).as("%s", scan).isZero();
    assertThat(scan.err()).as("%s", scan).doesNotContain("warning:", "refused", "resolved nowhere");
    // Commons Text calls none of them; Commons Lang's own classes call each other's deprecated methods
    assertThat(scan.outLines()).as("%s", scan).anySatisfy(l -> assertThat(l).startsWith(
        "org.apache.commons.lang3.RegExUtils.removePattern-String-String").contains("StringUtils.java:5930",
        "org.apache.commons.lang3.StringUtils.removePattern"));
  }

  @Test
  void withoutOutputTheFileGoesToStandardOutputAsItWouldToAFile() throws Exception {
    Path lang = jar("sunset.commons.lang.jar");
    Path rules = dir.resolve("rules.yaml");

    CliRun toFile = CliRun.of("rules", "--from-deprecated", "-o", rules.toString(), lang.toString());
    CliRun toOut = CliRun.of("rules", "--from-deprecated", lang.toString());

    assertThat(toOut.exitCode()).as("%s", toOut).isZero();
    assertThat(toOut.out()).isEqualTo(Files.readString(rules));
    assertThat(toOut.errLines()).singleElement().asString().contains("left out (--all-deprecated writes them too)");
  }

  @Test
  void namesWithTerminalEscapesReachNeitherTheFileNorStandardErrorRaw() throws Exception {
    Path lib = hostileLibrary();

    CliRun run = CliRun.of("rules", "--from-deprecated", lib.toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.out() + run.err()).doesNotContain("\u001B", "\u0007", "\u202E");
    assertThat(run.out()).contains("#   method com.acme.Lib#x\\u001B]0;pwned\\u0007(): deprecated for removal since 1.0; "
        + "the rules file cannot name it")
        .contains("    message: \"Deprecated for removal since 1.0\\u202e\\n  - id: injected\"\n");
  }

  @Test
  void badInputIsOneLineAndExitTwo() throws Exception {
    Path lib = hostileLibrary();
    Path folder = Files.createDirectories(dir.resolve("out"));

    assertOneLine(CliRun.of("rules", "--from-deprecated", dir.resolve("none.jar").toString()),
        "sunset rules: " + dir.resolve("none.jar") + ": does not exist");
    assertOneLine(CliRun.of("rules", lib.toString()), "sunset rules: Missing required option: '--from-deprecated'");
    assertOneLine(CliRun.of("rules", "--from-deprecated", "--schema", "a b", lib.toString()),
        "sunset rules: --schema a b: is not a path or URL of one line without spaces");
    assertOneLine(CliRun.of("rules", "--from-deprecated", "-o", folder.toString(), lib.toString()),
        "sunset rules: " + folder + ": is a folder");
    assertOneLine(CliRun.of("rules", "--from-deprecated", "--class-path", dir.resolve("gone").toString(),
        lib.toString()), "sunset rules: --class-path " + dir.resolve("gone") + ": does not exist");
  }

  private static void assertOneLine(CliRun run, String start) {
    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).as("%s", run).singleElement().asString().startsWith(start);
  }

  /** A library with a deprecated method whose name holds terminal escapes, and one whose since starts a rule. */
  private Path hostileLibrary() throws IOException {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
    cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "com/acme/Lib", null, "java/lang/Object", null);
    deprecatedMethod(cw, "x\u001B]0;pwned\u0007", "1.0");
    deprecatedMethod(cw, "ok", "1.0\u202E\n  - id: injected");
    cw.visitEnd();
    Path jar = dir.resolve("lib.jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
      j.putNextEntry(new JarEntry("com/acme/Lib.class"));
      j.write(cw.toByteArray());
      j.closeEntry();
    }
    return jar;
  }

  private static void deprecatedMethod(ClassWriter cw, String name, String since) {
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_DEPRECATED, name, "()V",
        null, null);
    var av = mv.visitAnnotation("Ljava/lang/Deprecated;", true);
    av.visit("since", since);
    av.visit("forRemoval", true);
    av.visitEnd();
    mv.visitCode();
    mv.visitInsn(Opcodes.RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }
}
