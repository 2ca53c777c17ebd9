package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat app runs once under the real agent (its shipped rules, plus a rule for a method only the demo driver
 * calls, and one for a method nobody calls); scan, check and verdict then work against its report.
 */
class WithTheAgentsReportTest {
  private static final int USERS = 4;
  private static final String RULES = ChatApp.DEAD_AND_MIGRATED_RULES;

  @TempDir
  static Path dir;

  private static Path rules;
  private static Path report;
  private static Map<String, Object> reportJson;

  @BeforeAll
  static void runTheChatAppUnderTheAgent() throws Exception {
    rules = Files.writeString(dir.resolve("rules.yaml"), RULES);
    report = dir.resolve("report.json");
    reportJson = ChatApp.runUnderAgent(report, Map.of("rules", rules.toString()), USERS, "report-");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> json, String key) {
    return (List<Map<String, Object>>) json.get(key);
  }

  private static String key(Map<String, Object> site) {
    return site.get("rule") + " " + site.get("class") + "." + site.get("method") + ":" + site.get("line");
  }

  private static Map<String, Object> scanJson(String... extra) throws Exception {
    Path out = Files.createTempFile(dir, "scan", ".json");
    List<String> args = new ArrayList<>(List.of("scan", "--format", "json", "-o", out.toString()));
    args.addAll(List.of(extra));
    args.addAll(List.of(ChatApp.jar().toString(), ChatApp.shimJar().toString()));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.exitCode()).as("%s", run).isZero();
    return JSON.std.mapFrom(Files.readString(out));
  }

  @Test
  void theScanListsTheReportsSitesOnTheSameLinesAndTheSitesOfClassesThatNeverLoaded() throws Exception {
    Map<String, Object> scan = scanJson("--rules", rules.toString());

    Set<String> scanned = list(scan, "callSites").stream().map(WithTheAgentsReportTest::key).collect(Collectors.toSet());
    Set<String> reported = list(reportJson, "callSites").stream().map(WithTheAgentsReportTest::key)
        .collect(Collectors.toSet());
    assertThat(reported).hasSize(11);
    assertThat(scanned).containsAll(reported);
    // the demo driver is in the jar but never runs in the server: only the scan knows its call
    assertThat(scanned).hasSize(reported.size() + 1).filteredOn(k -> !reported.contains(k)).singleElement()
        .asString().startsWith("chat-client-connect dev.sunset.examples.chat.DemoDriver.");
  }

  @Test
  void checkPassesWhenEverySiteIsInTheAgentsReport() {
    CliRun run = CliRun.of("check", "--baseline", report.toString(), ChatApp.jar().toString(),
        ChatApp.shimJar().toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("no new call sites: all 11 are in " + report);
  }

  @Test
  void checkFailsWithOneLinePerSiteTheReportDoesNotHave() throws Exception {
    Map<String, Object> demo = list(scanJson("--rules", rules.toString()), "callSites").stream()
        .filter(s -> s.get("rule").equals("chat-client-connect")).findFirst().orElseThrow();

    CliRun run = CliRun.of("check", "--rules", rules.toString(), "--baseline", report.toString(),
        ChatApp.jar().toString(), ChatApp.shimJar().toString());

    assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
    assertThat(run.outLines()).containsExactly(demo.get("file") + ":" + demo.get("line") + " "
        + demo.get("class") + "." + demo.get("method") + " chat-client-connect");
    assertThat(run.err()).contains("1 new call site not in " + report);
  }

  @Test
  void checkAgainstAScanMissingOneSiteNamesThatSiteAndMatchByMethodToleratesALineShift() throws Exception {
    Map<String, Object> scan = scanJson();
    List<Map<String, Object>> sites = list(scan, "callSites");
    Map<String, Object> moved = sites.get(0);
    String line = moved.get("file") + ":" + moved.get("line") + " " + moved.get("class") + "." + moved.get("method")
        + " " + moved.get("rule");
    moved.put("line", ((Number) moved.get("line")).intValue() + 3); // as if the code above it had grown
    Path baseline = Files.writeString(dir.resolve("shifted.json"), JSON.std.asString(scan));

    CliRun byLine = CliRun.of("check", "--baseline", baseline.toString(), ChatApp.jar().toString(),
        ChatApp.shimJar().toString());
    CliRun byMethod = CliRun.of("check", "--baseline", baseline.toString(), "--match", "method",
        ChatApp.jar().toString(), ChatApp.shimJar().toString());

    assertThat(byLine.exitCode()).as("%s", byLine).isEqualTo(1);
    assertThat(byLine.outLines()).containsExactly(line);
    assertThat(byMethod.exitCode()).as("%s", byMethod).isZero();
  }

  @Test
  @SuppressWarnings("unchecked")
  void verdictFromTheReportSaysInUseWithCountsDeadForTheDemoOnlyCallAndMigratedForTheUncalledMethod()
      throws Exception {
    Path out = dir.resolve("verdict.json");

    CliRun run = CliRun.of("verdict", "--rules", rules.toString(), "--scan", ChatApp.jar().toString(),
        ChatApp.shimJar().toString(), "--report", report.toString(), "--min-days", "0", "--min-jvms", "1",
        "--format", "json", "-o", out.toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    Map<String, Object> verdict = JSON.std.mapFrom(Files.readString(out));
    assertThat(verdict.get("format")).isEqualTo("sunset-verdict/1");
    Map<String, Map<String, Object>> byId = list(verdict, "rules").stream()
        .collect(Collectors.toMap(r -> (String) r.get("id"), r -> r));
    assertThat(byId.get("unified-with-connections")).containsEntry("verdict", "migrated")
        .containsEntry("calls", 0);
    assertThat((List<Object>) byId.get("unified-with-connections").get("sites")).isEmpty();
    assertThat(byId.get("chat-client-connect")).containsEntry("verdict", "dead").containsEntry("calls", 0);
    assertThat((List<Map<String, Object>>) byId.get("chat-client-connect").get("sites")).singleElement()
        .satisfies(s -> {
          assertThat(s).containsEntry("class", "dev.sunset.examples.chat.DemoDriver").containsEntry("count", 0);
          assertThat(s.keySet()).contains("method", "line", "file", "codeSource");
        });
    // every shipped rule is in use: each of its sites counted once per user, as the report says
    for (Map<String, Object> site : list(reportJson, "callSites")) {
      Map<String, Object> rule = byId.get((String) site.get("rule"));
      assertThat(rule).containsEntry("verdict", "in-use");
      assertThat((List<Map<String, Object>>) rule.get("sites")).filteredOn(s -> s.get("class").equals(site.get("class"))
          && s.get("line").equals(site.get("line"))).singleElement()
          .satisfies(s -> assertThat(((Number) s.get("count")).longValue())
              .isEqualTo(((Number) site.get("count")).longValue()).isEqualTo(USERS));
    }
  }

  @Test
  void verdictAsATableSaysWhatToDoPerRule() {
    CliRun run = CliRun.of("verdict", "--rules", rules.toString(), "--scan", ChatApp.jar().toString(),
        ChatApp.shimJar().toString(), "--report", report.toString(), "--min-days", "0", "--min-jvms", "1");

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.out()).contains("unified-with-connections  migrated  no call site left and no call seen in 1 JVM "
        + "over 0.0 days: the legacy method can be deleted", "chat-client-connect  dead  1 call site left, none "
        + "called in 1 JVM over 0.0 days", "ws-factory-get-factory  in-use  " + 3 * USERS
        + " calls; 3 call sites, 0 never called");
    assertThat(run.err()).contains("8 rules: 1 migrated, 1 dead, 6 in use, 0 unknown");
  }

  @Test
  void oneShortRunIsNotEnoughToDeleteOnByDefaultAndTheVerdictSaysWhatIsMissing() {
    CliRun run = CliRun.of("verdict", "--rules", rules.toString(), "--scan", ChatApp.jar().toString(),
        ChatApp.shimJar().toString(), "--report", report.toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.out()).contains("unified-with-connections  unknown  no call seen in 1 JVM over 0.0 days, but that "
        + "does not show nothing calls it (0 call sites left)", "chat-client-connect  unknown",
        "   unknown because 1 JVM watched this rule; --min-jvms is 2", "--min-days is 14",
        "ws-factory-get-factory  in-use  " + 3 * USERS + " calls");
    assertThat(run.out()).doesNotContain("can be deleted");
    assertThat(run.err()).contains("8 rules: 0 migrated, 0 dead, 6 in use, 2 unknown");
  }

  @Test
  void verdictReadsAScanWrittenEarlierInsteadOfScanningAgain() throws Exception {
    Path scan = dir.resolve("earlier-scan.json");
    assertThat(CliRun.of("scan", "--rules", rules.toString(), "--format", "json", "-o", scan.toString(),
        ChatApp.jar().toString(), ChatApp.shimJar().toString()).exitCode()).isZero();

    CliRun fromFile = CliRun.of("verdict", "--scan", scan.toString(), "--report", report.toString());
    CliRun fromJars = CliRun.of("verdict", "--rules", rules.toString(), "--scan", ChatApp.jar().toString(),
        ChatApp.shimJar().toString(), "--report", report.toString());

    assertThat(fromFile.exitCode()).as("%s", fromFile).isZero();
    assertThat(fromFile.out()).isEqualTo(fromJars.out());
  }

  @Test
  void mergeOfTheSameRunTwiceCountsItOnceAndTheResultIsABaseline() throws Exception {
    Path merged = dir.resolve("merged.json");

    CliRun run = CliRun.of("merge", "-o", merged.toString(), report.toString(), report.toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    Map<String, Object> json = JSON.std.mapFrom(Files.readString(merged));
    assertThat(json.get("format")).isEqualTo("sunset-report/1");
    // an agent's counts are cumulative over its run: two copies of one run's report are that run once
    assertThat(list(json, "callSites")).hasSize(list(reportJson, "callSites").size())
        .allSatisfy(s -> assertThat(((Number) s.get("count")).longValue()).isEqualTo(USERS));
    assertThat(list(json, "runs")).singleElement().satisfies(r -> assertThat(r.get("exitReport")).isEqualTo(true));
    assertThat(run.errLines()).anySatisfy(l -> assertThat(l).startsWith("left out 1 report of a run whose newer report was given too"));
    assertThat(CliRun.of("check", "--baseline", merged.toString(), ChatApp.jar().toString(),
        ChatApp.shimJar().toString()).exitCode()).isZero();
  }

  @Test
  void checkWithAMissingOrMalformedBaselineIsBadInputNamingIt() throws Exception {
    Path missing = dir.resolve("none.json");
    Path malformed = Files.writeString(dir.resolve("broken.json"), "{\"format\": \"sunset-report/1\", ");
    Path wrongFormat = Files.writeString(dir.resolve("verdict-as-baseline.json"),
        "{\"format\": \"sunset-verdict/1\", \"rules\": []}");

    CliRun noFile = CliRun.of("check", "--baseline", missing.toString(), ChatApp.jar().toString());
    CliRun notJson = CliRun.of("check", "--baseline", malformed.toString(), ChatApp.jar().toString());
    CliRun notABaseline = CliRun.of("check", "--baseline", wrongFormat.toString(), ChatApp.jar().toString());
    CliRun noBaseline = CliRun.of("check", ChatApp.jar().toString());

    assertThat(List.of(noFile, notJson, notABaseline, noBaseline)).allSatisfy(r -> {
      assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
      assertThat(r.errLines()).as("%s", r).hasSize(1);
    });
    assertThat(noFile.err()).startsWith("sunset check: " + missing + ": does not exist");
    assertThat(notJson.err()).startsWith("sunset check: " + malformed + ": is not JSON at line ");
    assertThat(notABaseline.err()).startsWith("sunset check: " + wrongFormat + ": 'format' is 'sunset-verdict/1'");
    assertThat(noBaseline.err()).startsWith("sunset check: Missing required option: '--baseline=FILE'");
  }

  @Test
  void checkWithBadRulesOrPathIsBadInput() throws Exception {
    Path badYaml = Files.writeString(dir.resolve("bad.yaml"), "rules: [\n");
    Path notArtifact = Files.createDirectories(dir.resolve("empty-folder"));

    CliRun yaml = CliRun.of("check", "--rules", badYaml.toString(), "--baseline", report.toString(),
        ChatApp.jar().toString());
    CliRun folder = CliRun.of("check", "--baseline", report.toString(), notArtifact.toString());

    assertThat(yaml.exitCode()).isEqualTo(2);
    assertThat(yaml.errLines()).singleElement().asString().startsWith("sunset check: " + badYaml + ": not valid YAML");
    assertThat(folder.exitCode()).isEqualTo(2);
    assertThat(folder.errLines()).containsExactly("sunset check: " + notArtifact
        + ": is a folder with no class files, jars or wars in it");
  }

  @Test
  void verdictWithoutEvidenceOrWithBadEvidenceIsBadInput() throws Exception {
    Path notJson = Files.writeString(dir.resolve("not-json.json"), "rules:\n  - no\n");
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }

    CliRun none = CliRun.of("verdict", "--scan", ChatApp.jar().toString());
    CliRun badReport = CliRun.of("verdict", "--scan", ChatApp.jar().toString(), "--report", notJson.toString());
    CliRun badWindow = CliRun.of("verdict", "--scan", ChatApp.jar().toString(), "--prometheus",
        "http://127.0.0.1:9090", "--window", "a month");
    CliRun unreachable = CliRun.of("verdict", "--scan", ChatApp.jar().toString(), ChatApp.shimJar().toString(),
        "--prometheus", "http://127.0.0.1:" + closed);

    assertThat(List.of(none, badReport, badWindow, unreachable)).allSatisfy(r -> {
      assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
      assertThat(r.errLines()).as("%s", r).hasSize(1);
    });
    assertThat(none.err()).startsWith("sunset verdict: no evidence: give --report");
    assertThat(badReport.err()).startsWith("sunset verdict: " + notJson + ": is not JSON");
    assertThat(badWindow.err()).startsWith("sunset verdict: --window a month: is not a duration");
    assertThat(unreachable.err()).startsWith("sunset verdict: --prometheus http://127.0.0.1:" + closed
        + "/: cannot connect");
  }
}
