package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.format.Scan;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
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
}
