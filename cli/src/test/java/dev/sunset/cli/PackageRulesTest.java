package dev.sunset.cli;

import static dev.sunset.cli.ClassRulesTest.errors;
import static dev.sunset.cli.ClassRulesTest.list;
import static dev.sunset.cli.ClassRulesTest.uses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules that name whole packages, on jars compiled here and an application run under the real agent: a package whose
 * two classes the application uses (and a class of its sub-package, not covered), a package the application only
 * names in types, and a package nothing uses. {@code scan}, {@code check}, {@code verdict}, their SARIF and {@code
 * report --html} must each name the class and member of each site, and delete only the package nothing names.
 */
class PackageRulesTest {
  private static final String REGISTRY = "package com.acme.legacy;\n"
      + "public class Registry {\n"
      + "  public static int created;\n"
      + "  public String name = \"r\";\n"
      + "  public Registry() { created++; }\n"
      + "  public String describe() { return \"registry \" + name + new Widget().size; }\n"
      + "}\n";
  private static final String WIDGET = "package com.acme.legacy;\n"
      + "public class Widget {\n"
      + "  public int size = 1;\n"
      + "}\n";
  private static final String DEEP = "package com.acme.legacy.sub;\n"
      + "public class Deep {\n"
      + "  public static int call() { return new com.acme.legacy.Widget().size; }\n"
      + "}\n";
  private static final String TYPED = "package com.acme.typed;\n"
      + "public interface Marker {}\n";
  private static final String GONE = "package com.acme.gone;\n"
      + "public class Gone {\n"
      + "  public static void noop() {}\n"
      + "}\n";
  private static final String MAIN = "package com.acme.app;\n"
      + "import com.acme.legacy.Registry;\n"
      + "import com.acme.legacy.Widget;\n"
      + "public class Main {\n"
      + "  public static void main(String[] args) {\n"
      + "    Registry r = new Registry();\n"
      + "    System.out.println(r.describe() + new Widget().size);\n"
      + "    System.out.println(r.name + Registry.created);\n"
      + "    System.out.println(com.acme.legacy.sub.Deep.call() + String.valueOf((Object) args instanceof com.acme.typed.Marker));\n"
      + "  }\n"
      + "}\n";
  private static final String RULES = "rules:\n"
      + "  - id: legacy\n"
      + "    legacy: com.acme.legacy.*\n"
      + "  - id: typed\n"
      + "    legacy: com.acme.typed.*\n"
      + "    stage: warn\n"
      + "  - id: gone\n"
      + "    legacy: com.acme.gone.*\n";
  private static final int NEW_LINE = ThinJars.lineOf(MAIN, "new Registry()");
  private static final int DESCRIBE_LINE = ThinJars.lineOf(MAIN, "r.describe()");
  private static final int TWO_READS = ThinJars.lineOf(MAIN, "r.name + Registry.created");
  private static final int TYPE_LINE = ThinJars.lineOf(MAIN, "instanceof");

  @TempDir
  static Path dir;

  private static Path lib;
  private static Path app;
  private static Path rules;
  private static Path report;
  private static Path scan;

  @BeforeAll
  static void compileTheJarsScanThemAndRunTheApplicationUnderTheAgent() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    lib = ThinJars.jar(work, dir.resolve("legacy.jar"), Map.of("com/acme/legacy/Registry.java", REGISTRY,
        "com/acme/legacy/Widget.java", WIDGET, "com/acme/legacy/sub/Deep.java", DEEP,
        "com/acme/typed/Marker.java", TYPED, "com/acme/gone/Gone.java", GONE), List.of(), null);
    app = ThinJars.jar(work, dir.resolve("app.jar"), Map.of("com/acme/app/Main.java", MAIN), List.of(lib), null);
    rules = Files.writeString(dir.resolve("rules.yaml"), RULES);
    scan = dir.resolve("scan.json");
    CliRun scanned = CliRun.of("scan", "--rules", rules.toString(), "--format", "json", "-o", scan.toString(),
        app.toString(), lib.toString());
    assertThat(scanned.exitCode()).as("%s", scanned).isZero();

    report = ClassRulesTest.runUnderTheAgent(dir, rules, app, lib);
  }

  private static String[] verdictArgs(String... more) {
    List<String> args = new ArrayList<>(List.of("verdict", "--rules", rules.toString(), "--scan", app.toString(),
        lib.toString(), "--report", report.toString(), "--min-days", "0", "--min-jvms", "1"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void theScanListsEveryUseOfThePackagesClassesNamingTheClassAndTheAgentCountsAllButTypeReferences() throws Exception {
    List<String> expected = List.of(
        "legacy new Registry.<init>() com.acme.app.Main.main:" + NEW_LINE,
        "legacy call Registry.describe() com.acme.app.Main.main:" + DESCRIBE_LINE,
        "legacy new Widget.<init>() com.acme.app.Main.main:" + DESCRIBE_LINE,
        "legacy field-read Widget.size com.acme.app.Main.main:" + DESCRIBE_LINE,
        "legacy field-read Registry.name com.acme.app.Main.main:" + TWO_READS,
        "legacy field-read Registry.created com.acme.app.Main.main:" + TWO_READS,
        "legacy new Widget.<init>() com.acme.legacy.sub.Deep.call:3",
        "legacy field-read Widget.size com.acme.legacy.sub.Deep.call:3");

    assertThat(uses(scan)).containsExactlyInAnyOrderElementsOf(concat(expected,
        "typed type-reference Marker.<class> com.acme.app.Main.main:" + TYPE_LINE));
    assertThat(uses(report)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(list(report, "rules")).filteredOn(r -> r.get("id").equals("legacy"))
        .extracting(r -> r.get("resolution")).containsExactly("resolved");
    assertThat(errors("sunset-scan-1.schema.json", scan)).isEmpty();
    assertThat(errors("sunset-report-1.schema.json", report)).isEmpty();
  }

  private static List<String> concat(List<String> list, String more) {
    List<String> all = new ArrayList<>(list);
    all.add(more);
    return all;
  }

  @Test
  void checkTakesAUseOfAnotherClassOfThePackageForANewSite() throws Exception {
    Map<String, Object> json = JSON.std.mapFrom(Files.readString(scan));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> sites = (List<Map<String, Object>>) json.get("callSites");
    assertThat(sites.removeIf(s -> "Registry.created".equals(s.get("member")))).isTrue();
    Path baseline = Files.writeString(dir.resolve("without-created.json"), JSON.std.asString(json));

    CliRun run = CliRun.of("check", "--rules", rules.toString(), "--baseline", baseline.toString(), app.toString(),
        lib.toString());
    CliRun againstTheScan = CliRun.of("check", "--rules", rules.toString(), "--baseline", scan.toString(),
        app.toString(), lib.toString());

    assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
    assertThat(run.outLines()).containsExactly("Main.java:" + TWO_READS
        + " com.acme.app.Main.main legacy (field-read Registry.created)");
    assertThat(againstTheScan.exitCode()).as("%s", againstTheScan).isZero();
  }

  @Test
  void theVerdictDeletesOnlyThePackageNothingNamesAndListsTheUsesPerClass() throws Exception {
    Path out = dir.resolve("verdict.json");
    CliRun json = CliRun.of(verdictArgs("--format", "json", "-o", out.toString()));
    CliRun table = CliRun.of(verdictArgs());

    assertThat(json.exitCode()).as("%s", json).isZero();
    Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
    for (Map<String, Object> r : list(out, "rules")) {
      byId.put((String) r.get("id"), r);
    }
    assertThat(byId.get("gone")).containsEntry("verdict", "migrated").containsEntry("classRule", true);
    assertThat(byId.get("typed")).containsEntry("verdict", "unknown");
    assertThat(byId.get("legacy")).containsEntry("verdict", "in-use").containsEntry("calls", 8);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> legacyUses = (List<Map<String, Object>>) byId.get("legacy").get("uses");
    assertThat(legacyUses).extracting(u -> u.get("member"), u -> u.get("use"), u -> u.get("sites"), u -> u.get("calls"))
        .containsExactly(tuple("Registry.describe()", "call", 1, 1), tuple("Registry.<init>()", "new", 1, 1),
            tuple("Registry.created", "field-read", 1, 1), tuple("Registry.name", "field-read", 1, 1),
            tuple("Widget.<init>()", "new", 2, 2), tuple("Widget.size", "field-read", 2, 2));
    assertThat(errors("sunset-verdict-1.schema.json", out)).isEmpty();

    assertThat(table.exitCode()).as("%s", table).isZero();
    assertThat(table.out()).contains(
        "gone  migrated  no use of any class of the package left and none seen in 1 JVM over 0.0 days: delete the"
            + " package",
        "typed  unknown  no use seen in 1 JVM over 0.0 days, but that does not show nothing uses the package (1 use"
            + " left)",
        "   unknown because 1 type reference to com.acme.typed.* left",
        "   uses: Registry: call describe() 1 site (1 counted), new <init>() 1 site (1 counted), field-read created 1"
            + " site (1 counted), field-read name 1 site (1 counted); Widget: new <init>() 2 sites (2 counted),"
            + " field-read size 2 sites (2 counted)\n");
  }

  @Test
  void sarifDescribesAPackageRuleAndNamesEachUsesClassAndMember() throws Exception {
    CliRun run = CliRun.of("scan", "--rules", rules.toString(), "--format", "sarif", app.toString(), lib.toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    JsonNode sarif = SarifOutputTest.validSarif(run.out());
    List<String> messages = new ArrayList<>();
    sarif.get("results").forEach(r -> messages.add(r.get("message").get("text").asText()));
    assertThat(messages).contains("com.acme.app.Main.main uses com.acme.legacy.* (field-read Registry.created) (rule"
        + " legacy, at observe).");
    List<String> descriptions = new ArrayList<>();
    sarif.get("tool").get("driver").get("rules").forEach(r -> descriptions.add(r.get("id").asText() + ": "
        + r.get("shortDescription").get("text").asText()));
    assertThat(descriptions).contains("legacy: Use of a class of legacy package com.acme.legacy.*");
  }

  @Test
  void thePageSaysDeleteThePackageAndListsTheMembersPerClass() throws Exception {
    Path page = dir.resolve("page.html");

    CliRun run = CliRun.of("report", "--html", page.toString(), "--min-days", "0", "--min-jvms", "1",
        report.toString(), scan.toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    Document doc = Jsoup.parse(Files.readString(page));
    Element legacy = doc.selectFirst("section.rule[data-rule=legacy]");
    assertThat(legacy).isNotNull();
    assertThat(legacy.select("dl.facts dt").eachText()).contains("Legacy package");
    assertThat(legacy.select("table.members tr.member")).extracting(m -> m.attr("data-member"), m -> m.attr("data-use"))
        .containsExactly(tuple("Registry.describe()", "call"), tuple("Registry.<init>()", "new"),
            tuple("Registry.created", "field-read"), tuple("Registry.name", "field-read"),
            tuple("Widget.<init>()", "new"), tuple("Widget.size", "field-read"));
    Element gone = doc.selectFirst("section.rule[data-rule=gone]");
    assertThat(gone.selectFirst(".verdict").text()).isEqualTo("migrated: delete the package");
    assertThat(gone.select("p.empty").eachText()).contains("No use of the package left.");
  }
}
