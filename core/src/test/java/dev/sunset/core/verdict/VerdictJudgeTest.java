package dev.sunset.core.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sunset.core.format.Report;
import dev.sunset.core.format.RuleResolution;
import dev.sunset.core.format.Scan;
import dev.sunset.core.format.Use;
import dev.sunset.core.format.Verdict;
import dev.sunset.core.format.Verdict.Kind;
import dev.sunset.core.format.Verdict.Why;
import dev.sunset.core.format.Via;
import dev.sunset.core.report.ReportMerge;
import dev.sunset.core.report.SiteKey;
import dev.sunset.core.rules.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every way to a wrong {@code migrated} or {@code dead} that was tried, and what the judge says instead; the table in
 * docs/cli.md ("Adversarial verdicts") names these tests.
 */
class VerdictJudgeTest {
  static final String LEGACY = "com.acme.legacy.Factory#create(java.lang.String)";
  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  static final Verdict.Thresholds DEFAULTS = new Verdict.Thresholds(14, 2);

  // --- the scan side ---------------------------------------------------------------------------------------------

  static Scan.Rule resolved(String id, String legacy) {
    return new Scan.Rule(id, legacy, null, Stage.OBSERVE, "rules.yaml", 1, RuleResolution.RESOLVED,
        List.of(new Scan.ResolvedIn("class path", "legacy.jar")), List.of());
  }

  static Scan.Site scanSite(String rule, String cls, int line) {
    return new Scan.Site(rule, cls, "run", "()V", cls.substring(cls.lastIndexOf('.') + 1) + ".java", line, "app.jar",
        false, null);
  }

  static Inventory inventory(List<Scan.Rule> rules, Scan.Site... sites) {
    return Inventory.of(List.of(new Scan(T0, List.of("app.jar", "legacy.jar"), List.of(), rules, List.of(sites),
        null)));
  }

  // --- the run-time side -----------------------------------------------------------------------------------------

  /** A run that watched {@code rules} (id and legacy) from {@code from} for {@code days}, with its exit report. */
  static Report run(String runId, Instant from, double days, boolean attachedLate, boolean exitReport,
      List<Report.RunRule> rules, Report.Site... sites) {
    Instant last = from.plus(Duration.ofMinutes(Math.round(days * 24 * 60)));
    List<Report.Rule> entries = new ArrayList<>();
    for (Report.RunRule r : rules) {
      entries.add(new Report.Rule(r.id(), r.legacy(), null, Stage.OBSERVE, Stage.OBSERVE, "", "rules.yaml", 1,
          r.resolution(), List.of(), Map.of()));
    }
    return new Report(last, List.of(new Report.Run(runId, 100L, from, from, attachedLate, last, exitReport, rules)),
        entries, List.of(sites), List.of());
  }

  static Report.RunRule watched(String id, String legacy) {
    return new Report.RunRule(id, legacy, RuleResolution.RESOLVED);
  }

  static Report.Site reportSite(String rule, String cls, int line, long count, Via via) {
    return new Report.Site(rule, cls, "run", "()V", cls.substring(cls.lastIndexOf('.') + 1) + ".java", line,
        "file:/app.jar", count, Stage.OBSERVE, count == 0 ? Map.of() : Map.of(Stage.OBSERVE, count),
        count == 0 ? null : T0.plusSeconds(60), null, false, via, null, List.of());
  }

  static Report merged(Report... reports) throws Exception {
    List<ReportMerge.Input> inputs = new ArrayList<>();
    for (int i = 0; i < reports.length; i++) {
      inputs.add(new ReportMerge.Input("report-" + i + ".json", reports[i]));
    }
    return ReportMerge.merge(inputs, T0.plus(Duration.ofDays(40))).report();
  }

  static Verdict.RuleVerdict judge(Inventory inventory, Report reports, Verdict.Thresholds thresholds, String rule) {
    Verdict v = VerdictJudge.decide(inventory, reports, null, thresholds,
        new VerdictJudge.Header(List.of("app.jar"), List.of()), T0.plus(Duration.ofDays(40)));
    return v.rules().stream().filter(r -> r.id().equals(rule)).findFirst().orElseThrow();
  }

  static Report twoJvmsForFifteenDays(List<Report.RunRule> rules, Report.Site... sites) throws Exception {
    return merged(run("a", T0, 15, false, true, rules, sites), run("b", T0.plus(Duration.ofDays(1)), 15, false,
        true, rules));
  }

  // --- the verdicts that may be given ---------------------------------------------------------------------------

  @Test
  void noSiteLeftAndNoCallInEnoughEvidenceIsMigrated() throws Exception {
    Verdict.RuleVerdict v = judge(inventory(List.of(resolved("create", LEGACY))),
        twoJvmsForFifteenDays(List.of(watched("create", LEGACY))), DEFAULTS, "create");

    assertThat(v.verdict()).isEqualTo(Kind.MIGRATED);
    assertThat(v.why()).isEmpty();
    assertThat(v.evidence().jvms()).isEqualTo(2);
    assertThat(v.evidence().days()).isEqualTo(16.0);
    assertThat(v.evidence().jvmsWithoutExitReport()).isZero();
  }

  @Test
  void sitesLeftButNoneCalledInEnoughEvidenceIsDead() throws Exception {
    Verdict.RuleVerdict v = judge(inventory(List.of(resolved("create", LEGACY)), scanSite("create", "com.acme.A", 7)),
        twoJvmsForFifteenDays(List.of(watched("create", LEGACY))), DEFAULTS, "create");

    assertThat(v.verdict()).isEqualTo(Kind.DEAD);
    assertThat(v.sites()).singleElement().satisfies(s -> assertThat(s.inArtifacts()).isTrue());
  }

  @Test
  void anyCallIsInUseWhateverTheEvidence() throws Exception {
    Verdict.RuleVerdict v = judge(inventory(List.of(new Scan.Rule("create", LEGACY, null, Stage.OBSERVE, null, 0,
            RuleResolution.UNRESOLVED, List.of(), List.of()))),
        merged(run("a", T0, 0.01, true, false, List.of(watched("create", LEGACY)),
            reportSite("create", "com.acme.A", 7, 1, null))), DEFAULTS, "create");

    assertThat(v.verdict()).isEqualTo(Kind.IN_USE);
    assertThat(v.calls()).isEqualTo(1);
  }

  // --- the ways to a wrong migrated or dead --------------------------------------------------------------------

  @Test
  void aRuleTheScanRefusedIsUnknownNotMigrated() throws Exception {
    Scan.Rule refused = new Scan.Rule("create", "app.Main#mian(java.lang.String[])", null, Stage.OBSERVE, null, 0,
        RuleResolution.REFUSED, List.of(), List.of(new Scan.RefusedIn("class path", "legacy method mian does not exist")));

    Verdict.RuleVerdict v = judge(inventory(List.of(refused)),
        twoJvmsForFifteenDays(List.of(watched("create", refused.legacy()))), DEFAULTS, "create");

    assertThat(v.verdict()).isEqualTo(Kind.UNKNOWN);
    assertThat(v.why()).extracting(Verdict.Reason::code).containsExactly(Why.REFUSED);
    assertThat(v.why().get(0).detail()).contains("class path").contains("mian does not exist");
  }

  @Test
  void aRuleResolvedInOneVersionOfTheLibraryAndRefusedInAnotherIsUnknown() throws Exception {
    Scan.Rule twoVersions = new Scan.Rule("create", LEGACY, null, Stage.OBSERVE, null, 0, RuleResolution.RESOLVED,
        List.of(new Scan.ResolvedIn("a.war", "a.war!/WEB-INF/lib/legacy-1.0.jar")),
        List.of(new Scan.RefusedIn("b.war", "legacy method create(java.lang.String) does not exist")));

    Verdict.RuleVerdict v = judge(inventory(List.of(twoVersions)),
        twoJvmsForFifteenDays(List.of(watched("create", LEGACY))), DEFAULTS, "create");

    assertThat(v.verdict()).isEqualTo(Kind.UNKNOWN);
    assertThat(v.why()).extracting(Verdict.Reason::code).containsExactly(Why.REFUSED);
    assertThat(v.why().get(0).detail()).startsWith("refused in b.war");
  }

  @Test
  void aRuleWhoseLegacyClassNoScannedArtifactHoldsIsUnknown() throws Exception {
    Scan.Rule thin = new Scan.Rule("create", LEGACY, null, Stage.OBSERVE, null, 0, RuleResolution.UNRESOLVED, List.of(),
        List.of());

    Verdict.RuleVerdict v = judge(inventory(List.of(thin)), twoJvmsForFifteenDays(List.of(watched("create", LEGACY))),
        DEFAULTS, "create");

    assertThat(v.verdict()).isEqualTo(Kind.UNKNOWN);
    assertThat(v.why()).extracting(Verdict.Reason::code).containsExactly(Why.UNRESOLVED);
    assertThat(v.why().get(0).detail()).contains("com.acme.legacy.Factory").contains("--class-path");
  }

  @Test
  void aRuleOnlyTheReportsNameIsUnknownBecauseTheScanDidNotLookForIt() throws Exception {
    Verdict.RuleVerdict v = judge(inventory(List.of(resolved("other", "com.acme.X#y()"))),
        twoJvmsForFifteenDays(List.of(watched("create", LEGACY), watched("other", "com.acme.X#y()"))), DEFAULTS,
        "create");

    assertThat(v.verdict()).isEqualTo(Kind.UNKNOWN);
    assertThat(v.why()).extracting(Verdict.Reason::code).containsExactly(Why.NOT_SCANNED);
  }

  @Test
  void aRuleNoReportWatchedIsUnknown() throws Exception {
    Verdict.RuleVerdict v = judge(inventory(List.of(resolved("create", LEGACY), resolved("other", "com.acme.X#y()"))),
        twoJvmsForFifteenDays(List.of(watched("other", "com.acme.X#y()"))), DEFAULTS, "create");

    assertThat(v.verdict()).isEqualTo(Kind.UNKNOWN);
    assertThat(v.why()).extracting(Verdict.Reason::code).containsExactly(Why.NOT_WATCHED);
  }

  @Test
  void aRuleEveryJvmRefusedWasNotWatched() throws Exception {
    Report.RunRule refusedThere = new Report.RunRule("create", LEGACY, RuleResolution.REFUSED);

    Verdict.RuleVerdict v = judge(inventory(List.of(resolved("create", LEGACY))),
        twoJvmsForFifteenDays(List.of(refusedThere)), DEFAULTS, "create");

    assertThat(v.verdict()).isEqualTo(Kind.UNKNOWN);
    assertThat(v.why()).extracting(Verdict.Reason::code).containsExactly(Why.NOT_WATCHED);
    assertThat(v.evidence().refusedInJvms()).isEqualTo(2);
    assertThat(v.evidence().jvms()).isZero();
  }

  @Test
  void aSingleShortRunIsNotEnoughEvidenceUnlessTheThresholdsSaySo() throws Exception {
    Report oneRun = merged(run("a", T0, 0.01, false, true, List.of(watched("create", LEGACY))));
    Inventory inventory = inventory(List.of(resolved("create", LEGACY)));

    Verdict.RuleVerdict strict = judge(inventory, oneRun, DEFAULTS, "create");
    Verdict.RuleVerdict lenient = judge(inventory, oneRun, new Verdict.Thresholds(0, 1), "create");

    assertThat(strict.verdict()).isEqualTo(Kind.UNKNOWN);
    assertThat(strict.why()).extracting(Verdict.Reason::code).containsExactly(Why.TOO_FEW_DAYS, Why.TOO_FEW_JVMS);
    assertThat(strict.why().get(0).detail()).contains("0.0 days").contains("--min-days is 14");
    assertThat(strict.why().get(1).detail()).isEqualTo("1 JVM watched this rule; --min-jvms is 2");
    assertThat(lenient.verdict()).isEqualTo(Kind.MIGRATED);
  }

  @Test
  void evidenceFromLateAttachesOnlyIsUnknownBecauseStartUpWasNotSeen() throws Exception {
    List<Report.RunRule> rules = List.of(watched("create", LEGACY));
    Inventory inventory = inventory(List.of(resolved("create", LEGACY)), scanSite("create", "com.acme.Boot", 3));

    Verdict.RuleVerdict lateOnly = judge(inventory, merged(run("a", T0, 15, true, true, rules),
        run("b", T0, 15, true, true, rules)), DEFAULTS, "create");
    Verdict.RuleVerdict oneFromTheStart = judge(inventory, merged(run("a", T0, 15, true, true, rules),
        run("b", T0, 15, false, true, rules)), DEFAULTS, "create");

    assertThat(lateOnly.verdict()).isEqualTo(Kind.UNKNOWN);
    assertThat(lateOnly.why()).extracting(Verdict.Reason::code).containsExactly(Why.LATE_ATTACH_ONLY);
    assertThat(lateOnly.evidence().lateAttachedJvms()).isEqualTo(2);
    assertThat(oneFromTheStart.verdict()).isEqualTo(Kind.DEAD);
    assertThat(oneFromTheStart.evidence().lateAttachedJvms()).isEqualTo(1);
  }

  @Test
  void reportsThatNameCodeTheScanDidNotCoverMakeMigratedUnknown() throws Exception {
    List<Report.RunRule> rules = List.of(watched("create", LEGACY), watched("send", "com.acme.legacy.M#send()"));
    Inventory inventory = inventory(List.of(resolved("create", LEGACY), resolved("send", "com.acme.legacy.M#send()")));

    Verdict.RuleVerdict v = judge(inventory, twoJvmsForFifteenDays(rules,
        reportSite("send", "com.acme.plugin.Unscanned", 12, 5, null)), DEFAULTS, "create");

    assertThat(v.verdict()).isEqualTo(Kind.UNKNOWN);
    assertThat(v.why()).extracting(Verdict.Reason::code).containsExactly(Why.SCAN_INCOMPLETE);
    assertThat(v.why().get(0).detail()).contains("com.acme.plugin.Unscanned.run (line 12, rule send");
  }

  @Test
  void aRuleRenamedBetweenReportsKeepsItsOldCallsAndSaysUnderWhichId() throws Exception {
    Report before = run("a", T0, 10, false, true, List.of(watched("ws-create", LEGACY)),
        reportSite("ws-create", "com.acme.A", 7, 3, null));
    Report after = run("b", T0.plus(Duration.ofDays(10)), 10, false, true, List.of(watched("create", LEGACY)));

    Verdict verdict = VerdictJudge.decide(inventory(List.of(resolved("create", LEGACY))), merged(before, after), null,
        DEFAULTS, new VerdictJudge.Header(List.of(), List.of()), T0.plus(Duration.ofDays(40)));

    assertThat(verdict.rules()).extracting(Verdict.RuleVerdict::id).containsExactly("create");
    Verdict.RuleVerdict v = verdict.rules().get(0);
    assertThat(v.verdict()).isEqualTo(Kind.IN_USE);
    assertThat(v.calls()).isEqualTo(3);
    assertThat(v.watchedAs()).containsExactly("ws-create");
  }

  @Test
  void aReportThatWatchedAnotherMethodUnderTheSameIdIsNotEvidenceForThisOne() throws Exception {
    Report repointed = twoJvmsForFifteenDays(List.of(watched("create", "com.acme.legacy.Factory#old()")));

    Verdict.RuleVerdict v = judge(inventory(List.of(resolved("create", LEGACY))), repointed, DEFAULTS, "create");

    assertThat(v.verdict()).isEqualTo(Kind.UNKNOWN);
    assertThat(v.why()).extracting(Verdict.Reason::code).containsExactly(Why.NOT_WATCHED);
  }

  @Test
  void aSiteSeenOnlyThroughReflectionIsInUseAndNamedAsSuch() throws Exception {
    Verdict.RuleVerdict v = judge(inventory(List.of(resolved("create", LEGACY))),
        twoJvmsForFifteenDays(List.of(watched("create", LEGACY)),
            reportSite("create", "com.acme.Plugins", 40, 2, Via.REFLECTION)), DEFAULTS, "create");

    assertThat(v.verdict()).isEqualTo(Kind.IN_USE);
    assertThat(v.sites()).singleElement().satisfies(s -> {
      assertThat(s.via()).isEqualTo(Via.REFLECTION);
      assertThat(s.inArtifacts()).isFalse();
      // the report's file:/app.jar is the scanned app.jar: named as the scan names it, not by the agent's URL
      assertThat(s.codeSource()).isEqualTo("app.jar");
    });
  }

  @Test
  void aJvmKilledBeforeItsExitReportIsCountedAndSaidSo() throws Exception {
    List<Report.RunRule> rules = List.of(watched("create", LEGACY));
    Report killed = merged(run("a", T0, 15, false, false, rules), run("b", T0, 15, false, true, rules));

    Verdict.RuleVerdict v = judge(inventory(List.of(resolved("create", LEGACY))), killed, DEFAULTS, "create");

    assertThat(v.verdict()).isEqualTo(Kind.MIGRATED);
    assertThat(v.evidence().jvmsWithoutExitReport()).isEqualTo(1);
  }

  @Test
  void reportsOfOlderAgentsSayNothingOfTheirStartAndSoCoverOnlyTheirOwnTimes() throws Exception {
    String old = "{\"format\": \"sunset-report/1\", \"generatedAt\": \"%s\", \"rules\": [{\"id\": \"create\", "
        + "\"legacy\": \"" + LEGACY + "\", \"stage\": \"observe\", \"resolution\": \"resolved\"}], \"callSites\": []}";
    Report old1 = Report.parse(String.format(old, T0), "old-1.json");
    Report old2 = Report.parse(String.format(old, T0.plus(Duration.ofDays(20))), "old-2.json");

    Verdict.RuleVerdict v = judge(inventory(List.of(resolved("create", LEGACY))), merged(old1, old2), DEFAULTS,
        "create");

    assertThat(v.evidence().jvmsOfUnknownStart()).isEqualTo(2);
    assertThat(v.evidence().jvms()).isEqualTo(2);
    assertThat(v.evidence().days()).isEqualTo(20.0);
    assertThat(v.verdict()).isEqualTo(Kind.MIGRATED);
  }

  @Test
  void prometheusEvidenceCountsItsInstancesAndItsWindow() {
    Inventory inventory = inventory(List.of(resolved("create", LEGACY), resolved("send", "com.acme.legacy.M#send()")));
    Instant now = T0.plus(Duration.ofDays(30));
    FleetEvidence fleet = new FleetEvidence("http://prometheus:9090/", "30d", now,
        Map.of(new SiteKey("send", "com.acme.A", "run", 3), new FleetEvidence.SiteCalls(12, "A.java", "app.jar")),
        Map.of(), Map.of("create", new FleetEvidence.RuleSeries(3, T0), "send", new FleetEvidence.RuleSeries(3, T0)));

    Verdict verdict = VerdictJudge.decide(inventory, null, fleet, DEFAULTS,
        new VerdictJudge.Header(List.of(), List.of()), now);

    assertThat(verdict.rules()).extracting(Verdict.RuleVerdict::id, Verdict.RuleVerdict::verdict)
        .containsExactly(tuple("create", Kind.MIGRATED),
            tuple("send", Kind.IN_USE));
    assertThat(verdict.rules().get(0).evidence().jvms()).isEqualTo(3);
    assertThat(verdict.rules().get(0).evidence().days()).isEqualTo(30.0);
  }

  @Test
  void prometheusSeriesWithoutInstancesCannotMeetTheJvmThreshold() {
    Inventory inventory = inventory(List.of(resolved("create", LEGACY)));
    Instant now = T0.plus(Duration.ofDays(30));
    FleetEvidence fleet = new FleetEvidence("http://prometheus:9090/", "30d", now, Map.of(), Map.of(),
        Map.of("create", new FleetEvidence.RuleSeries(0, T0)));

    Verdict verdict = VerdictJudge.decide(inventory, null, fleet, DEFAULTS,
        new VerdictJudge.Header(List.of(), List.of()), now);

    assertThat(verdict.rules().get(0).verdict()).isEqualTo(Kind.UNKNOWN);
    assertThat(verdict.rules().get(0).why()).extracting(Verdict.Reason::code).containsExactly(Why.TOO_FEW_JVMS);
  }

  // --- class rules: every use of a class, type references included ----------------------------------------------

  static final String CLASS = "com.acme.legacy.Factory";

  static Scan.Site use(String cls, int line, Use use, String member) {
    return new Scan.Site("factory", cls, "run", "()V", cls.substring(cls.lastIndexOf('.') + 1) + ".java", line,
        "app.jar", false, null, use, member);
  }

  static Report.Site counted(String cls, int line, Use use, String member, long count) {
    return new Report.Site("factory", cls, "run", "()V", cls.substring(cls.lastIndexOf('.') + 1) + ".java", line,
        "file:/app.jar", count, Stage.OBSERVE, count == 0 ? Map.of() : Map.of(Stage.OBSERVE, count),
        count == 0 ? null : T0.plusSeconds(60), null, false, null, null, List.of(), use, member);
  }

  static Verdict.RuleVerdict judgeClass(Scan.Site[] scanned, Report.Site... reported) throws Exception {
    return judge(inventory(List.of(resolved("factory", CLASS)), scanned),
        twoJvmsForFifteenDays(List.of(watched("factory", CLASS)), reported), DEFAULTS, "factory");
  }

  static Scan.Site[] sites(Scan.Site... sites) {
    return sites;
  }

  @Test
  void aClassWithNoUseLeftAndNoneSeenIsMigratedAndSaidToBeAClass() throws Exception {
    Verdict.RuleVerdict v = judgeClass(sites());

    assertThat(v.verdict()).isEqualTo(Kind.MIGRATED);
    assertThat(v.classRule()).isTrue();
    assertThat(v.why()).isEmpty();
    assertThat(v.uses()).isEmpty();
  }

  @Test
  void aClassWhoseMethodsAMethodRuleStillFindsIsNotMigratedUntilThatRuleIs() throws Exception {
    // the method rule takes create from the class rule: the class rule has no use of its own, its method has two
    List<Report.RunRule> watching = List.of(watched("factory", CLASS), watched("create", LEGACY));
    Inventory scanned = inventory(List.of(resolved("factory", CLASS), resolved("create", LEGACY)),
        scanSite("create", "com.acme.A", 7));
    Verdict.RuleVerdict inUse = judge(scanned,
        twoJvmsForFifteenDays(watching, reportSite("create", "com.acme.A", 7, 4, null)), DEFAULTS, "factory");
    Verdict.RuleVerdict dead = judge(scanned, twoJvmsForFifteenDays(watching), DEFAULTS, "factory");
    Verdict.RuleVerdict gone = judge(inventory(List.of(resolved("factory", CLASS), resolved("create", LEGACY))),
        twoJvmsForFifteenDays(watching), DEFAULTS, "factory");

    assertThat(inUse.verdict()).isEqualTo(Kind.UNKNOWN);
    assertThat(inUse.sites()).isEmpty();
    assertThat(inUse.why()).extracting(Verdict.Reason::code, Verdict.Reason::detail).containsExactly(tuple(
        Why.MEMBER_RULES_LEFT, "1 rule of com.acme.legacy.Factory's methods is not migrated: create (in-use); the "
            + "class goes after its methods"));
    assertThat(dead.verdict()).isEqualTo(Kind.UNKNOWN);
    assertThat(dead.why()).extracting(Verdict.Reason::detail).singleElement().asString().contains("create (dead)");
    assertThat(gone.verdict()).as("the method rule migrated: the class can go").isEqualTo(Kind.MIGRATED);
  }

  @Test
  void aClassWithOnlyTypeReferencesLeftIsNotMigrated() throws Exception {
    Verdict.RuleVerdict v = judgeClass(sites(use("com.acme.A", 3, Use.TYPE_REFERENCE, "<class>"),
        use("com.acme.A", 8, Use.TYPE_REFERENCE, "<class>"), use("com.acme.B", 0, Use.TYPE_REFERENCE, "<class>")));

    assertThat(v.verdict()).isEqualTo(Kind.UNKNOWN);
    assertThat(v.why()).extracting(Verdict.Reason::code).containsExactly(Why.TYPE_REFERENCES_LEFT);
    assertThat(v.why().get(0).detail()).startsWith("3 type references to com.acme.legacy.Factory left, such as "
        + "com.acme.A.run (A.java:3)").doesNotContain("other use");
    assertThat(v.uses()).containsExactly(new Verdict.MemberUse("<class>", Use.TYPE_REFERENCE, 3, 0));
  }

  @Test
  void typeReferencesKeepAClassFromBeingDeadBesideUsesThatNeverRan() throws Exception {
    Verdict.RuleVerdict withReference = judgeClass(sites(use("com.acme.A", 3, Use.NEW, "<init>()"),
        use("com.acme.A", 4, Use.TYPE_REFERENCE, "<class>")), counted("com.acme.A", 3, Use.NEW, "<init>()", 0));
    Verdict.RuleVerdict without = judgeClass(sites(use("com.acme.A", 3, Use.NEW, "<init>()")),
        counted("com.acme.A", 3, Use.NEW, "<init>()", 0));

    assertThat(withReference.verdict()).isEqualTo(Kind.UNKNOWN);
    assertThat(withReference.why()).extracting(Verdict.Reason::code).containsExactly(Why.TYPE_REFERENCES_LEFT);
    assertThat(withReference.why().get(0).detail()).contains("and the 1 other use (none seen running)");
    assertThat(without.verdict()).isEqualTo(Kind.DEAD);
  }

  @Test
  void aTypeReferenceLeftAddsToWhateverElseTheEvidenceLacks() throws Exception {
    Verdict.RuleVerdict v = judge(inventory(List.of(resolved("factory", CLASS)),
            use("com.acme.A", 4, Use.TYPE_REFERENCE, "<class>")),
        merged(run("a", T0, 0.01, false, true, List.of(watched("factory", CLASS)))), DEFAULTS, "factory");

    assertThat(v.verdict()).isEqualTo(Kind.UNKNOWN);
    assertThat(v.why()).extracting(Verdict.Reason::code)
        .containsExactly(Why.TYPE_REFERENCES_LEFT, Why.TOO_FEW_DAYS, Why.TOO_FEW_JVMS);
  }

  @Test
  void anyCountedUseOfAClassIsInUseAFieldReadAsMuchAsACall() throws Exception {
    Verdict.RuleVerdict v = judgeClass(sites(use("com.acme.A", 5, Use.FIELD_READ, "name"),
            use("com.acme.A", 6, Use.TYPE_REFERENCE, "<class>")),
        counted("com.acme.A", 5, Use.FIELD_READ, "name", 1));

    assertThat(v.verdict()).isEqualTo(Kind.IN_USE);
    assertThat(v.calls()).isEqualTo(1);
    assertThat(v.why()).isEmpty();
  }

  @Test
  void aSubclassThatWasInitialisedIsInUse() throws Exception {
    Verdict.RuleVerdict v = judgeClass(sites(use("com.acme.Sub", 0, Use.SUBCLASS, "<class>")),
        counted("com.acme.Sub", 0, Use.SUBCLASS, "<class>", 1));

    assertThat(v.verdict()).isEqualTo(Kind.IN_USE);
    assertThat(v.sites()).singleElement().satisfies(s -> {
      assertThat(s.use()).isEqualTo(Use.SUBCLASS);
      assertThat(s.inArtifacts()).isTrue();
      assertThat(s.count()).isEqualTo(1);
    });
  }

  @Test
  void twoUsesOnOneLineAreTwoSitesEachWithItsOwnCount() throws Exception {
    Verdict.RuleVerdict v = judgeClass(sites(use("com.acme.A", 9, Use.FIELD_READ, "name"),
            use("com.acme.A", 9, Use.FIELD_READ, "created")),
        counted("com.acme.A", 9, Use.FIELD_READ, "name", 3), counted("com.acme.A", 9, Use.FIELD_READ, "created", 0));

    assertThat(v.verdict()).isEqualTo(Kind.IN_USE);
    assertThat(v.sites()).extracting(Verdict.Site::member, Verdict.Site::count, Verdict.Site::inArtifacts)
        .containsExactly(tuple("name", 3L, true), tuple("created", 0L, true));
  }

  @Test
  void theUsesAreGroupedByUseAndMemberWithTheirSitesAndCounts() throws Exception {
    Verdict.RuleVerdict v = judgeClass(sites(use("com.acme.A", 3, Use.TYPE_REFERENCE, "<class>"),
            use("com.acme.A", 4, Use.NEW, "<init>()"), use("com.acme.B", 4, Use.NEW, "<init>()"),
            use("com.acme.A", 5, Use.FIELD_READ, "name"), use("com.acme.B", 6, Use.TYPE_REFERENCE, "<class>"),
            use("com.acme.C", 7, Use.TYPE_REFERENCE, "<class>"), use("com.acme.A", 8, Use.CALL, "hello()")),
        counted("com.acme.A", 4, Use.NEW, "<init>()", 6), counted("com.acme.A", 8, Use.CALL, "hello()", 2));

    assertThat(v.uses()).containsExactly(new Verdict.MemberUse("hello()", Use.CALL, 1, 2),
        new Verdict.MemberUse("<init>()", Use.NEW, 2, 6), new Verdict.MemberUse("name", Use.FIELD_READ, 1, 0),
        new Verdict.MemberUse("<class>", Use.TYPE_REFERENCE, 3, 0));
    assertThat(v.calls()).isEqualTo(8);
  }

  @Test
  void aPrometheusSeriesOfAClassRuleCountsForTheOneUseAtItsSiteOrForAUseItDoesNotName() {
    Inventory inventory = inventory(List.of(resolved("factory", CLASS)), use("com.acme.A", 3, Use.NEW, "<init>()"),
        use("com.acme.A", 9, Use.FIELD_READ, "name"), use("com.acme.A", 9, Use.FIELD_READ, "created"));
    Instant now = T0.plus(Duration.ofDays(30));
    FleetEvidence fleet = new FleetEvidence("http://prometheus:9090/", "30d", now,
        Map.of(new SiteKey("factory", "com.acme.A", "run", 3), new FleetEvidence.SiteCalls(4, "A.java", "app.jar"),
            new SiteKey("factory", "com.acme.A", "run", 9), new FleetEvidence.SiteCalls(7, "A.java", "app.jar")),
        Map.of(), Map.of("factory", new FleetEvidence.RuleSeries(3, T0)));

    Verdict.RuleVerdict v = VerdictJudge.decide(inventory, null, fleet, DEFAULTS,
        new VerdictJudge.Header(List.of(), List.of()), now).rules().get(0);

    assertThat(v.verdict()).isEqualTo(Kind.IN_USE);
    assertThat(v.calls()).isEqualTo(11);
    assertThat(v.sites()).extracting(Verdict.Site::line, Verdict.Site::use, Verdict.Site::member, Verdict.Site::count)
        .containsExactly(tuple(9, null, null, 7L), tuple(3, Use.NEW, "<init>()", 4L), tuple(9, Use.FIELD_READ,
            "created", 0L), tuple(9, Use.FIELD_READ, "name", 0L));
    assertThat(v.uses()).last().isEqualTo(new Verdict.MemberUse(null, null, 1, 7));
  }

  @Test
  void aMethodRulesVerdictSaysNothingOfUses() throws Exception {
    Verdict.RuleVerdict v = judge(inventory(List.of(resolved("create", LEGACY)), scanSite("create", "com.acme.A", 7)),
        twoJvmsForFifteenDays(List.of(watched("create", LEGACY))), DEFAULTS, "create");

    assertThat(v.classRule()).isFalse();
    assertThat(v.uses()).isEmpty();
    assertThat(v.sites()).singleElement().satisfies(s -> {
      assertThat(s.use()).isEqualTo(Use.CALL);
      assertThat(s.member()).isNull();
    });
  }
}
