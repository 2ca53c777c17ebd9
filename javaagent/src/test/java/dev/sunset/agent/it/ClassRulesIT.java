package dev.sunset.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.core.rules.RulesFile;
import dev.sunset.core.scan.ArtifactScanner;
import dev.sunset.core.scan.ScanResult;
import dev.sunset.core.scan.ScannedSite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class rule, with the real agent jar in a forked JVM: every use of the class that runs (calls, also through a
 * subclass, by reflection and by method reference; {@code new}, also as a constructor reference; field reads and
 * writes; subclasses; a lookup by name)
 * is a site of its own, counted exactly, at the stage its rule sets; the application runs as without the agent at
 * {@code observe} and {@code warn}, and every use throws the denial at {@code deny}.
 */
class ClassRulesIT {
  private static final String APP = "dev.sunset.agent.it.fixtures.classes.ClassUseApp";
  private static final String FIX = "dev.sunset.agent.it.fixtures.classes.";
  private static final int TIMES = 3;

  @TempDir
  Path dir;

  private static String classRule(String id, String legacyClass, String stage, String... allow) {
    StringBuilder yaml = new StringBuilder("  - id: " + id + "\n    legacy: " + FIX + legacyClass + "\n    stage: " + stage
        + "\n    message: retire it\n");
    if (allow.length > 0) {
      yaml.append("    allow:\n");
      for (String a : allow) {
        yaml.append("      - \"").append(a).append("\"\n");
      }
    }
    return yaml.toString();
  }

  /** Each site of the report as one line: rule, method:line, use, member, via, stage and count. */
  private static List<String> sites(Map<String, Object> report) {
    List<String> lines = new ArrayList<>();
    for (String rule : List.of("registry", "listener")) {
      for (Map<String, Object> s : Reports.sitesOf(report, rule)) {
        String cls = String.valueOf(s.get("class"));
        lines.add(rule + " " + cls.substring(cls.lastIndexOf('.') + 1) + "." + s.get("method") + ":" + s.get("line")
            + " " + s.getOrDefault("use", "call") + " " + s.get("member")
            + (s.get("via") == null ? "" : " via " + s.get("via")) + " " + s.get("stage") + " x" + s.get("count"));
      }
    }
    return lines;
  }

  @Test
  void atObserveEveryUseIsASiteCountedExactlyAndTheApplicationRunsAsWithoutTheAgent() throws Exception {
    Path rules = RulesFiles.write(dir, classRule("registry", "LegacyRegistry", "observe"),
        classRule("listener", "LegacyListener", "observe"));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result without = ForkedJvm.withoutAgent().run(APP, String.valueOf(TIMES));
    ForkedJvm.Result with = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).run(APP, String.valueOf(TIMES));

    assertThat(without.exitCode).as(without.toString()).isZero();
    assertThat(with.exitCode).as(with.toString()).isZero();
    assertThat(with.values()).as(with.toString()).isEqualTo(without.values()).doesNotContainValue("denied");
    String x = " observe x" + TIMES;
    assertThat(sites(Reports.read(report))).as(with.toString()).containsExactlyInAnyOrder(
        "registry ClassUseApp.main:34 call open(java.lang.String) observe x1",
        "registry ClassUseApp.construct:55 new <init>()" + x,
        "registry ClassUseApp.construct:55 field-read name" + x,
        "registry ClassUseApp.callStatic:59 call open(java.lang.String)" + x,
        "registry ClassUseApp.callStatic:59 field-read name" + x,
        "registry ClassUseApp.callInstance:63 call describe()" + x,
        "registry ClassUseApp.readField:67 field-read name" + x,
        "registry ClassUseApp.writeField:71 field-write name" + x,
        "registry ClassUseApp.readStatic:76 field-read opened" + x,
        "registry ClassUseApp.writeStatic:80 field-read opened" + x,
        "registry ClassUseApp.writeStatic:80 field-write opened" + x,
        "registry ClassUseApp.lookup:85 class-lookup <class>" + x,
        "registry ClassUseApp.reflection:90 call describe() via reflection" + x,
        "registry ClassUseApp.reference:97 call open(java.lang.String)" + x,
        "registry ClassUseApp.reference:98 field-read name" + x,
        "registry ClassUseApp.subclass:102 field-read name" + x,
        "registry ClassUseApp$SubRegistry.<clinit>:0 subclass <class> observe x1",
        "registry ClassUseApp.constructorReference:111 new <init>(java.lang.String)" + x,
        "registry ClassUseApp.constructorReference:112 field-read name" + x,
        "listener ClassUseApp.listener:107 call onEvent(java.lang.String)" + x,
        "listener ClassUseApp$Listener.<clinit>:0 subclass <class> observe x1");
    Map<String, Object> rule = Reports.rule(Reports.read(report), "registry");
    assertThat(rule).containsEntry("legacy", FIX + "LegacyRegistry").containsEntry("resolution", "resolved");
  }

  @Test
  void atWarnEachUseSaysOnceWhatItUsesAndTheApplicationRunsAsWithoutTheAgent() throws Exception {
    Path rules = RulesFiles.write(dir, classRule("registry", "LegacyRegistry", "warn"),
        classRule("listener", "LegacyListener", "warn"));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result without = ForkedJvm.withoutAgent().run(APP, String.valueOf(TIMES));
    ForkedJvm.Result with = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).run(APP, String.valueOf(TIMES));

    assertThat(with.exitCode).as(with.toString()).isZero();
    assertThat(with.values()).as(with.toString()).isEqualTo(without.values());
    List<String> warnings = with.agentLines().stream().filter(l -> l.startsWith("WARN legacy")).toList();
    assertThat(warnings).as(with.toString()).hasSize(21).doesNotHaveDuplicates()
        .allMatch(l -> l.endsWith("- retire it"))
        .contains("WARN legacy use " + FIX + "LegacyRegistry (new <init>()) from " + FIX
            + "ClassUseApp.construct(ClassUseApp.java:55) in file:" + ForkedJvm.testClasses() + "/ [rule registry] - retire it")
        .anyMatch(l -> l.startsWith("WARN legacy call " + FIX + "LegacyRegistry (call describe()) from " + FIX
            + "ClassUseApp.reflection(ClassUseApp.java:90)") && l.contains("(via reflection)"))
        .anyMatch(l -> l.startsWith("WARN legacy use " + FIX + "LegacyListener (subclass <class>) from " + FIX
            + "ClassUseApp$Listener.<clinit>(ClassUseApp.java)"));
    assertThat(sites(Reports.read(report))).hasSize(21).allMatch(s -> s.contains(" warn x"));
  }

  @Test
  void atDenyEveryUseThrowsTheDenialNamingItsSiteExceptWhereTheAllowListKeepsIt() throws Exception {
    Path rules = RulesFiles.write(dir, classRule("registry", "LegacyRegistry", "deny", FIX + "ClassUseApp#main"),
        classRule("listener", "LegacyListener", "deny"));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result with = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).run(APP, String.valueOf(TIMES));

    assertThat(with.exitCode).as(with.toString()).isZero();
    assertThat(with.values()).as(with.toString()).hasSize(13).allSatisfy((use, value) ->
        assertThat(value).as(use).isEqualTo("denied"));
    List<String> sites = sites(Reports.read(report));
    // the allowed site ran, at observe (a class rule has nothing to redirect to)
    assertThat(sites).contains("registry ClassUseApp.main:34 call open(java.lang.String) observe x1");
    // each denied use is counted where it was tried; a use after a denied one on its line never ran
    assertThat(sites).contains(
        "registry ClassUseApp.construct:55 new <init>() deny x" + TIMES,
        "registry ClassUseApp.construct:55 field-read name deny x0",
        "registry ClassUseApp.readField:67 field-read name deny x" + TIMES,
        "registry ClassUseApp.writeField:71 field-write name deny x" + TIMES,
        "registry ClassUseApp.lookup:85 class-lookup <class> deny x" + TIMES,
        "registry ClassUseApp.constructorReference:111 new <init>(java.lang.String) deny x" + TIMES,
        "registry ClassUseApp.reflection:90 call describe() via reflection deny x" + TIMES,
        "listener ClassUseApp$Listener.<clinit>:0 subclass <class> deny x1",
        "registry ClassUseApp$SubRegistry.<clinit>:0 subclass <class> deny x1");
  }

  /** The report's sites, as a baseline: each kept where {@code keep} says, then changed by {@code edit}. */
  @SuppressWarnings("unchecked")
  private static Path baseline(Path report, Path file, Predicate<Map<String, Object>> keep,
      Consumer<Map<String, Object>> edit) throws Exception {
    Map<String, Object> json = Reports.read(report);
    List<Map<String, Object>> sites = (List<Map<String, Object>>) json.get("callSites");
    sites.removeIf(keep.negate());
    sites.forEach(edit);
    return Files.writeString(file, JSON.std.asString(json));
  }

  @Test
  void aBaselineToleratesTheUseItListsAndNotAnotherOnItsLineWhileAnEntryNamingNoMemberToleratesTheWholeLine()
      throws Exception {
    // 1. an observe run lists every use: the baseline, less the field read on the line of new LegacyRegistry().name
    Path observe = RulesFiles.write(dir, classRule("registry", "LegacyRegistry", "observe"),
        classRule("listener", "LegacyListener", "observe"));
    Path recorded = dir.resolve("recorded.json");
    ForkedJvm.Result first = ForkedJvm.withAgent("rules=" + observe + ",report=" + recorded).run(APP, "1");
    assertThat(first.exitCode).as(first.toString()).isZero();
    Predicate<Map<String, Object>> notTheFieldReadBesideNew = s -> !("construct".equals(s.get("method"))
        && "field-read".equals(s.get("use")));
    baseline(recorded, dir.resolve("uses.json"), notTheFieldReadBesideNew, s -> { });
    // 2. the same, as a file written before uses were told apart: no use, no member (both entries of the line)
    baseline(recorded, dir.resolve("sites.json"), s -> true, s -> {
      s.remove("use");
      s.remove("member");
    });
    Path byUse = dir.resolve("by-use.yaml");
    Files.writeString(byUse, "rules:\n" + classRule("registry", "LegacyRegistry", "deny") + "    baseline: uses.json\n"
        + classRule("listener", "LegacyListener", "deny") + "    baseline: uses.json\n");
    Path bySite = dir.resolve("by-site.yaml");
    Files.writeString(bySite, "rules:\n" + classRule("registry", "LegacyRegistry", "deny")
        + "    baseline: sites.json\n" + classRule("listener", "LegacyListener", "deny")
        + "    baseline: sites.json\n");
    Path report = dir.resolve("report.json");

    ForkedJvm.Result without = ForkedJvm.withoutAgent().run(APP, String.valueOf(TIMES));
    ForkedJvm.Result uses = ForkedJvm.withAgent("rules=" + byUse + ",report=" + report).run(APP, String.valueOf(TIMES));
    List<String> usesSites = sites(Reports.read(report));
    ForkedJvm.Result lines = ForkedJvm.withAgent("rules=" + bySite + ",report=" + report).run(APP,
        String.valueOf(TIMES));
    List<String> linesSites = sites(Reports.read(report));

    assertThat(uses.exitCode).as(uses.toString()).isZero();
    // the new on the line is tolerated (observe: a class rule has nothing to redirect to), the field read beside it is
    // not: it throws the denial, and only that use of the application
    Map<String, String> expected = new LinkedHashMap<>(without.values());
    expected.put("construct", "denied");
    assertThat(uses.values()).as(uses.toString()).isEqualTo(expected);
    assertThat(usesSites).as(uses.toString()).contains(
        "registry ClassUseApp.construct:55 new <init>() observe x" + TIMES,
        "registry ClassUseApp.construct:55 field-read name deny x" + TIMES)
        .filteredOn(l -> !l.contains(".construct:")).hasSize(19).allMatch(l -> l.contains(" observe x"));
    // an entry naming no member tolerates every use at its site, as baselines did before uses were told apart
    assertThat(lines.exitCode).as(lines.toString()).isZero();
    assertThat(lines.values()).as(lines.toString()).isEqualTo(without.values());
    assertThat(linesSites).hasSize(21).allMatch(l -> l.contains(" observe x"));
  }

  @Test
  void aScanOfTheSameClassesListsEverySiteTheAgentCountedAndTheTypeReferencesBeside() throws Exception {
    Path rules = RulesFiles.write(dir, classRule("registry", "LegacyRegistry", "observe"),
        classRule("listener", "LegacyListener", "observe"));
    Path report = dir.resolve("report.json");
    ForkedJvm.Result with = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).run(APP, "1");
    assertThat(with.exitCode).as(with.toString()).isZero();

    ScanResult scan = ArtifactScanner.builder().userRules(RulesFile.read(rules)).build()
        .scan(List.of(Path.of(ForkedJvm.testClasses())));

    List<String> scanned = new ArrayList<>();
    for (ScannedSite s : scan.sites()) {
      if (!s.className().startsWith(FIX)) {
        continue; // another fixture that uses the legacy classes (DefinedFromBytesIT's), which this run never loaded
      }
      scanned.add(s.rule() + " " + s.className() + "." + s.method() + ":" + s.line() + " " + s.use().id() + " "
          + s.member());
    }
    List<String> reported = new ArrayList<>();
    for (String rule : List.of("registry", "listener")) {
      for (Map<String, Object> s : Reports.sitesOf(Reports.read(report), rule)) {
        if (s.get("via") == null) { // a reflective call is found at run time only
          reported.add(rule + " " + s.get("class") + "." + s.get("method") + ":" + s.get("line") + " "
              + s.getOrDefault("use", "call") + " " + s.get("member"));
        }
      }
    }
    assertThat(reported).hasSize(20);
    assertThat(scanned).containsAll(reported);
    List<String> onlyScanned = new ArrayList<>(scanned);
    onlyScanned.removeAll(reported);
    assertThat(onlyScanned).allMatch(line -> line.contains(" type-reference <class>"), "only type references")
        .contains("registry " + FIX + "ClassUseApp.reflection:90 type-reference <class>");
  }
}
