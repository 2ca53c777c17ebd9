package dev.sunset.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Every path to a legacy method is treated like a rewritten call: a call through a subclass that inherits
 * it (rewritten), reflection, a method handle looked up at run time and a serializable method reference
 * (caught at the legacy method). Under each stage the stage applies, each call is counted exactly once, and
 * each is attributed to its caller's line.
 */
class EveryPathIT {
  private static final String APP = "dev.sunset.agent.it.fixtures.PathsApp";
  private static final Path SOURCE = Path.of("src/test/java/dev/sunset/agent/it/fixtures/PathsApp.java");
  private static final int TIMES = 3;

  /** A path, the rule its call matches, and how the report says it was reached. */
  private record Path_(String method, String rule, String via, String calledThrough) {}

  private static final List<Path_> PATHS = List.of(
      new Path_("rewritten", "clock-now", null, null),
      new Path_("subclassStatic", "clock-create", null, "dev.sunset.agent.it.fixtures.SpecialClock"),
      new Path_("subclassInstance", "clock-now", null, "dev.sunset.agent.it.fixtures.SpecialClock"),
      new Path_("reflection", "clock-now", "reflection", null),
      new Path_("methodHandle", "clock-now", "method-handle", null),
      new Path_("methodHandleStatic", "clock-create", "method-handle", null),
      new Path_("serializableReference", "clock-create", "method-reference", null));

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"observe", "redirect", "warn", "deny"})
  void everyPathRunsAtTheRuleStageIsCountedOnceAndIsAttributedToItsCaller(String stage) throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.createRule(stage), RulesFiles.nowRule(stage));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).run(APP, String.valueOf(TIMES));

    assertThat(r.exitCode).as(r.toString()).isZero();
    Map<String, String> out = r.values();
    int paths = PATHS.size();
    switch (stage) {
      case "observe" -> {
        assertThat(out).containsEntry("rewritten", "legacy:utc:1").containsEntry("subclassInstance", "legacy:special:2")
            .containsEntry("reflection", "legacy:utc:3").containsEntry("methodHandle", "legacy:utc:4")
            .containsEntry("legacyRuns", String.valueOf(paths * TIMES)).containsEntry("modernRuns", "0");
      }
      case "redirect", "warn" -> {
        assertThat(out).containsEntry("rewritten", "modern:1").containsEntry("subclassInstance", "modern:2")
            .containsEntry("reflection", "modern:3").containsEntry("methodHandle", "modern:4")
            .containsEntry("legacyRuns", "0").containsEntry("modernRuns", String.valueOf(paths * TIMES));
      }
      default -> {
        for (Path_ p : PATHS) {
          assertThat(out).as(p.method()).containsEntry(p.method(), "denied");
        }
        assertThat(out).containsEntry("legacyRuns", "0").containsEntry("modernRuns", "0");
      }
    }
    Map<String, Object> json = Reports.read(report);
    assertThat(Reports.sitesOf(json, "clock-now").size() + Reports.sitesOf(json, "clock-create").size())
        .as("one site per path, none twice").isEqualTo(paths);
    for (Path_ p : PATHS) {
      Map<String, Object> site = Reports.site(json, p.rule(), p.method());
      assertThat(site).as(p.method()).containsEntry("class", "dev.sunset.agent.it.fixtures.PathsApp")
          .containsEntry("file", "PathsApp.java").containsEntry("line", lineOf(p.method()))
          .containsEntry("count", TIMES).containsEntry("countsByStage", Map.of(stage, TIMES));
      assertThat(site.get("via")).as(p.method() + " via").isEqualTo(p.via());
      assertThat(site.get("calledThrough")).as(p.method() + " calledThrough").isEqualTo(p.calledThrough());
    }
    List<String> warnings = r.agentLines().stream().filter(l -> l.startsWith("WARN legacy call")).toList();
    assertThat(warnings).hasSize(stage.equals("warn") ? paths : 0);
  }

  @Test
  void aCallFromAClassCompiledBeforeJava7IsCaughtAtTheLegacyMethodAndRedirected() throws Exception {
    Path classFile = dir.resolve("Old.class");
    Files.write(classFile, java6Caller("dev/sunset/agent/it/fixtures/Old"));
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule("redirect"));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result plain = ForkedJvm.withoutAgent().run(BROKEN_CLASS_APP, classFile.toString(),
        "dev.sunset.agent.it.fixtures.Old");
    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=" + report)
        .run(BROKEN_CLASS_APP, classFile.toString(), "dev.sunset.agent.it.fixtures.Old");

    assertThat(plain.values()).as(plain.toString()).containsEntry("outcome", "legacy:utc:7");
    assertThat(r.values()).as(r.toString()).containsEntry("outcome", "modern:7");
    assertThat(Reports.site(Reports.read(report), "clock-now", "call")).containsEntry("class",
        "dev.sunset.agent.it.fixtures.Old").containsEntry("line", OLD_LINE).containsEntry("file", "Old.java")
        .containsEntry("via", "unrewritten").containsEntry("count", 1);
  }

  @Test
  void aCallFromTheBootLoaderIsCaughtAtTheLegacyMethodAndAttributedToIt() throws Exception {
    Path rules = RulesFiles.write(dir, "  - id: task-run\n    legacy: " + RulesFiles.FIX + "LegacyTask#run()\n"
        + "    replacement: " + RulesFiles.FIX + "ModernTask#run(" + RulesFiles.FIX + "LegacyTask)\n"
        + "    stage: redirect\n");
    Path report = dir.resolve("report.json");

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=" + report)
        .run("dev.sunset.agent.it.fixtures.BootCallerApp", "5");

    assertThat(r.values()).as(r.toString()).containsEntry("ran", "modern");
    // Thread.run calls the task itself on Java 17, through Thread.runWith from Java 21
    assertThat(Reports.sitesOf(Reports.read(report), "task-run")).singleElement().satisfies(site -> {
      assertThat(site).containsEntry("class", "java.lang.Thread").containsEntry("via", "unrewritten")
          .containsEntry("count", 5);
      assertThat(site.get("method")).isIn("run", "runWith");
    });
  }

  private static final String BROKEN_CLASS_APP = "dev.sunset.agent.it.fixtures.BrokenClassApp";
  private static final int OLD_LINE = 12;

  /** A class compiled for Java 6 (no invokedynamic) whose {@code call()} runs {@code new LegacyClock("utc").now(7)}. */
  private static byte[] java6Caller(String name) {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(Opcodes.V1_6, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, "java/lang/Object", null);
    cw.visitSource("Old.java", null);
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "call", "()Ljava/lang/String;", null, null);
    mv.visitCode();
    Label line = new Label();
    mv.visitLabel(line);
    mv.visitLineNumber(OLD_LINE, line);
    String clock = "dev/sunset/agent/it/fixtures/LegacyClock";
    mv.visitTypeInsn(Opcodes.NEW, clock);
    mv.visitInsn(Opcodes.DUP);
    mv.visitLdcInsn("utc");
    mv.visitMethodInsn(Opcodes.INVOKESPECIAL, clock, "<init>", "(Ljava/lang/String;)V", false);
    mv.visitIntInsn(Opcodes.BIPUSH, 7);
    mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, clock, "now", "(I)Ljava/lang/String;", false);
    mv.visitInsn(Opcodes.ARETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }

  /** The line of the call marked {@code // path:<method>} in the fixture's source. */
  private static int lineOf(String method) throws IOException {
    List<String> lines = Files.readAllLines(SOURCE);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).endsWith("// path:" + method)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line marked path:" + method + " in " + SOURCE);
  }
}
