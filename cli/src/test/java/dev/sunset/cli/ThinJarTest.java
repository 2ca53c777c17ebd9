package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thin application jar whose legacy library is a jar of its own, as most builds make them: the rule resolves only
 * against that library, so a scan, the gate and a verdict that did not see it would see no call site at all. The
 * library is given with {@code --class-path} or found through the jar's manifest {@code Class-Path}; without it, the
 * rule is named on standard error and {@code check} refuses to pass.
 */
class ThinJarTest {
  private static final String LEGACY = "package com.acme.lib;\n"
      + "public class Legacy {\n"
      + "  public static String create(String name) { return \"legacy \" + name; }\n"
      + "}\n";
  private static final String MAIN = "package com.acme.app;\n"
      + "public class Main {\n"
      + "  public static void main(String[] args) {\n"
      + "    System.out.println(com.acme.lib.Legacy.create(\"main\"));\n"
      + "  }\n"
      + "}\n";
  private static final String NEW_CALLER = "package com.acme.app;\n"
      + "public class NewCaller {\n"
      + "  public static String run() {\n"
      + "    return com.acme.lib.Legacy.create(\"new\");\n"
      + "  }\n"
      + "}\n";
  private static final String RULES = "rules:\n"
      + "  - id: legacy-create\n"
      + "    legacy: com.acme.lib.Legacy#create(java.lang.String)\n";
  private static final String NEW_SITE = "NewCaller.java:" + ThinJars.lineOf(NEW_CALLER, "Legacy.create")
      + " com.acme.app.NewCaller.run legacy-create";

  @TempDir
  Path dir;

  private Path lib;
  private Path rules;
  private Path baseline;
  private Path app;

  /** The library, the application before and after a new caller, and a baseline of the application before. */
  @BeforeEach
  void buildTheJars() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    lib = ThinJars.jar(work, dir.resolve("dist/lib/legacy.jar"), Map.of("com/acme/lib/Legacy.java", LEGACY), List.of(),
        null);
    Path before = ThinJars.jar(work, dir.resolve("before/app.jar"), Map.of("com/acme/app/Main.java", MAIN), List.of(lib),
        null);
    app = ThinJars.jar(work, dir.resolve("app.jar"), Map.of("com/acme/app/Main.java", MAIN,
        "com/acme/app/NewCaller.java", NEW_CALLER), List.of(lib), null);
    rules = Files.writeString(dir.resolve("rules.yaml"), RULES);
    baseline = dir.resolve("baseline.json");
    // the library scanned beside the application (it calls nothing legacy itself): a baseline of Main's one site
    CliRun scan = CliRun.of("scan", "--rules", rules.toString(), "--format", "json", "-o", baseline.toString(),
        before.toString(), lib.toString());
    assertThat(scan.exitCode()).as("%s", scan).isZero();
    assertThat(sites(baseline)).as("the baseline holds Main's call").hasSize(1);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> sites(Path scan) throws IOException {
    return (List<Map<String, Object>>) JSON.std.mapFrom(Files.readString(scan)).get("callSites");
  }

  private String unresolvedLine() {
    return rules + ":2: rule 'legacy-create': legacy com.acme.lib.Legacy#create(java.lang.String) resolved nowhere: "
        + "no jar or folder scanned or read to resolve against holds com.acme.lib.Legacy; give the library's jar "
        + "with --class-path, or scan it";
  }

  @Test
  void withoutItsLibraryCheckNamesTheUnresolvedRuleAndExitsTwo() {
    CliRun run = CliRun.of("check", "--rules", rules.toString(), "--baseline", baseline.toString(), app.toString());

    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.errLines()).as("%s", run).containsExactly("sunset check: " + unresolvedLine()
        + " (--allow-unresolved checks the other rules anyway)");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void withAllowUnresolvedCheckGoesOnAsBeforeAndStillNamesTheRule() {
    CliRun run = CliRun.of("check", "--allow-unresolved", "--rules", rules.toString(), "--baseline",
        baseline.toString(), app.toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.errLines()).as("%s", run).contains("warning: " + unresolvedLine())
        .anyMatch(l -> l.startsWith("no new call sites: all 0 are in "));
  }

  @Test
  void withItsLibraryOnTheClassPathCheckFindsTheNewCallerAndExitsOne() {
    CliRun run = CliRun.of("check", "--rules", rules.toString(), "--baseline", baseline.toString(), "--class-path",
        lib.toString(), app.toString());

    assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
    assertThat(run.outLines()).containsExactly(NEW_SITE);
    assertThat(run.err()).doesNotContain("resolved nowhere");
  }

  @Test
  void aManifestClassPathNamingItsLibraryIsFollowedAsTheJvmFollowsIt() throws Exception {
    Path withManifest = ThinJars.jar(dir.resolve("work"), dir.resolve("dist/app.jar"), Map.of(
        "com/acme/app/Main.java", MAIN, "com/acme/app/NewCaller.java", NEW_CALLER), List.of(lib), "lib/legacy.jar");

    CliRun run = CliRun.of("check", "--rules", rules.toString(), "--baseline", baseline.toString(),
        withManifest.toString());

    assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
    assertThat(run.outLines()).containsExactly(NEW_SITE);
  }

  @Test
  void aManifestClassPathEntryThatIsNotThereIsNamedBesideTheUnresolvedRule() throws Exception {
    Path elsewhere = ThinJars.jar(dir.resolve("work"), dir.resolve("elsewhere/app.jar"), Map.of(
        "com/acme/app/Main.java", MAIN, "com/acme/app/NewCaller.java", NEW_CALLER), List.of(lib), "lib/legacy.jar");

    CliRun run = CliRun.of("check", "--rules", rules.toString(), "--baseline", baseline.toString(),
        elsewhere.toString());

    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.errLines()).as("%s", run).containsExactly(
        "sunset check: " + unresolvedLine() + " (--allow-unresolved checks the other rules anyway)",
        "sunset check: " + dir.resolve("elsewhere/lib/legacy.jar") + ": not there, though the manifest of " + elsewhere
            + " names it in Class-Path");
  }

  @Test
  void scanAndVerdictNameTheUnresolvedRuleOnStandardError() throws Exception {
    Path report = Files.writeString(dir.resolve("report.json"), "{\"format\": \"sunset-report/1\", \"generatedAt\":"
        + " \"2026-11-20T10:00:00Z\", \"rules\": [], \"callSites\": []}");
    Path scanFile = dir.resolve("scan.json");

    CliRun scan = CliRun.of("scan", "--rules", rules.toString(), "--format", "json", "-o", scanFile.toString(),
        app.toString());
    CliRun verdict = CliRun.of("verdict", "--rules", rules.toString(), "--scan", app.toString(), "--report",
        report.toString());
    CliRun fromScanFile = CliRun.of("verdict", "--scan", scanFile.toString(), "--report", report.toString());
    CliRun resolved = CliRun.of("verdict", "--rules", rules.toString(), "--scan", app.toString(), "--class-path",
        lib.toString(), "--report", report.toString());

    assertThat(scan.exitCode()).as("%s", scan).isZero();
    assertThat(scan.errLines()).as("%s", scan).contains("warning: " + unresolvedLine());
    assertThat(verdict.exitCode()).as("%s", verdict).isZero();
    assertThat(verdict.errLines()).as("%s", verdict).contains("warning: " + unresolvedLine());
    assertThat(fromScanFile.errLines()).as("%s", fromScanFile).contains("warning: " + scanFile
        + ": rule 'legacy-create': legacy com.acme.lib.Legacy#create(java.lang.String) is unresolved in this scan, so it"
        + " has no call site there whatever the code calls; give the library's jar with --class-path, or scan it");
    // unresolved, the verdict cannot say the rule is done, whatever the reports hold
    assertThat(verdict.out()).startsWith("legacy-create  unknown").contains("unknown because no scanned artifact holds "
        + "its legacy class com.acme.lib.Legacy").doesNotContain("can be deleted");
    // with the library the rule is not done: two sites remain, never called
    assertThat(resolved.exitCode()).as("%s", resolved).isZero();
    assertThat(resolved.err()).doesNotContain("resolved nowhere");
    assertThat(resolved.out()).contains("2 call sites left").doesNotContain("can be deleted");
  }

  @Test
  void theScanSummaryCountsTheClassesOfAJarWhereNoRuleResolvedThoughItReadsNone() {
    CliRun scan = CliRun.of("scan", "--rules", rules.toString(), app.toString());

    assertThat(scan.exitCode()).as("%s", scan).isZero();
    assertThat(scan.errLines()).as("%s", scan).anySatisfy(l -> assertThat(l)
        .startsWith("scanned 1 jar or folder (1 scope), 2 classes, 0 parsed, in ").endsWith(": 0 call sites of 1 rule"));
  }

  @Test
  void aClassPathEntryThatIsNotThereIsBadInputNamingTheOption() {
    Path missing = dir.resolve("missing.jar");

    CliRun run = CliRun.of("scan", "--rules", rules.toString(), "--class-path", lib + java.io.File.pathSeparator
        + missing, app.toString());

    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.errLines()).containsExactly("sunset scan: --class-path " + missing + ": does not exist");
  }

  @Test
  void aRuleRefusedByTheClassesItNamesFailsCheckAndHidesNoneOfTheOtherRulesSites() throws Exception {
    Path withTypo = Files.writeString(dir.resolve("typo.yaml"), RULES + "  - id: app-typo\n"
        + "    legacy: com.acme.app.Main#mian(java.lang.String[])\n");

    CliRun check = CliRun.of("check", "--rules", withTypo.toString(), "--baseline", baseline.toString(),
        "--class-path", lib.toString(), app.toString());
    CliRun allowed = CliRun.of("check", "--allow-unresolved", "--rules", withTypo.toString(), "--baseline",
        baseline.toString(), "--class-path", lib.toString(), app.toString());

    assertThat(check.exitCode()).as("%s", check).isEqualTo(2);
    assertThat(check.errLines()).as("%s", check).containsExactly("sunset check: " + withTypo + ":4: rule 'app-typo': "
        + "legacy com.acme.app.Main#mian(java.lang.String[]) resolved nowhere: refused in class path: legacy method "
        + "mian(java.lang.String[]) does not exist in com.acme.app.Main; correct the rule to fit the class, or scan "
        + "the library version it was written for (--allow-unresolved checks the other rules anyway)");
    // the rule naming Main takes none of Main's or NewCaller's sites away
    assertThat(allowed.exitCode()).as("%s", allowed).isEqualTo(1);
    assertThat(allowed.outLines()).containsExactly(NEW_SITE);
  }
}
