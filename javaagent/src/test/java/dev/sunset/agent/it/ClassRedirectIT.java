package dev.sunset.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.rules.RulesFile;
import dev.sunset.core.scan.ArtifactScanner;
import dev.sunset.core.scan.ScanResult;
import dev.sunset.core.scan.ScannedSite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class rule that names an adapter class, with the real agent jar in a forked JVM: at {@code redirect} every use of
 * the legacy class whose member has a counterpart in the adapter runs the adapter (calls, also through a subclass, by
 * method reference and by reflection; {@code new}, also as a constructor reference; field reads and writes), every
 * other use runs the legacy member at {@code observe} (a member without a counterpart, a {@code new} whose arguments
 * branch, a subclass), each site counted exactly at the stage it ran; at {@code observe} the application prints what it
 * prints without the agent; {@code warn} redirects and warns once per site, {@code deny} denies every use (an allowed
 * site redirects where it can); set to {@code redirect} over JMX, a counterpart that throws too often rolls its sites
 * back to {@code observe}; the rewritten classes pass the verifier.
 */
class ClassRedirectIT {
  private static final String APP = "dev.sunset.agent.it.fixtures.redirect.RedirectApp";
  private static final String FLAKY_APP = "dev.sunset.agent.it.fixtures.redirect.FlakyContextApp";
  private static final String FIX = "dev.sunset.agent.it.fixtures.redirect.";
  private static final int TIMES = 3;
  private static final String UNCOVERED = "<init>(java.lang.String, int), greet(java.lang.String), version(), level";

  @TempDir
  Path dir;

  private Path rules(String stage) throws Exception {
    return RulesFiles.write(dir, "  - id: context\n    legacy: " + FIX + "LegacyContext\n    replacement: " + FIX
        + "ContextAdapters\n    stage: " + stage + "\n    message: use the adapters\n    members:\n"
        + "      owner: {get: ownerOf}\n");
  }

  /** Each site of the report as one line: method:line, use, member, via, stage and the count at that stage. */
  @SuppressWarnings("unchecked")
  private static List<String> sites(Map<String, Object> report) {
    List<String> lines = new ArrayList<>();
    for (Map<String, Object> s : Reports.sitesOf(report, "context")) {
      String cls = String.valueOf(s.get("class"));
      Map<String, Object> byStage = (Map<String, Object>) s.get("countsByStage");
      if (Reports.count(s) > 0) {
        assertThat(byStage).as("every call of %s at the one stage it runs at", s).hasSize(1)
            .containsEntry(String.valueOf(s.get("stage")), s.get("count"));
      }
      lines.add(cls.substring(cls.lastIndexOf('.') + 1) + "." + s.get("method") + ":" + s.get("line") + " "
          + s.getOrDefault("use", "call") + " " + s.get("member") + (s.get("via") == null ? "" : " via " + s.get("via"))
          + " " + s.get("stage") + " x" + s.get("count"));
    }
    return lines;
  }

  /** The sites of the application at {@code redirect}: which stage each runs at. */
  private static List<String> expectedSites(String covered, String uncovered) {
    String x = " x" + TIMES;
    String r = " " + covered + x;
    String o = " " + uncovered + x;
    return List.of(
        "RedirectApp.main:26 new <init>(java.lang.String, int) " + uncovered + " x1",
        "RedirectApp.construct:51 new <init>(java.lang.String)" + r,
        "RedirectApp.construct:51 field-read owner" + r,
        "RedirectApp.constructWithBranch:55 new <init>(java.lang.String)" + o,
        "RedirectApp.constructUncovered:60 new <init>(java.lang.String, int)" + o,
        "RedirectApp.constructUncovered:60 field-read level" + o,
        "RedirectApp.callStatic:64 call open(java.lang.String)" + r,
        "RedirectApp.callStatic:64 call describe()" + r,
        "RedirectApp.callInstance:68 call describe()" + r,
        "RedirectApp.callUncovered:72 call greet(java.lang.String)" + o,
        "RedirectApp.callUncovered:72 call version()" + o,
        "RedirectApp.readField:76 field-read owner" + r,
        "RedirectApp.writeField:80 call open(java.lang.String)" + r,
        "RedirectApp.writeField:81 field-write owner" + r,
        "RedirectApp.writeField:82 call describe()" + r,
        "RedirectApp.readStatic:86 field-read created" + r,
        "RedirectApp.writeStatic:90 field-write created" + r,
        "RedirectApp.readUncovered:95 field-read level" + o,
        "RedirectApp.subclass:100 call describe()" + r,
        "RedirectApp$SpecialContext.<clinit>:0 subclass <class> " + uncovered + " x1",
        "RedirectApp.reference:104 call open(java.lang.String)" + r,
        "RedirectApp.reference:105 call describe()" + r,
        "RedirectApp.constructorReference:109 new <init>(java.lang.String)" + r,
        "RedirectApp.constructorReference:110 call describe()" + r,
        "RedirectApp.reflection:115 call describe() via reflection" + r);
  }

  /** What the application prints when every covered use runs the adapter. */
  private static final Map<String, String> REDIRECTED = Map.ofEntries(
      Map.entry("construct", "adapted owner adapted made"),
      Map.entry("constructWithBranch", "LegacyContext"),
      Map.entry("constructUncovered", "2"),
      Map.entry("callStatic", "adapted opened by adapter static"),
      Map.entry("callInstance", "adapted shared"),
      Map.entry("callUncovered", "legacy hello you from shared legacy-1"),
      Map.entry("readField", "adapted owner shared"),
      Map.entry("writeField", "adapted set by adapter written"),
      Map.entry("readStatic", "true"),
      Map.entry("writeStatic", "ok"),
      Map.entry("readUncovered", "1"),
      Map.entry("subclass", "adapted sub"),
      Map.entry("reference", "adapted opened by adapter ref"),
      Map.entry("constructorReference", "adapted adapted ctor-ref"),
      Map.entry("reflection", "adapted shared"),
      // each adapter method ran once per use it stands in for: the new whose arguments branch is not among them
      Map.entry("adapter.newLegacyContext", String.valueOf(2 * TIMES)),
      Map.entry("adapter.open", String.valueOf(3 * TIMES)),
      Map.entry("adapter.describe", String.valueOf(7 * TIMES)),
      Map.entry("adapter.ownerOf", String.valueOf(2 * TIMES)),
      Map.entry("adapter.setOwner", String.valueOf(TIMES)),
      Map.entry("adapter.getCreated", String.valueOf(TIMES)),
      Map.entry("adapter.setCreated", String.valueOf(TIMES)));

  @Test
  void atObserveTheApplicationPrintsWhatItPrintsWithoutTheAgentAndEveryUseIsCountedExactlyAsTheScanListsIt()
      throws Exception {
    Path rules = rules("observe");
    Path report = dir.resolve("report.json");

    ForkedJvm.Result without = ForkedJvm.withoutAgent().run(APP, String.valueOf(TIMES));
    ForkedJvm.Result with = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).run(APP, String.valueOf(TIMES));

    assertThat(without.exitCode).as(without.toString()).isZero();
    assertThat(with.exitCode).as(with.toString()).isZero();
    assertThat(without.values()).containsEntry("callInstance", "legacy shared").containsEntry("construct", "made")
        .noneSatisfy((k, v) -> assertThat(k).startsWith("adapter."));
    assertThat(with.values()).as(with.toString()).isEqualTo(without.values());
    Map<String, Object> read = Reports.read(report);
    assertThat(sites(read)).as(with.toString()).containsExactlyInAnyOrderElementsOf(expectedSites("observe", "observe"));
    assertThat(Reports.rule(read, "context")).containsEntry("replacement", FIX + "ContextAdapters")
        .containsEntry("resolution", "resolved").containsEntry("withoutCounterpart",
            List.of("<init>(java.lang.String, int)", "greet(java.lang.String)", "level", "version()"));

    // a scan of the same classes lists every site the agent counted (a reflective call is found at run time only)
    ScanResult scan = ArtifactScanner.builder().userRules(RulesFile.read(rules)).build()
        .scan(List.of(Path.of(ForkedJvm.testClasses())));
    List<String> scanned = new ArrayList<>();
    for (ScannedSite s : scan.sites()) {
      scanned.add(s.className() + "." + s.method() + ":" + s.line() + " " + s.use().id() + " " + s.member());
    }
    List<String> reported = new ArrayList<>();
    for (Map<String, Object> s : Reports.sitesOf(read, "context")) {
      if (s.get("via") == null) {
        reported.add(s.get("class") + "." + s.get("method") + ":" + s.get("line") + " " + s.getOrDefault("use", "call")
            + " " + s.get("member"));
      }
    }
    assertThat(reported).hasSize(24);
    assertThat(scanned).containsAll(reported).noneMatch(l -> l.startsWith(FIX + "ContextAdapters")
        || l.startsWith(FIX + "LegacyContext"));
  }

  @Test
  void atRedirectEveryCoveredUseRunsTheAdapterTheOthersTheLegacyMemberAndTheStartUpNamesTheUncoveredOnce()
      throws Exception {
    Path report = dir.resolve("report.json");

    ForkedJvm.Result with = ForkedJvm.withAgent("rules=" + rules("redirect") + ",report=" + report)
        .run(APP, String.valueOf(TIMES));

    assertThat(with.exitCode).as(with.toString()).isZero();
    assertThat(with.values()).as(with.toString()).isEqualTo(REDIRECTED);
    assertThat(sites(Reports.read(report))).as(with.toString())
        .containsExactlyInAnyOrderElementsOf(expectedSites("redirect", "observe"));
    assertThat(with.agentLines()).as(with.toString()).filteredOn(l -> l.contains("stay at observe")).containsExactly(
        "rule 'context' redirects " + FIX + "LegacyContext through " + FIX + "ContextAdapters except 4 members, which"
            + " stay at observe: " + UNCOVERED);
    assertThat(with.agentLines()).as(with.toString()).noneMatch(l -> l.contains("cannot link") || l.contains("failed"));
  }

  @Test
  void theRewrittenClassesPassTheVerifierAsTheyLoad() throws Exception {
    Path log = dir.resolve("verification.log");

    ForkedJvm.Result with = ForkedJvm.withAgent("rules=" + rules("redirect"))
        .jvmArg("-Xlog:verification=info:file=" + log).run(APP, String.valueOf(TIMES));

    assertThat(with.exitCode).as(with.toString()).isZero();
    assertThat(with.values()).as(with.toString()).isEqualTo(REDIRECTED);
    String verification = Files.readString(log);
    assertThat(verification).contains("End class verification for: " + APP)
        .contains("End class verification for: " + APP + "$SpecialContext")
        .doesNotContain("VerifyError").doesNotContainPattern("Verification for \\S+ (has exception pending|failed)");
  }

  @Test
  void atWarnCoveredUsesRunTheAdapterAndEachSiteSaysOnceWhatItUses() throws Exception {
    Path report = dir.resolve("report.json");

    ForkedJvm.Result with = ForkedJvm.withAgent("rules=" + rules("warn") + ",report=" + report)
        .run(APP, String.valueOf(TIMES));

    assertThat(with.exitCode).as(with.toString()).isZero();
    assertThat(with.values()).as(with.toString()).isEqualTo(REDIRECTED);
    assertThat(sites(Reports.read(report))).containsExactlyInAnyOrderElementsOf(expectedSites("warn", "warn"));
    List<String> warnings = with.agentLines().stream().filter(l -> l.startsWith("WARN legacy")).toList();
    assertThat(warnings).as(with.toString()).hasSize(25).doesNotHaveDuplicates()
        .allMatch(l -> l.endsWith(": use " + FIX + "ContextAdapters - use the adapters"))
        .anyMatch(l -> l.startsWith("WARN legacy use " + FIX + "LegacyContext (new <init>(java.lang.String)) from "
            + APP + ".construct(RedirectApp.java:51)"))
        .anyMatch(l -> l.startsWith("WARN legacy use " + FIX + "LegacyContext (field-write owner) from " + APP
            + ".writeField(RedirectApp.java:81)"));
  }

  @Test
  void atDenyEveryUseThrowsTheDenialWhetherItHasACounterpartOrNotAndAnAllowedSiteRedirectsIfItCan() throws Exception {
    Path rules = RulesFiles.write(dir, "  - id: context\n    legacy: " + FIX + "LegacyContext\n    replacement: " + FIX
        + "ContextAdapters\n    stage: deny\n    members: {owner: {get: ownerOf}}\n    allow:\n"
        + "      - \"" + APP + "#main\"\n      - \"" + APP + "#callInstance\"\n");
    Path report = dir.resolve("report.json");

    ForkedJvm.Result with = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).run(APP, String.valueOf(TIMES));

    assertThat(with.exitCode).as(with.toString()).isZero();
    assertThat(with.values()).as(with.toString()).hasSize(16)
        .containsEntry("callInstance", "adapted shared").containsEntry("adapter.describe", String.valueOf(TIMES))
        .allSatisfy((use, value) -> assertThat(value).as(use).isIn("denied", "adapted shared", String.valueOf(TIMES)));
    assertThat(with.values().values().stream().filter("denied"::equals)).hasSize(14);
    List<String> sites = sites(Reports.read(report));
    // allowed: kept at redirect, which a use without a counterpart runs at observe
    assertThat(sites).contains("RedirectApp.main:26 new <init>(java.lang.String, int) observe x1",
        "RedirectApp.callInstance:68 call describe() redirect x" + TIMES);
    // each denied use is counted where it was tried, with a counterpart or without, replaced or only counted
    assertThat(sites).contains(
        "RedirectApp.construct:51 new <init>(java.lang.String) deny x" + TIMES,
        "RedirectApp.constructWithBranch:55 new <init>(java.lang.String) deny x" + TIMES,
        "RedirectApp.readField:76 field-read owner deny x" + TIMES,
        "RedirectApp.readStatic:86 field-read created deny x" + TIMES,
        "RedirectApp.writeStatic:90 field-write created deny x" + TIMES,
        "RedirectApp.callUncovered:72 call greet(java.lang.String) deny x" + TIMES,
        "RedirectApp.constructorReference:109 new <init>(java.lang.String) deny x" + TIMES,
        "RedirectApp.reflection:115 call describe() via reflection deny x" + TIMES,
        "RedirectApp$SpecialContext.<clinit>:0 subclass <class> deny x1");
  }

  @Test
  void setToRedirectOverJmxACounterpartThatThrowsForOneCallInTenRollsItsSitesBackToObserveWithCountsExact()
      throws Exception {
    Path rules = RulesFiles.write(dir, "  - id: flaky\n    legacy: " + FIX + "LegacyContext\n    replacement: " + FIX
        + "FlakyAdapters\n    stage: observe\n    rollback: {errors: 5%, within: 10s, min: 50}\n");
    Path report = dir.resolve("report.json");
    try (RunningApp app = new RunningApp(ForkedJvm.withAgent("rules=" + rules + ",report=" + report
        + ",reportInterval=200ms").start(FLAKY_APP))) {
      app.awaitStdout("ready"::equals, 60);
      try (RulesMBean mbean = RulesMBean.connect(app.pid(), Duration.ofSeconds(5))) {
        assertThat(mbean.invoke("setStage", "flaky", "redirect")).startsWith("rule 'flaky' set to redirect by JMX; ");
      }
      for (String method : List.of("construct", "describe", "owner")) {
        app.awaitAgentLine(l -> l.contains("rolled back to observe") && l.contains("FlakyContextApp." + method + "("),
            20);
      }
      for (String site : List.of("new", "describe", "owner")) {
        app.awaitStdout((site + ".legacyAgain")::equals, 10);
      }
      Map<String, String> totals = app.stop();

      assertThat(app.stderr()).filteredOn(l -> l.contains("rolled back to observe")).as("said once a site").hasSize(3);
      Map<String, Object> last = Reports.read(report);
      for (String[] s : new String[][] {{"new", "construct"}, {"describe", "describe"}, {"owner", "owner"}}) {
        Map<String, Object> site = Reports.site(last, "flaky", s[1]);
        long legacy = Long.parseLong(totals.get(s[0] + ".legacy"));
        long adapted = Long.parseLong(totals.get(s[0] + ".adapted"));
        long thrown = Long.parseLong(totals.get(s[0] + ".thrown"));
        assertThat(adapted).as(s[0]).isPositive();
        assertThat(thrown).as(s[0]).isPositive();
        assertThat(legacy).as(s[0]).isPositive();
        assertThat(at(site, "redirect")).as("%s: the adapter's calls, thrown or not, counted at redirect", s[0])
            .isEqualTo(adapted + thrown);
        assertThat(at(site, "observe")).as("%s: the legacy member's, at observe", s[0]).isEqualTo(legacy);
        assertThat(Reports.count(site)).isEqualTo(legacy + adapted + thrown);
        assertThat(site.get("stage")).isEqualTo("observe");
        assertThat(site.get("rolledBackAt")).isNotNull();
      }
    }
  }

  private static long at(Map<String, Object> site, String stage) {
    Object n = ((Map<?, ?>) site.get("countsByStage")).get(stage);
    return n == null ? 0 : ((Number) n).longValue();
  }
}
