package dev.sunset.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The real agent jar in forked JVMs given hostile files, options and class names: the application always starts
 * and runs as it would, each problem is one line, the agent's thread goes on (reports, reloads, JMX), and no input
 * prints a raw control character or keeps a report from being written.
 */
class HostileInputIT {
  private static final String CALLER = "dev.sunset.agent.it.fixtures.CallerApp";
  private static final String DEFINED = "dev.sunset.agent.it.fixtures.DefinedClassesApp";
  private static final String FAULTS = "dev.sunset.agent.it.fixtures.FaultInjectedApp";
  private static final String LIVE = "dev.sunset.agent.it.fixtures.LiveApp";

  @TempDir
  Path dir;

  private static Path fifo(Path path) throws Exception {
    Process p = new ProcessBuilder("mkfifo", path.toString()).start();
    assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo");
    return path;
  }

  private static void assertNoRawControlCharacters(String text) {
    assertThat(text.chars().filter(c -> (c < 0x20 && c != '\n') || (c >= 0x7F && c <= 0x9F)).count())
        .as("raw control characters in %s", text).isZero();
  }

  @Test
  void aFifoAsTheRulesFileIsOneLineAndTheApplicationStartsAndRuns() throws Exception {
    Path rules = fifo(dir.resolve("rules.yaml"));

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=none").run(CALLER, "once");

    assertThat(r.exitCode).as("%s", r).isZero();
    assertThat(r.values()).containsKey("legacyRuns");
    assertThat(r.agentLines()).contains(rules + ": cannot be read (is a FIFO (named pipe), not a regular file); no "
        + "rules read from this file");
  }

  @Test
  void aFifoOrADeviceAsTheReportIsOneLineAndIsLeftAsItWas() throws Exception {
    Path fifo = fifo(dir.resolve("report.json"));

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + RulesFiles.write(dir, RulesFiles.nowRule("observe"))
        + ",report=" + fifo + ",reportInterval=100ms").run(CALLER, "loop", "700");

    assertThat(r.exitCode).as("%s", r).isZero();
    assertThat(r.agentLines()).filteredOn(l -> l.startsWith("report " + fifo)).containsExactly("report " + fifo
        + ": is a FIFO (named pipe), not a regular file: Sunset writes only to a regular file or a new path; no report "
        + "is written there (the application runs on)");
    assertThat(Files.isRegularFile(fifo)).isFalse();
    assertThat(Files.exists(fifo)).isTrue();
  }

  @Test
  void optionsOutOfRangeOrSplitByACommaAreOneLineEachAndTheDefaultsApply() throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule("observe"));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",v2.yaml,report=" + report
        + ",reportInterval=900000000000000000s,summary=no").run(CALLER, "once");

    assertThat(r.exitCode).as("%s", r).isZero();
    assertThat(r.agentLines()).contains(
        "option rules='" + rules + ",v2.yaml': a comma separates agent options, so this path cannot be given in the "
            + "agent argument (give it with -Dsunset.rules= or SUNSET_RULES); the option is ignored",
        "option reportInterval='900000000000000000s' is out of range (from 100ms to 24h); using 10s",
        "option summary='no' is neither true nor false; using true");
    assertThat(report).isRegularFile();
  }

  @Test
  void anIntervalThatWouldOverflowLeavesTheAgentsThreadReloadingTheRules() throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule("observe"));
    try (RunningApp app = new RunningApp(ForkedJvm.withAgent("rules=" + rules + ",report=" + dir.resolve("report.json")
        + ",reportInterval=3000000h").start(LIVE, "1"))) {
      app.awaitStdout("ready"::equals, 60);

      writeAtomically(rules, "rules:\n" + RulesFiles.nowRule("redirect"));

      app.awaitAgentLine(l -> l.startsWith("rules reloaded") && l.contains("stage observe -> redirect"), 20);
    }
  }

  @Test
  void rulesNestedDeeperThanTheLimitAreOneLineAndALaterGoodEditIsReloaded() throws Exception {
    Path rules = Files.writeString(dir.resolve("rules.yaml"), "rules:\n  - id: deep\n    legacy: "
        + "[".repeat(200_000) + "\n");
    Path report = dir.resolve("report.json");
    try (RunningApp app = new RunningApp(ForkedJvm.withAgent("rules=" + rules + ",report=" + report
        + ",reportInterval=200ms").start(LIVE, "1"))) {
      app.awaitStdout("ready"::equals, 60);
      app.awaitAgentLine(l -> l.startsWith(rules + ": nests deeper than 64 levels"), 20);
      String reportedAt = awaitNewReport(report, null);

      writeAtomically(rules, "rules:\n" + RulesFiles.nowRule("redirect"));

      app.awaitAgentLine(l -> l.startsWith("rules reloaded"), 20);
      assertThat(awaitNewReport(report, reportedAt)).as("reports go on").isNotEqualTo(reportedAt);
      assertThat(app.stderr()).noneMatch(l -> l.contains("StackOverflowError"));
    }
  }

  @Test
  void aFifoSwappedInForTheRulesFileWhileRunningIsOneLineAndReportsAndReloadsGoOn() throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule("observe"));
    Path report = dir.resolve("report.json");
    try (RunningApp app = new RunningApp(ForkedJvm.withAgent("rules=" + rules + ",report=" + report
        + ",reportInterval=200ms").start(LIVE, "1"))) {
      app.awaitStdout("ready"::equals, 60);
      Files.delete(rules);
      fifo(rules);

      app.awaitAgentLine(l -> l.equals("rules edit refused: " + rules + " cannot be read (is a FIFO (named pipe), not a "
          + "regular file); the rules in force are unchanged"), 20);
      String reportedAt = awaitNewReport(report, null);
      assertThat(awaitNewReport(report, reportedAt)).as("reports go on").isNotEqualTo(reportedAt);
      Files.delete(rules);
      writeAtomically(rules, "rules:\n" + RulesFiles.nowRule("redirect"));
      app.awaitAgentLine(l -> l.startsWith("rules reloaded") && l.contains("stage observe -> redirect"), 20);
    }
  }

  @Test
  void everyPeriodicTaskFailingOnItsNextTurnsLeavesReportsReloadsAndJmxGoingOn() throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule("observe"));
    Path report = dir.resolve("report.json");
    try (RunningApp app = new RunningApp(ForkedJvm.withAgent("rules=" + rules + ",report=" + report
        + ",reportInterval=200ms").start(FAULTS))) {
      app.awaitStdout(l -> l.startsWith("injected="), 60);
      assertThat(app.values()).containsEntry("injected", "8");
      for (String task : List.of("folding ended threads' counts", "registering the MBean", "reloading the rules file",
          "checking baselines and the date", "judging redirected sites' errors",
          "registering the JFR events once a recording starts",
          "writing rule problems to the application's log", "writing the report")) {
        app.awaitAgentLine(l -> l.startsWith(task + " failed (it runs again at its next turn): "), 20);
      }
      String reportedAt = awaitNewReport(report, null);

      assertThat(awaitNewReport(report, reportedAt)).as("reports go on").isNotEqualTo(reportedAt);

      writeAtomically(rules, "rules:\n" + RulesFiles.nowRule("redirect"));
      app.awaitAgentLine(l -> l.startsWith("rules reloaded") && l.contains("stage observe -> redirect"), 20);

      try (RulesMBean mbean = RulesMBean.connect(app.pid(), Duration.ofSeconds(20))) {
        assertThat(mbean.invoke("setStage", "clock-now", "deny")).contains("set to deny");
      }
      Thread.sleep(300);
      Map<String, String> totals = app.stop();

      assertThat(Long.parseLong(totals.get("modern"))).isPositive();
      assertThat(Long.parseLong(totals.get("denied"))).isPositive();
      assertThat(app.stderr()).filteredOn(l -> l.contains(" failed (it runs again at its next turn)")).hasSize(8);
    }
  }

  /** Waits until the report's {@code lastReportAt} differs from {@code before}; returns it. */
  @SuppressWarnings("unchecked")
  private static String awaitNewReport(Path report, String before) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (Files.exists(report)) {
        List<Map<String, Object>> runs = (List<Map<String, Object>>) Reports.read(report).get("runs");
        String at = String.valueOf(runs.get(0).get("lastReportAt"));
        if (!at.equals(before)) {
          return at;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no new report within 20 s after " + before);
  }

  @Test
  void namesFromClassFilesAreEscapedInTheAgentsLinesAndIntactInTheReport() throws Exception {
    // the JVM takes a line break and ESC in a class name (not '[' or ';'), anything in a source file's name
    String className = "hostile/Evil\n(sunset) forged line\u001Bc";
    String source = "Evil.java\u001B[2J\n[sunset] forged";
    String method = "call\uD800";
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Files.write(classes.resolve("Evil.class"), caller(className, source, method));
    Path rules = RulesFiles.write(dir, RulesFiles.createRule("warn"));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).run(DEFINED, classes.toString());

    assertThat(r.exitCode).as("%s", r).isZero();
    assertThat(r.values()).containsEntry("called", "1");
    assertNoRawControlCharacters(r.stderr);
    assertThat(r.stderr.lines()).noneMatch(l -> l.startsWith("(sunset) forged") || l.startsWith("[sunset] forged"));
    assertThat(r.agentLines()).anyMatch(l -> l.contains("hostile.Evil\\n(sunset) forged line\\u001Bc")
        && l.contains("Evil.java\\u001B[2J\\n[sunset] forged"));
    assertThat(Reports.sitesOf(Reports.read(report), "clock-create")).anySatisfy(site -> assertThat(site)
        .containsEntry("class", className.replace('/', '.')).containsEntry("method", method)
        .containsEntry("file", source).containsEntry("count", 1));
  }

  @Test
  void aClassRulesMemberNamedWithControlsAndParenthesesIsEscapedInItsWarningAndTableRowAndIntactInTheReport()
      throws Exception {
    // a field's name may hold a line break, ESC and parentheses (not '.', ';', '[' or '/'); a parenthesis in a
    // member's key (owner.name:descriptor) reads as a method's descriptor, so the name is never read back from it
    String field = "f\n(sunset) forged\u001Bc";
    Path lib = Files.createDirectories(dir.resolve("lib"));
    Files.createDirectories(lib.resolve("hostile"));
    Files.write(lib.resolve("hostile/Legacy.class"), legacyWithField("hostile/Legacy", field));
    Files.write(lib.resolve("hostile/Reader.class"), fieldReader("hostile/Reader", "hostile/Legacy", field));
    Path rules = RulesFiles.write(dir, "  - id: hostile-class\n    legacy: hostile.Legacy\n    stage: warn\n");
    Path report = dir.resolve("report.json");

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).classPath(List.of(lib.toString()))
        .run("dev.sunset.agent.it.fixtures.NamedClassesApp", "hostile.Reader");

    assertThat(r.exitCode).as("%s", r).isZero();
    assertThat(r.values()).containsEntry("called", "1");
    assertNoRawControlCharacters(r.stderr);
    assertThat(r.stderr.lines()).noneMatch(l -> l.startsWith("(sunset) forged"));
    String escaped = "field-read f\\n(sunset) forged\\u001Bc";
    assertThat(r.agentLines()).as("the site's warning and its row of the exit table")
        .anyMatch(l -> l.startsWith("WARN legacy use hostile.Legacy (" + escaped + ") from hostile.Reader.read("))
        .anyMatch(l -> l.endsWith("hostile-class  hostile.Reader.read(Reader.java:7) " + escaped));
    assertThat(Reports.sitesOf(Reports.read(report), "hostile-class")).singleElement().satisfies(site ->
        assertThat(site).containsEntry("use", "field-read").containsEntry("member", field).containsEntry("count", 1));
  }

  /** A public class with one public static {@code String} field of that name. */
  private static byte[] legacyWithField(String internalName, String field) {
    ClassWriter cw = new ClassWriter(0);
    cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internalName, null, "java/lang/Object", null);
    cw.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, field, "Ljava/lang/String;", null, null).visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }

  /** A class whose public static {@code read()} reads {@code owner}'s static field, at line 7 of Reader.java. */
  private static byte[] fieldReader(String internalName, String owner, String field) {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
    cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, internalName, null, "java/lang/Object", null);
    cw.visitSource("Reader.java", null);
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "read", "()V", null, null);
    mv.visitCode();
    Label start = new Label();
    mv.visitLabel(start);
    mv.visitLineNumber(7, start);
    mv.visitFieldInsn(Opcodes.GETSTATIC, owner, field, "Ljava/lang/String;");
    mv.visitInsn(Opcodes.POP);
    mv.visitInsn(Opcodes.RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }

  /** A class calling {@code LegacyClock.create("utc")} from a public static method, at line 7. */
  private static byte[] caller(String internalName, String sourceFile, String method) {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
    cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, internalName, null, "java/lang/Object", null);
    cw.visitSource(sourceFile, null);
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, method, "()V", null, null);
    mv.visitCode();
    Label start = new Label();
    mv.visitLabel(start);
    mv.visitLineNumber(7, start);
    mv.visitLdcInsn("utc");
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/sunset/agent/it/fixtures/LegacyClock", "create",
        "(Ljava/lang/String;)Ldev/sunset/agent/it/fixtures/LegacyClock;", false);
    mv.visitInsn(Opcodes.POP);
    mv.visitInsn(Opcodes.RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }

  private void writeAtomically(Path file, String text) throws Exception {
    Path temp = dir.resolve(file.getFileName() + ".tmp");
    Files.writeString(temp, text);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
