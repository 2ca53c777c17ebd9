package dev.sunset.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.rules.RulesFile;
import dev.sunset.core.scan.ArtifactScanner;
import dev.sunset.core.scan.ScanResult;
import dev.sunset.core.scan.ScannedSite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A package rule, with the real agent jar in a forked JVM: every use of any class of the package that runs (calls, by
 * reflection and by method reference, also through a subclass; {@code new}, also as a constructor reference, of a class
 * and of a member class; field reads and writes; a subclass; a lookup by name) is a site of its own, naming its class
 * and member, counted exactly at the stage the rule sets; the package's classes use each other without sites, and a
 * class of a sub-package is not the package's (its own use of the package is a site). The rule resolves from the first
 * class of the package met, without listing the package.
 */
class PackageRuleIT {
  private static final String APP = "dev.sunset.agent.it.fixtures.pkg.PackageUseApp";
  private static final String FIX = "dev.sunset.agent.it.fixtures.pkg.";
  private static final String PACKAGE = FIX + "legacy.*";
  private static final int TIMES = 3;

  @TempDir
  Path dir;

  private static String packageRule(String stage, String... allow) {
    StringBuilder yaml = new StringBuilder("  - id: legacy-pkg\n    legacy: " + PACKAGE + "\n    stage: " + stage
        + "\n    message: retire the package\n");
    if (allow.length > 0) {
      yaml.append("    allow:\n");
      for (String a : allow) {
        yaml.append("      - \"").append(a).append("\"\n");
      }
    }
    return yaml.toString();
  }

  /** Each site of the report as one line: class.method:line, use, member, via, stage and count. */
  private static List<String> sites(Map<String, Object> report) {
    List<String> lines = new ArrayList<>();
    for (Map<String, Object> s : Reports.sitesOf(report, "legacy-pkg")) {
      String cls = String.valueOf(s.get("class"));
      lines.add(cls.substring(cls.lastIndexOf('.') + 1) + "." + s.get("method") + ":" + s.get("line") + " "
          + s.getOrDefault("use", "call") + " " + s.get("member") + (s.get("via") == null ? "" : " via " + s.get("via"))
          + " " + s.get("stage") + " x" + s.get("count"));
    }
    return lines;
  }

  @Test
  void atObserveEveryUseOfAClassOfThePackageIsASiteCountedExactlyAndTheApplicationRunsAsWithoutTheAgent()
      throws Exception {
    Path rules = RulesFiles.write(dir, packageRule("observe"));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result without = ForkedJvm.withoutAgent().run(APP, String.valueOf(TIMES));
    ForkedJvm.Result with = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).run(APP, String.valueOf(TIMES));

    assertThat(without.exitCode).as(without.toString()).isZero();
    assertThat(with.exitCode).as(with.toString()).isZero();
    assertThat(with.values()).as(with.toString()).isEqualTo(without.values()).doesNotContainValue("denied")
        .hasSize(15);
    String x = " observe x" + TIMES;
    assertThat(sites(Reports.read(report))).as(with.toString()).containsExactlyInAnyOrder(
        "PackageUseApp.main:32 call Registry.open(java.lang.String) observe x1",
        "PackageUseApp.construct:78 new Registry.<init>()" + x,
        "PackageUseApp.construct:78 field-read Registry.name" + x,
        "PackageUseApp.callStatic:82 call Registry.open(java.lang.String)" + x,
        "PackageUseApp.callStatic:82 call Registry.describe()" + x,
        "PackageUseApp.callInstance:86 call Registry.describe()" + x,
        "PackageUseApp.readField:90 field-read Registry.name" + x,
        "PackageUseApp.writeField:94 field-write Registry.name" + x,
        "PackageUseApp.readStatic:99 field-read Registry.opened" + x,
        "PackageUseApp.writeStatic:103 field-read Registry.opened" + x,
        "PackageUseApp.writeStatic:103 field-write Registry.opened" + x,
        "PackageUseApp.lookup:108 class-lookup Gadget.<class>" + x,
        "PackageUseApp.reflection:113 call Registry.describe() via reflection" + x,
        "PackageUseApp.reference:120 call Registry.open(java.lang.String)" + x,
        "PackageUseApp.reference:121 field-read Registry.name" + x,
        "PackageUseApp.subclass:125 field-read Registry.name" + x,
        "PackageUseApp$SubRegistry.<clinit>:0 subclass Registry.<class> observe x1",
        "PackageUseApp.gadget:129 new Gadget.<init>()" + x,
        "PackageUseApp.gadget:129 call Gadget.label()" + x,
        "PackageUseApp.part:133 new Gadget$Part.<init>()" + x,
        "PackageUseApp.part:133 field-read Gadget$Part.weight" + x,
        "PackageUseApp.constructorReference:137 new Gadget.<init>()" + x,
        "PackageUseApp.constructorReference:138 field-read Gadget.size" + x,
        "Helper.call:10 call Registry.open(java.lang.String)" + x,
        "Helper.call:10 field-read Registry.name" + x);
    Map<String, Object> rule = Reports.rule(Reports.read(report), "legacy-pkg");
    assertThat(rule).containsEntry("legacy", PACKAGE).containsEntry("resolution", "resolved");
    // the subclass's field read names the class it reads through
    assertThat(Reports.site(Reports.read(report), "legacy-pkg", "subclass"))
        .containsEntry("calledThrough", FIX + "PackageUseApp$SubRegistry");
  }

  @Test
  void atWarnEachUseSaysOnceWhichClassAndMemberItUsesAndTheApplicationRunsAsWithoutTheAgent() throws Exception {
    Path rules = RulesFiles.write(dir, packageRule("warn"));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result without = ForkedJvm.withoutAgent().run(APP, String.valueOf(TIMES));
    ForkedJvm.Result with = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).run(APP, String.valueOf(TIMES));

    assertThat(with.exitCode).as(with.toString()).isZero();
    assertThat(with.values()).as(with.toString()).isEqualTo(without.values());
    List<String> warnings = with.agentLines().stream().filter(l -> l.startsWith("WARN legacy")).toList();
    assertThat(warnings).as(with.toString()).hasSize(25).doesNotHaveDuplicates()
        .allMatch(l -> l.endsWith("[rule legacy-pkg] - retire the package"))
        .contains("WARN legacy use " + PACKAGE + " (new Gadget$Part.<init>()) from " + FIX
            + "PackageUseApp.part(PackageUseApp.java:133) in file:" + ForkedJvm.testClasses()
            + "/ [rule legacy-pkg] - retire the package")
        .anyMatch(l -> l.startsWith("WARN legacy call " + PACKAGE + " (call Registry.describe()) from " + FIX
            + "PackageUseApp.reflection(PackageUseApp.java:113)") && l.contains("(via reflection)"))
        .anyMatch(l -> l.startsWith("WARN legacy use " + PACKAGE + " (subclass Registry.<class>) from " + FIX
            + "PackageUseApp$SubRegistry.<clinit>(PackageUseApp.java)"));
    assertThat(sites(Reports.read(report))).hasSize(25).allMatch(s -> s.contains(" warn x"));
  }

  @Test
  void atDenyEveryUseThrowsTheDenialNamingItsSiteExceptWhereTheAllowListKeepsIt() throws Exception {
    Path rules = RulesFiles.write(dir, packageRule("deny", FIX + "PackageUseApp#main"));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result with = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).run(APP, String.valueOf(TIMES));

    assertThat(with.exitCode).as(with.toString()).isZero();
    assertThat(with.values()).as(with.toString()).hasSize(15).allSatisfy((use, value) ->
        assertThat(value).as(use).isEqualTo("denied"));
    List<String> sites = sites(Reports.read(report));
    // the allowed site ran, at observe (a package rule has nothing to redirect to)
    assertThat(sites).contains("PackageUseApp.main:32 call Registry.open(java.lang.String) observe x1");
    // each denied use is counted where it was tried; a use after a denied one on its line never ran
    assertThat(sites).contains(
        "PackageUseApp.construct:78 new Registry.<init>() deny x" + TIMES,
        "PackageUseApp.construct:78 field-read Registry.name deny x0",
        "PackageUseApp.callInstance:86 call Registry.describe() deny x" + TIMES,
        "PackageUseApp.writeField:94 field-write Registry.name deny x" + TIMES,
        "PackageUseApp.lookup:108 class-lookup Gadget.<class> deny x" + TIMES,
        "PackageUseApp.reflection:113 call Registry.describe() via reflection deny x" + TIMES,
        "PackageUseApp.part:133 new Gadget$Part.<init>() deny x" + TIMES,
        "PackageUseApp.constructorReference:137 new Gadget.<init>() deny x" + TIMES,
        "PackageUseApp$SubRegistry.<clinit>:0 subclass Registry.<class> deny x1",
        "Helper.call:10 call Registry.open(java.lang.String) deny x" + TIMES);
    assertThat(with.stderr).contains("denial gadget: legacy call denied by rule legacy-pkg: " + FIX
        + "PackageUseApp.gadget(PackageUseApp.java:129) used " + PACKAGE + " (new Gadget.<init>()) (retire the package)",
        "denial subPackage: legacy call denied by rule legacy-pkg: dev.sunset.agent.it.fixtures.pkg.legacy.sub.Helper"
            + ".call(Helper.java:10) called " + PACKAGE + " (call Registry.open(java.lang.String))");
  }

  @Test
  void aCallThroughAnApplicationsSubclassFromAClassNamingNothingOfThePackageIsCountedByTheGuard() throws Exception {
    Path rules = RulesFiles.write(dir, packageRule("observe"));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result with = ForkedJvm.withAgent("rules=" + rules + ",report=" + report)
        .run(FIX + "InheritedCallApp", String.valueOf(TIMES));

    assertThat(with.exitCode).as(with.toString()).isZero();
    assertThat(with.values()).containsEntry("described", "registry sub with gadget 2 of 1");
    assertThat(sites(Reports.read(report))).as(with.toString()).containsExactlyInAnyOrder(
        "InheritedCallApp.describe:22 call Registry.describe() via unrewritten observe x" + TIMES,
        "PackageUseApp$SubRegistry.<clinit>:0 subclass Registry.<class> observe x1");
  }

  @Test
  void aScanOfTheSameClassesListsEverySiteTheAgentCountedAndTheTypeReferencesBeside() throws Exception {
    Path rules = RulesFiles.write(dir, packageRule("observe"));
    Path report = dir.resolve("report.json");
    ForkedJvm.Result with = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).run(APP, "1");
    assertThat(with.exitCode).as(with.toString()).isZero();

    ScanResult scan = ArtifactScanner.builder().userRules(RulesFile.read(rules)).build()
        .scan(List.of(Path.of(ForkedJvm.testClasses())));

    List<String> scanned = new ArrayList<>();
    for (ScannedSite s : scan.sites()) {
      if (s.rule().equals("legacy-pkg")) {
        scanned.add(s.className() + "." + s.method() + ":" + s.line() + " " + s.use().id() + " " + s.member());
      }
    }
    List<String> reported = new ArrayList<>();
    for (Map<String, Object> s : Reports.sitesOf(Reports.read(report), "legacy-pkg")) {
      if (s.get("via") == null) { // a reflective call is found at run time only
        reported.add(s.get("class") + "." + s.get("method") + ":" + s.get("line") + " "
            + s.getOrDefault("use", "call") + " " + s.get("member"));
      }
    }
    assertThat(reported).hasSize(24);
    assertThat(scanned).containsAll(reported);
    List<String> onlyScanned = new ArrayList<>(scanned);
    onlyScanned.removeAll(reported);
    assertThat(onlyScanned).isNotEmpty().allMatch(line -> line.startsWith(FIX + "PackageUseApp")
        && line.matches(".* type-reference (Registry|Gadget)\\.<class>"), "only type references to the package's classes")
        .contains(FIX + "PackageUseApp.reflection:113 type-reference Registry.<class>", // Registry.class
            FIX + "PackageUseApp.callInstance:0 type-reference Registry.<class>", // a parameter
            FIX + "PackageUseApp.constructorReference:138 type-reference Gadget.<class>"); // the cast of get()
  }
}
