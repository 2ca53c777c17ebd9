package dev.sunset.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.sunset.core.report.SiteKey;
import dev.sunset.core.report.UseKey;
import dev.sunset.core.rules.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The three formats are contracts: golden files of each read into the records and write back byte for byte, files
 * of the formats as earlier Sunsets wrote them still read, and a file that does not read is one line naming the
 * field.
 */
class FormatsTest {
  @TempDir
  Path dir;

  static String golden(String name) throws IOException {
    try (InputStream in = FormatsTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"report.json", "merged-report.json", "scan.json", "verdict.json"})
  void aGoldenFileReadsAndWritesBackByteForByte(String name) throws Exception {
    String text = golden(name);
    Path file = Files.writeString(dir.resolve(name), text);

    String written = Document.read(file).toJson();

    assertThat(written + "\n").isEqualTo(text);
  }

  @Test
  void theTestsFileReadsAndWritesBackByteForByteKeyedOnCallSites() throws Exception {
    String text = golden("tests.json");
    TestSites tests = TestSites.read(Files.writeString(dir.resolve("tests.json"), text));

    assertThat(tests.toJson() + "\n").isEqualTo(text);
    assertThat(tests.tests()).singleElement().satisfies(t -> {
      assertThat(t.className()).isEqualTo("com.acme.alerts.AlertPublisherTest");
      assertThat(t.method()).isEqualTo("publishesEachAlert");
      SiteKey context = new SiteKey("agent-context", "com.acme.alerts.AlertPublisher", "publish", 16);
      assertThat(t.callSites()).extracting(TestSites.SiteCount::useKey, TestSites.SiteCount::count,
          TestSites.SiteCount::notInBaseline).containsExactly(
              tuple(UseKey.call(new SiteKey("ws-factory-create-for-user", "com.acme.alerts.AlertPublisher", "publish",
                  14)), 3L, false),
              tuple(UseKey.call(new SiteKey("ws-manager-send-event", "com.acme.alerts.AlertPublisher", "publish", 15)),
                  3L, true),
              // a class rule's two uses on one line are two entries, each compared with the baseline on its own
              tuple(new UseKey(context, Use.NEW,
                  "<init>(com.example.ws.UserExecutionContext, com.example.ws.WebSocketManager)"), 3L, false),
              tuple(new UseKey(context, Use.FIELD_READ, "websocketManager"), 3L, true));
    });
    assertThat(tests.outsideAnyTest()).extracting(TestSites.SiteCount::file).containsExactly((String) null);
    assertThatThrownBy(() -> TestSites.parse(golden("report.json"), "report.json")).isInstanceOf(FormatException.class)
        .hasMessageContaining("not sunset-tests/1");
  }

  @Test
  void aTestsFileWrittenBeforeUsesWereToldApartReadsEverySiteAsACallOfNoMember() throws Exception {
    TestSites old = TestSites.parse(golden("tests-before-uses.json"), "old-tests.json");

    assertThat(old.tests()).singleElement().satisfies(t -> assertThat(t.callSites()).extracting(
        TestSites.SiteCount::use, TestSites.SiteCount::member).containsExactly(tuple(Use.CALL, null),
            tuple(Use.CALL, null)));
    assertThat(old.toJson() + "\n").isEqualTo(golden("tests-before-uses.json"));
  }

  @Test
  void aTestsFileIsADocumentOnlyWhereItsFormatIsAskedFor() throws Exception {
    Path file = Files.writeString(dir.resolve("tests-document.json"), golden("tests.json"));

    Document read = Document.read(file, List.of(Formats.REPORT, Formats.TESTS), "a report or a tests file");

    assertThat(read).isInstanceOf(TestSites.class);
    assertThat(read.toJson() + "\n").isEqualTo(golden("tests.json"));
    assertThatThrownBy(() -> Document.read(file)).isInstanceOf(FormatException.class)
        .hasMessageContaining("'format' is 'sunset-tests/1', not sunset-report/1");
  }

  @Test
  void theAgentsReportNamesItsRunAndEveryFieldOfItsRulesAndSites() throws Exception {
    Report report = Report.parse(golden("report.json"), "report.json");

    assertThat(report.runs()).singleElement().satisfies(run -> {
      assertThat(run.id()).isEqualTo("4711-1796637300000-9f2c4e1ab03d");
      assertThat(run.pid()).isEqualTo(4711L);
      assertThat(run.exitReport()).isTrue();
      assertThat(run.attachedLate()).isFalse();
      assertThat(run.watchedFrom()).isEqualTo(Instant.parse("2026-12-07T09:55:00.412Z"));
      assertThat(run.rules()).extracting(Report.RunRule::id, Report.RunRule::resolution)
          .containsExactly(tuple("ws-factory-create-for-user", RuleResolution.RESOLVED),
              tuple("typo", RuleResolution.UNRESOLVED), tuple("legacy-registry", RuleResolution.RESOLVED));
    });
    Report.Rule rule = report.rules().get(0);
    assertThat(rule.stage()).isEqualTo(Stage.WARN);
    assertThat(rule.configuredStage()).isEqualTo(Stage.REDIRECT);
    assertThat(rule.schedule()).containsKeys(Stage.WARN, Stage.DENY);
    assertThat(rule.withoutCounterpart()).isEmpty();
    assertThat(report.rules().get(2).replacement()).isEqualTo("com.example.ws.RegistryAdapters");
    assertThat(report.rules().get(2).withoutCounterpart()).containsExactly("<init>(java.lang.String)", "INSTANCE (set)");
    assertThat(report.callSites()).extracting(Report.Site::via).containsExactly(null, Via.REFLECTION, null, null, null,
        null, null, null);
    assertThat(report.callSites().get(0).countsByStage()).containsEntry(Stage.REDIRECT, 1000L)
        .containsEntry(Stage.WARN, 200L);
    assertThat(report.callSites().get(2).methodReference()).isTrue();
    assertThat(report.callSites().get(0).rolledBackAt()).isNull();
    assertThat(report.callSites().get(7)).satisfies(rolledBack -> {
      assertThat(rolledBack.stage()).isEqualTo(Stage.OBSERVE);
      assertThat(rolledBack.rolledBackAt()).isEqualTo(Instant.parse("2026-12-07T10:02:11.500Z"));
      assertThat(rolledBack.rollbackReason()).startsWith("7 of 120 redirected calls (5.8%) threw within 10s");
    });
  }

  @Test
  void aClassRulesSitesSayTheirUseAndMemberAndAMethodRulesAreCallsOfNone() throws Exception {
    Report report = Report.parse(golden("report.json"), "report.json");
    Scan scan = Scan.parse(golden("scan.json"), "scan.json");

    assertThat(report.callSites()).extracting(Report.Site::rule, Report.Site::line, Report.Site::use,
        Report.Site::member).containsExactly(
            tuple("ws-factory-create-for-user", 42, Use.CALL, null),
            tuple("ws-factory-create-for-user", 88, Use.CALL, null),
            tuple("ws-factory-create-for-user", 17, Use.CALL, null),
            tuple("legacy-registry", 21, Use.NEW, "<init>(java.lang.String)"),
            tuple("legacy-registry", 21, Use.FIELD_READ, "INSTANCE"),
            tuple("legacy-registry", 22, Use.CALL, "register(java.lang.String)"),
            tuple("legacy-registry", 0, Use.SUBCLASS, "<class>"),
            tuple("ws-factory-create-for-user", 31, Use.CALL, null));
    // two uses on one line are one site to the site key, and two to the use key
    assertThat(report.callSites().get(3).key()).isEqualTo(report.callSites().get(4).key());
    assertThat(report.callSites().get(3).useKey()).isNotEqualTo(report.callSites().get(4).useKey());
    assertThat(scan.callSites()).extracting(Scan.Site::use).containsExactly(Use.CALL, Use.CALL, Use.CALL, Use.NEW,
        Use.FIELD_READ, Use.TYPE_REFERENCE);
  }

  @Test
  void aClassRulesVerdictGroupsItsUsesAndKeepsASiteWhoseUseTheEvidenceDoesNotSay() throws Exception {
    Verdict golden = Verdict.parse(golden("verdict.json"), "verdict.json");
    Verdict.RuleVerdict registry = golden.rules().get(2);
    Verdict.RuleVerdict method = golden.rules().get(0);
    Verdict.Site fromPrometheus = new Verdict.Site("com.acme.chat.Boot", "start", null, 25, "Boot.java", "app.jar", 4,
        false, null, null, null, false, null, null, null);
    Verdict.RuleVerdict withIt = new Verdict.RuleVerdict(registry.id(), registry.legacy(), registry.verdict(),
        registry.calls() + 4, 0, registry.why(), registry.resolution(), registry.resolvedIn(), registry.refusedIn(),
        registry.evidence(), registry.watchedAs(), registry.firstCallAt(), registry.lastCallSeenAt(),
        List.of(registry.sites().get(0), fromPrometheus), true, List.of(registry.uses().get(1),
            new Verdict.MemberUse(null, null, 1, 4)));

    Verdict again = Verdict.parse(new Verdict(golden.generatedAt(), golden.evidence(), List.of(withIt)).toJson(),
        "again.json");

    assertThat(registry.classRule()).isTrue();
    assertThat(registry.uses()).extracting(Verdict.MemberUse::use, Verdict.MemberUse::member, Verdict.MemberUse::sites,
        Verdict.MemberUse::calls).containsExactly(tuple(Use.CALL, "register(java.lang.String)", 1, 0L),
            tuple(Use.NEW, "<init>(java.lang.String)", 1, 2L), tuple(Use.TYPE_REFERENCE, "<class>", 1, 0L));
    assertThat(method.classRule()).isFalse();
    assertThat(method.uses()).isEmpty();
    assertThat(method.sites()).extracting(Verdict.Site::use).containsOnly(Use.CALL);
    assertThat(again.rules()).singleElement().isEqualTo(withIt);
  }

  @Test
  void anUnknownUseIsOneLineNamingTheField() {
    String text = "{\"format\": \"sunset-scan/1\", \"rules\": [], \"callSites\": [{\"rule\": \"r\", \"class\": \"C\","
        + " \"method\": \"m\", \"line\": 1, \"use\": \"teleport\"}]}";

    assertThatThrownBy(() -> Scan.parse(text, "bad.json")).isInstanceOf(FormatException.class)
        .hasMessage("bad.json: callSites[0].use is 'teleport', not call, new, field-read, field-write, subclass, "
            + "class-lookup or type-reference");
  }

  @Test
  void aMergedReportKeepsEveryRunAndTheLatestReportThatShowedCalls() throws Exception {
    Report merged = Report.parse(golden("merged-report.json"), "merged-report.json");

    assertThat(merged.runs()).extracting(Report.Run::pid, Report.Run::attachedLate, Report.Run::exitReport)
        .containsExactly(tuple(4711L, false, true),
            tuple(5120L, true, false));
    assertThat(merged.callSites().get(0).count()).isEqualTo(2400);
    assertThat(merged.callSites().get(0).lastSeenAt()).isEqualTo(Instant.parse("2026-12-08T08:00:00Z"));
    assertThat(merged.callSites().get(0).codeSources()).containsExactly("file:/opt/app/app.jar",
        "file:/srv/app/app.jar");
    assertThat(merged.mergedFrom()).extracting(Report.MergedFrom::file).containsExactly("reports/a.json",
        "reports/b.json");
  }

  @Test
  void aReportWrittenBeforeReportsNamedTheirRunStandsForOneRunThatSaysNothingOfItself() throws Exception {
    Report old = Report.parse(golden("report-before-runs.json"), "old.json");

    assertThat(old.runs()).singleElement().satisfies(run -> {
      assertThat(run.id()).isNull();
      assertThat(run.watchedFrom()).isNull();
      assertThat(run.exitReport()).isFalse();
      assertThat(run.lastReportAt()).isEqualTo(old.generatedAt());
      assertThat(run.rules()).extracting(Report.RunRule::id).containsExactly("ws-factory-create-for-user");
    });
    assertThat(old.callSites()).singleElement().satisfies(s -> assertThat(s.count()).isEqualTo(1000));
  }

  @Test
  void scansAndVerdictsOfEarlierSunsetsStillRead() throws Exception {
    Scan scan = Scan.parse(golden("scan-before-artifacts.json"), "old-scan.json");
    Verdict verdict = Verdict.parse(golden("verdict-before-evidence.json"), "old-verdict.json");

    assertThat(scan.artifacts()).isEmpty();
    assertThat(scan.rules()).singleElement().satisfies(r -> assertThat(r.refusedIn()).isEmpty());
    assertThat(scan.stats().classes()).isEqualTo(30);
    assertThat(verdict.evidence().reports()).extracting(Verdict.ReportInput::file).containsExactly("fleet.json");
    assertThat(verdict.rules()).singleElement().satisfies(r -> {
      assertThat(r.verdict()).isEqualTo(Verdict.Kind.IN_USE);
      assertThat(r.why()).isEmpty();
    });
  }

  @Test
  void aScanNamesTheArtifactsItSearchedAndWhereEachRuleWasRefused() throws Exception {
    Scan scan = Scan.parse(golden("scan.json"), "scan.json");

    assertThat(scan.artifacts()).containsExactly("app.jar", "plugins/");
    assertThat(scan.classPath()).containsExactly("libs/legacy.jar");
    assertThat(scan.rules().get(0).refusedIn()).singleElement()
        .satisfies(r -> assertThat(r.scope()).isEqualTo("plugins/old.war"));
  }

  @Test
  void theVerdictSaysWhyAndOnWhatEvidence() throws Exception {
    Verdict verdict = Verdict.parse(golden("verdict.json"), "verdict.json");

    assertThat(verdict.evidence().thresholds()).isEqualTo(new Verdict.Thresholds(14, 2));
    assertThat(verdict.evidence().coverage().lateAttachedJvms()).isEqualTo(1);
    Verdict.RuleVerdict typo = verdict.rules().get(1);
    assertThat(typo.verdict()).isEqualTo(Verdict.Kind.UNKNOWN);
    assertThat(typo.why()).extracting(Verdict.Reason::code).containsExactly(Verdict.Why.UNRESOLVED,
        Verdict.Why.TOO_FEW_DAYS);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      a count too large for a long | "count": 1e300 | callSites[0].count is not a whole number from 0 to 9223372036854775807
      a count past 2^63-1 | "count": 9223372036854775808 | callSites[0].count is not a whole number from 0 to 9223372036854775807
      a negative count | "count": -1 | callSites[0].count is not a whole number from 0 to 9223372036854775807
      a count as a string | "count": "3" | callSites[0].count is not a whole number from 0 to 9223372036854775807
      a fractional count | "count": 2.5 | callSites[0].count is not a whole number from 0 to 9223372036854775807
      a count under an unknown stage | "count": 1, "countsByStage": {"later": 1} | callSites[0].countsByStage.later is not under a stage (observe, redirect, warn or deny)
      an unknown via | "count": 1, "via": "telepathy" | callSites[0].via is 'telepathy', not reflection, method-handle, method-reference or unrewritten
      an unknown stage | "count": 1, "stage": "maybe" | callSites[0].stage is 'maybe', not a stage (observe, redirect, warn or deny)
      no count | "file": "A.java" | callSites[0].count is missing (a count: a whole number from 0 to 9223372036854775807)
      """)
  void aSiteThatDoesNotReadIsOneLineNamingTheField(String what, String fields, String message) {
    String text = "{\"format\": \"sunset-report/1\", \"generatedAt\": \"2026-12-07T10:00:00Z\", \"rules\": [],"
        + " \"callSites\": [{\"rule\": \"r\", \"class\": \"C\", \"method\": \"m\", \"line\": 1, " + fields + "}]}";

    assertThatThrownBy(() -> Report.parse(text, "bad.json")).isInstanceOf(FormatException.class)
        .hasMessage("bad.json: " + message);
  }

  @Test
  void aFileOfAnotherFormatOrNoneIsNamedWithWhatItSays() throws Exception {
    Path scan = Files.writeString(dir.resolve("scan.json"), golden("scan.json"));
    Path none = Files.writeString(dir.resolve("none.json"), "{\"rules\": []}");

    assertThatThrownBy(() -> Report.read(scan)).hasMessage(scan + ": 'format' is 'sunset-scan/1', not "
        + "sunset-report/1 (an agent report)");
    assertThatThrownBy(() -> Document.read(none)).hasMessage(none + ": 'format' is missing, not sunset-report/1, "
        + "sunset-scan/1 or sunset-verdict/1");
    assertThatThrownBy(() -> Report.read(dir)).hasMessage(dir + ": is a folder, not a file");
    assertThatThrownBy(() -> Report.read(dir.resolve("missing.json"))).hasMessage(dir.resolve("missing.json")
        + ": does not exist");
  }

  @Test
  void namesHoldingALoneSurrogateOrControlCharactersAreWrittenAsUtf8AndReadBackIntact() throws Exception {
    // legal in a class file (obfuscators make them): a method name with a lone surrogate, a file name with ESC
    String method = "run\uD800";
    String file = "A\u001B]0;x\u0007.java";
    String className = "com.acme.A\u009B\uDC00";
    Report report = new Report(Instant.parse("2026-12-07T10:00:00Z"), List.of(), List.of(),
        List.of(new Report.Site("r", className, method, "()V", file, 3, "app.jar", 1, Stage.OBSERVE,
            Map.of(Stage.OBSERVE, 1L), null, null, false, null, null, List.of())), List.of());

    Path written = Files.write(dir.resolve("report.json"), report.toJson().getBytes(StandardCharsets.UTF_8));

    assertThat(Report.read(written).callSites()).singleElement().satisfies(s -> {
      assertThat(s.method()).isEqualTo(method);
      assertThat(s.file()).isEqualTo(file);
      assertThat(s.className()).isEqualTo(className);
    });
    assertThat(Files.readString(written)).contains("\"run\\uD800\"", "\\u009B\\uDC00").doesNotContain("\u009B");
  }

  @Test
  void anythingAfterTheObjectIsRefusedWithWhereItStarts() throws Exception {
    Path trailing = Files.writeString(dir.resolve("trailing.json"), golden("scan.json") + "{\"format\": 1}\n");
    Path garbage = Files.writeString(dir.resolve("garbage.json"), "{\"format\": \"sunset-scan/1\"} x");

    assertThatThrownBy(() -> Scan.read(trailing)).isInstanceOf(FormatException.class)
        .hasMessageStartingWith(trailing + ": is not JSON at line ").hasMessageContaining("more follows the end");
    assertThatThrownBy(() -> Document.read(garbage)).isInstanceOf(FormatException.class)
        .hasMessageStartingWith(garbage + ": is not JSON at line 1, column ");
    assertThat(Scan.parse(golden("scan.json") + "\n\n  \n", "spaces.json").callSites()).isNotEmpty();
  }

  @Test
  @org.junit.jupiter.api.Timeout(value = 10, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
  void aFifoGivenAsAReportIsRefusedAtOnceAndAnOversizedFileBeforeItIsRead() throws Exception {
    Path fifo = dev.sunset.core.io.SpecialFiles.fifo(dir.resolve("fifo.json"));
    Path big = dir.resolve("big.json");
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(dev.sunset.core.io.Limits.JSON_FILE_BYTES + 1); // sparse: no disk used
    }

    assertThatThrownBy(() -> Report.read(fifo)).hasMessage(fifo + ": is a FIFO (named pipe), not a regular file");
    assertThatThrownBy(() -> Report.read(big)).hasMessage(big + ": is 67,108,865 bytes, more than the 64 MiB Sunset reads "
        + "of a report, scan or verdict");
  }
}
