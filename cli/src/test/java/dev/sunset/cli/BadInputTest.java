package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input to every command: exit 2 and one line on standard error naming the option or file. */
class BadInputTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"scan", "check", "merge", "verdict", "recipe", "report", "attach"})
  void anUnknownOptionOfEveryCommandIsOneLineAndExitTwo(String command) {
    CliRun run = CliRun.of(command, "--no-such-option", "x");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.errLines()).as("%s", run).singleElement().asString().startsWith("sunset " + command + ": ")
        .endsWith("(see 'sunset " + command + " --help')");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void anUnknownCommandIsOneLineAndExitTwo() {
    CliRun run = CliRun.of("retire", "now");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().startsWith("sunset: 'retire' is not a command")
        .endsWith("(see 'sunset --help')");
  }

  @Test
  void aMistypedCommandGetsTheCommandItMostLikelyMeant() {
    CliRun run = CliRun.of("scna", "app.jar");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly(
        "sunset: 'scna' is not a command; did you mean 'scan'? (see 'sunset --help')");
  }

  @Test
  void aCommandNothingLooksLikeIsAnsweredWithTheListOfCommands() {
    CliRun run = CliRun.of("xyzzy");

    assertThat(run.errLines()).containsExactly("sunset: 'xyzzy' is not a command (the commands: scan, check, merge, "
        + "verdict, recipe, rules, report, attach) (see 'sunset --help')");
  }

  @Test
  void aMistypedOptionGetsTheOptionItMostLikelyMeant() {
    CliRun scan = CliRun.of("scan", "--rule", "rules.yaml", "app.jar");
    CliRun merge = CliRun.of("merge", "--outptu", "m.json", "a.json");

    assertThat(scan.exitCode()).isEqualTo(2);
    assertThat(scan.errLines()).containsExactly(
        "sunset scan: Unknown option: '--rule'; did you mean '--rules'? (see 'sunset scan --help')");
    assertThat(merge.errLines()).containsExactly(
        "sunset merge: Unknown option: '--outptu'; did you mean '--output'? (see 'sunset merge --help')");
  }

  @Test
  void verdictWithAMissingReportAFolderThatIsNotAnArtifactOrBadRulesIsOneLine() throws Exception {
    Path missing = dir.resolve("missing-report.json");
    Path folder = Files.createDirectories(dir.resolve("not-an-artifact"));
    Path badYaml = Files.writeString(dir.resolve("rules.yaml"), "rules:\n  - id: x\n    legacy: [\n");
    Path report = Files.writeString(dir.resolve("report.json"), "{\"format\": \"sunset-report/1\", \"generatedAt\":"
        + " \"2026-11-20T10:00:00Z\", \"rules\": [], \"callSites\": []}");

    List<CliRun> runs = new ArrayList<>();
    runs.add(CliRun.of("verdict", "--scan", ChatApp.jar().toString(), "--report", missing.toString()));
    runs.add(CliRun.of("verdict", "--scan", folder.toString(), "--report", report.toString()));
    runs.add(CliRun.of("verdict", "--rules", badYaml.toString(), "--scan", ChatApp.jar().toString(), "--report",
        report.toString()));

    assertThat(runs).allSatisfy(r -> {
      assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
      assertThat(r.errLines()).as("%s", r).hasSize(1);
    });
    assertThat(runs.get(0).err()).startsWith("sunset verdict: " + missing + ": does not exist");
    assertThat(runs.get(1).err()).startsWith("sunset verdict: " + folder
        + ": is a folder with no class files, jars or wars in it");
    assertThat(runs.get(2).err()).startsWith("sunset verdict: " + badYaml + ": not valid YAML");
  }

  @Test
  void attachRefusesRulesTheAgentWouldRefuseBeforeAttachingAnything() throws Exception {
    Path badYaml = Files.writeString(dir.resolve("rules.yaml"), "rules:\n  - id: x\n    legacy: [\n");

    CliRun run = CliRun.of("attach", String.valueOf(ProcessHandle.current().pid()), "--rules", badYaml.toString());
    CliRun option = CliRun.of("attach", String.valueOf(ProcessHandle.current().pid()), "-O", "reportInterval");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.errLines()).singleElement().asString().startsWith("sunset attach: " + badYaml + ": not valid YAML");
    assertThat(option.exitCode()).as("%s", option).isEqualTo(2);
    assertThat(option.errLines()).containsExactly(
        "sunset attach: --agent-option reportInterval: is not KEY=VALUE (without a comma)");
  }

  @Test
  void reportWithAMissingMalformedOrForeignInputOrNoHtmlFileIsOneLineAndWritesNothing() throws Exception {
    Path page = dir.resolve("page.html");
    Path missing = dir.resolve("missing.json");
    Path malformed = Files.writeString(dir.resolve("malformed.json"), "{\"format\": \"sunset-report/1\", ");
    Path verdict = Files.writeString(dir.resolve("verdict.json"), "{\"format\": \"sunset-verdict/1\", \"rules\": []}");
    Path badTime = Files.writeString(dir.resolve("bad-time.json"), "{\"format\": \"sunset-report/1\", \"generatedAt\":"
        + " \"yesterday\", \"rules\": [], \"callSites\": []}");
    Path undatedScan = Files.writeString(dir.resolve("undated-scan.json"),
        "{\"format\": \"sunset-scan/1\", \"rules\": [], \"callSites\": []}");
    Path noCount = Files.writeString(dir.resolve("no-count.json"), "{\"format\": \"sunset-report/1\", \"generatedAt\":"
        + " \"2026-11-20T10:00:00Z\", \"rules\": [], \"callSites\": [{\"rule\": \"r\", \"class\": \"c\", \"method\":"
        + " \"m\", \"line\": 1}]}");
    Path report = Files.writeString(dir.resolve("report.json"), "{\"format\": \"sunset-report/1\", \"generatedAt\":"
        + " \"2026-11-20T10:00:00Z\", \"rules\": [], \"callSites\": []}");
    Path badTests = Files.writeString(dir.resolve("bad-tests.json"), "{\"format\": \"sunset-tests/1\", "
        + "\"generatedAt\": \"2026-11-20T10:00:00Z\", \"tests\": [{\"uniqueId\": \"[engine:x]\", \"callSites\": []}], "
        + "\"whileSeveralTestsRan\": [], \"outsideAnyTest\": []}");
    Path tests = Files.writeString(dir.resolve("tests.json"), "{\"format\": \"sunset-tests/1\", "
        + "\"generatedAt\": \"2026-11-20T10:00:00Z\", \"tests\": [], \"whileSeveralTestsRan\": [], "
        + "\"outsideAnyTest\": []}");

    CliRun noFile = CliRun.of("report", "--html", page.toString(), report.toString(), missing.toString());
    CliRun malformedTests = CliRun.of("report", "--html", page.toString(), report.toString(), badTests.toString());
    CliRun testsOnly = CliRun.of("report", "--html", page.toString(), tests.toString());
    CliRun notJson = CliRun.of("report", "--html", page.toString(), malformed.toString());
    CliRun foreign = CliRun.of("report", "--html", page.toString(), verdict.toString());
    CliRun time = CliRun.of("report", "--html", page.toString(), badTime.toString());
    CliRun undated = CliRun.of("report", "--html", page.toString(), undatedScan.toString());
    CliRun count = CliRun.of("report", "--html", page.toString(), noCount.toString());
    CliRun folder = CliRun.of("report", "--html", page.toString(), dir.toString());
    CliRun noHtml = CliRun.of("report", report.toString());
    CliRun noInput = CliRun.of("report", "--html", page.toString());
    CliRun unwritable = CliRun.of("report", "--html", report.resolve("page.html").toString(), report.toString());

    List<CliRun> runs = List.of(noFile, notJson, foreign, time, undated, count, folder, noHtml, noInput, unwritable,
        malformedTests, testsOnly);
    assertThat(runs).allSatisfy(r -> {
      assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
      assertThat(r.errLines()).as("%s", r).hasSize(1);
      assertThat(r.out()).as("%s", r).isEmpty();
    });
    assertThat(page).doesNotExist();
    assertThat(noFile.err()).startsWith("sunset report: " + missing + ": does not exist");
    assertThat(notJson.err()).startsWith("sunset report: " + malformed + ": is not JSON at line ");
    assertThat(foreign.errLines()).containsExactly("sunset report: " + verdict + ": 'format' is 'sunset-verdict/1', "
        + "not sunset-report/1 (an agent report), sunset-scan/1 (a scan) or sunset-tests/1 (tests)");
    assertThat(malformedTests.errLines()).singleElement().asString().startsWith("sunset report: " + badTests + ": ")
        .contains("displayName");
    assertThat(testsOnly.errLines()).containsExactly("sunset report: " + tests + ": tests files say which tests reach "
        + "the sites of a report or scan: give at least one sunset-report/1 or sunset-scan/1 too");
    assertThat(time.errLines()).containsExactly("sunset report: " + badTime
        + ": generatedAt is not a time such as 2026-11-21T10:00:00Z");
    assertThat(undated.errLines()).containsExactly("sunset report: " + undatedScan
        + ": 'generatedAt' is missing (a scan says when it was written)");
    assertThat(count.errLines()).containsExactly("sunset report: " + noCount
        + ": callSites[0].count is missing (a count: a whole number from 0 to 9223372036854775807)");
    assertThat(folder.errLines()).containsExactly("sunset report: " + dir + ": is a folder, not a file");
    assertThat(noHtml.err()).startsWith("sunset report: Missing required option: '--html=FILE'");
    assertThat(noInput.err()).startsWith("sunset report: Missing required parameter: 'REPORT'");
    assertThat(unwritable.err()).startsWith("sunset report: " + report.resolve("page.html") + ": cannot be written");
  }

  @Test
  void aScanFileThatIsNotAScanIsRefusedByVerdict() throws Exception {
    Path notAScan = Files.writeString(dir.resolve("scan.json"), "{\"format\": \"sunset-report/1\"}");
    Path report = Files.writeString(dir.resolve("report.json"), "{\"format\": \"sunset-report/1\", \"generatedAt\":"
        + " \"2026-11-20T10:00:00Z\", \"rules\": [], \"callSites\": []}");

    CliRun run = CliRun.of("verdict", "--scan", notAScan.toString(), "--report", report.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly("sunset verdict: " + notAScan
        + ": 'format' is 'sunset-report/1', not sunset-scan/1 (a scan written by scan --format json)");
  }
}
