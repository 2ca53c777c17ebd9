package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.jr.ob.JSON;
import com.networknt.schema.ValidationMessage;
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
 * Rules that name whole classes, on jars compiled here and an application run under the real agent: a class the
 * application still uses in every way (new, calls, field reads and writes, a subclass, a lookup by name), a class it
 * only names in types (an {@code instanceof} that runs, a parameter), and a class nothing uses. {@code scan},
 * {@code check}, {@code verdict}, their SARIF and {@code report --html} must each say how each site uses the class,
 * which member, and delete only the class nothing names.
 */
class ClassRulesTest {
  private static final String REGISTRY = "package com.acme.legacy;\n"
      + "public class Registry {\n"
      + "  public static int created;\n"
      + "  public String name = \"r\";\n"
      + "  public Registry() { created++; }\n"
      + "  public Registry(String name) { this.name = name; }\n"
      + "  public String describe() { return \"registry \" + name; }\n"
      + "}\n";
  private static final String HOOK = "package com.acme.legacy;\n"
      + "public class Hook {\n"
      + "  public void run() {}\n"
      + "}\n";
  private static final String GONE = "package com.acme.legacy;\n"
      + "public class Gone {\n"
      + "  public static void noop() {}\n"
      + "}\n";
  private static final String MAIN = "package com.acme.app;\n"
      + "import com.acme.legacy.Registry;\n"
      + "public class Main {\n"
      + "  public static void main(String[] args) throws Exception {\n"
      + "    Registry r = new Registry(\"main\");\n"
      + "    System.out.println(r.describe());\n"
      + "    r.name = \"renamed\";\n"
      + "    System.out.println(r.name + Registry.created);\n"
      + "    System.out.println(new Child().describe());\n"
      + "    Class<?> c = Class.forName(\"com.acme.legacy.Registry\");\n"
      + "    System.out.println(c.getSimpleName() + Hooks.isHook(args));\n"
      + "  }\n"
      + "}\n";
  private static final String CHILD = "package com.acme.app;\n"
      + "class Child extends com.acme.legacy.Registry {\n"
      + "  Child() { super(\"child\"); }\n"
      + "}\n";
  private static final String HOOKS = "package com.acme.app;\n"
      + "import com.acme.legacy.Hook;\n"
      + "class Hooks {\n"
      + "  static boolean isHook(Object o) { return o instanceof Hook; }\n"
      + "  static Hook same(Hook h) { return h; }\n"
      + "}\n";
  private static final String UNUSED = "package com.acme.app;\n"
      + "class Unused {\n"
      + "  static Object make() { return new com.acme.legacy.Registry(); }\n"
      + "}\n";
  private static final String RULES = "rules:\n"
      + "  - id: registry\n"
      + "    legacy: com.acme.legacy.Registry\n"
      + "  - id: hook\n"
      + "    legacy: com.acme.legacy.Hook\n"
      + "    stage: warn\n"
      + "  - id: gone\n"
      + "    legacy: com.acme.legacy.Gone\n";
  private static final int TWO_READS = ThinJars.lineOf(MAIN, "r.name + Registry.created");

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
        "com/acme/legacy/Hook.java", HOOK, "com/acme/legacy/Gone.java", GONE), List.of(), null);
    app = ThinJars.jar(work, dir.resolve("app.jar"), Map.of("com/acme/app/Main.java", MAIN,
        "com/acme/app/Child.java", CHILD, "com/acme/app/Hooks.java", HOOKS, "com/acme/app/Unused.java", UNUSED),
        List.of(lib), null);
    rules = Files.writeString(dir.resolve("rules.yaml"), RULES);
    scan = dir.resolve("scan.json");
    CliRun scanned = CliRun.of("scan", "--rules", rules.toString(), "--format", "json", "-o", scan.toString(),
        app.toString(), lib.toString());
    assertThat(scanned.exitCode()).as("%s", scanned).isZero();

    report = runUnderTheAgent(dir, rules, app, lib);
  }

  /** Runs {@code com.acme.app.Main} of {@code app} beside {@code lib} under the real agent; its report. */
  static Path runUnderTheAgent(Path dir, Path rules, Path app, Path lib) throws Exception {
    Path report = dir.resolve("report.json");
    UnderTheAgent.run("rules=" + rules + ",report=" + report + ",summary=false", List.of(app, lib),
        "com.acme.app.Main");
    return report;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Path json, String key) throws Exception {
    return (List<Map<String, Object>>) JSON.std.mapFrom(Files.readString(json)).get(key);
  }

  /** {@code rule use member class.method:line} of each site a scan or report lists. */
  static List<String> uses(Path json) throws Exception {
    List<String> uses = new ArrayList<>();
    for (Map<String, Object> s : list(json, "callSites")) {
      uses.add(s.get("rule") + " " + s.getOrDefault("use", "call") + " " + s.get("member") + " " + s.get("class")
          + "." + s.get("method") + ":" + s.get("line"));
    }
    return uses;
  }

  private static Map<String, Map<String, Object>> verdictJson(String... more) throws Exception {
    Path out = Files.createTempFile(dir, "verdict", ".json");
    List<String> args = new ArrayList<>(List.of("verdict", "--rules", rules.toString(), "--scan", app.toString(),
        lib.toString(), "--report", report.toString(), "--format", "json", "-o", out.toString()));
    args.addAll(List.of(more));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.exitCode()).as("%s", run).isZero();
    Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
    for (Map<String, Object> r : list(out, "rules")) {
      byId.put((String) r.get("id"), r);
    }
    return byId;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> field(Map<String, Object> rule, String key) {
    return (List<Map<String, Object>>) rule.get(key);
  }

  static List<String> errors(String schema, Path file) throws Exception {
    JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
    return SchemasOnRealOutputTest.shipped(schema).validate(node).stream().map(ValidationMessage::getMessage).toList();
  }

  // --- scan -----------------------------------------------------------------------------------------------------

  @Test
  void theScanListsEveryUseOfEachClassWithItsUseAndMemberAndTheAgentCountsAllButTypeReferences() throws Exception {
    int created = ThinJars.lineOf(MAIN, "new Registry(\"main\")");
    int lookup = ThinJars.lineOf(MAIN, "Class.forName");

    assertThat(uses(scan)).contains(
        "registry new <init>(java.lang.String) com.acme.app.Main.main:" + created,
        "registry call describe() com.acme.app.Main.main:" + ThinJars.lineOf(MAIN, "r.describe()"),
        "registry field-write name com.acme.app.Main.main:" + ThinJars.lineOf(MAIN, "r.name = "),
        "registry field-read name com.acme.app.Main.main:" + TWO_READS,
        "registry field-read created com.acme.app.Main.main:" + TWO_READS,
        "registry class-lookup <class> com.acme.app.Main.main:" + lookup,
        "registry subclass <class> com.acme.app.Child.<clinit>:0",
        "registry new <init>() com.acme.app.Unused.make:" + ThinJars.lineOf(UNUSED, "new com.acme.legacy.Registry()"),
        "hook type-reference <class> com.acme.app.Hooks.isHook:" + ThinJars.lineOf(HOOKS, "instanceof Hook"),
        "hook type-reference <class> com.acme.app.Hooks.same:0")
        .noneMatch(u -> u.startsWith("gone "));
    // what ran is in the report, type references never (nothing runs one), and the class that never loaded neither
    assertThat(uses(report)).contains("registry field-read name com.acme.app.Main.main:" + TWO_READS,
        "registry field-read created com.acme.app.Main.main:" + TWO_READS,
        "registry subclass <class> com.acme.app.Child.<clinit>:0")
        .noneMatch(u -> u.contains("type-reference")).noneMatch(u -> u.contains("Unused"));
    assertThat(errors("sunset-scan-1.schema.json", scan)).isEmpty();
    assertThat(errors("sunset-report-1.schema.json", report)).isEmpty();
  }

  @Test
  void theScanTableNamesEachSitesUseAndMember() {
    CliRun run = CliRun.of("scan", "--rules", rules.toString(), app.toString(), lib.toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.outLines()).anySatisfy(l -> assertThat(l).matches("registry\\s+Main\\.java:" + TWO_READS
        + "\\s+com\\.acme\\.app\\.Main\\.main \\(field-read created\\)\\s+.*app\\.jar"))
        .anySatisfy(l -> assertThat(l).matches("hook\\s+Hooks\\.java:\\?\\s+com\\.acme\\.app\\.Hooks\\.same "
            + "\\(type-reference <class>\\)\\s+.*app\\.jar"));
  }

  // --- check ----------------------------------------------------------------------------------------------------

  @Test
  void checkTakesAFieldReadOnALineWhereAnotherWasToleratedForANewSite() throws Exception {
    Map<String, Object> json = JSON.std.mapFrom(Files.readString(scan));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> sites = (List<Map<String, Object>>) json.get("callSites");
    assertThat(sites.removeIf(s -> "created".equals(s.get("member")))).isTrue();
    Path baseline = Files.writeString(dir.resolve("without-created.json"), JSON.std.asString(json));
    String line = "Main.java:" + TWO_READS + " com.acme.app.Main.main registry (field-read created)";

    CliRun byLine = CliRun.of("check", "--rules", rules.toString(), "--baseline", baseline.toString(), app.toString(),
        lib.toString());
    CliRun byMethod = CliRun.of("check", "--rules", rules.toString(), "--baseline", baseline.toString(), "--match",
        "method", app.toString(), lib.toString());
    CliRun againstTheScan = CliRun.of("check", "--rules", rules.toString(), "--baseline", scan.toString(),
        app.toString(), lib.toString());

    assertThat(byLine.exitCode()).as("%s", byLine).isEqualTo(1);
    assertThat(byLine.outLines()).containsExactly(line);
    assertThat(byMethod.exitCode()).as("%s", byMethod).isEqualTo(1);
    assertThat(byMethod.outLines()).containsExactly(line);
    assertThat(againstTheScan.exitCode()).as("%s", againstTheScan).isZero();
  }

  @Test
  void checkAgainstTheAgentsReportTakesTypeReferencesForNewSitesSinceNoReportListsThem() {
    CliRun run = CliRun.of("check", "--rules", rules.toString(), "--baseline", report.toString(), app.toString(),
        lib.toString());

    assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
    assertThat(run.outLines()).contains(
        "Hooks.java:" + ThinJars.lineOf(HOOKS, "instanceof Hook") + " com.acme.app.Hooks.isHook hook"
            + " (type-reference <class>)",
        "Hooks.java:? com.acme.app.Hooks.same hook (type-reference <class>)",
        "Unused.java:" + ThinJars.lineOf(UNUSED, "new com.acme.legacy.Registry()") + " com.acme.app.Unused.make"
            + " registry (new <init>())")
        .noneMatch(l -> l.contains("com.acme.app.Main.main"));
  }

  // --- verdict --------------------------------------------------------------------------------------------------

  @Test
  void theVerdictDeletesOnlyTheClassNothingNamesAndSaysWhyTheOnlyTypeReferencedClassIsUnknown() throws Exception {
    Map<String, Map<String, Object>> verdict = verdictJson("--min-days", "0", "--min-jvms", "1");

    assertThat(verdict.get("registry")).containsEntry("verdict", "in-use").containsEntry("classRule", true);
    assertThat(verdict.get("gone")).containsEntry("verdict", "migrated").containsEntry("classRule", true)
        .containsEntry("calls", 0);
    assertThat(field(verdict.get("gone"), "uses")).isEmpty();
    assertThat(verdict.get("hook")).containsEntry("verdict", "unknown").containsEntry("calls", 0);
    assertThat(field(verdict.get("hook"), "why")).extracting(w -> w.get("code"))
        .containsExactly("type-references-left");
    assertThat(field(verdict.get("hook"), "uses")).singleElement().satisfies(u -> assertThat(u)
        .containsEntry("member", "<class>").containsEntry("use", "type-reference").containsEntry("sites", 2)
        .containsEntry("calls", 0));
    assertThat(errors("sunset-verdict-1.schema.json", writtenVerdict())).isEmpty();
  }

  private static Path writtenVerdict() throws Exception {
    Path out = dir.resolve("verdict-for-schema.json");
    CliRun run = CliRun.of("verdict", "--rules", rules.toString(), "--scan", app.toString(), lib.toString(),
        "--report", report.toString(), "--min-days", "0", "--min-jvms", "1", "--format", "json", "-o",
        out.toString());
    assertThat(run.exitCode()).as("%s", run).isZero();
    return out;
  }

  @Test
  void theVerdictGroupsAClassesUsesByMemberWithTheirCountsAndKeepsTwoReadsOnOneLineApart() throws Exception {
    Map<String, Object> registry = verdictJson("--min-days", "0", "--min-jvms", "1").get("registry");

    assertThat(field(registry, "uses")).extracting(u -> u.get("use"), u -> u.get("member"), u -> u.get("sites"),
        u -> u.get("calls")).containsExactly(
            tuple("call", "describe()", 2, 2),
            tuple("new", "<init>()", 1, 0),
            tuple("new", "<init>(java.lang.String)", 1, 1),
            tuple("field-read", "created", 1, 1),
            tuple("field-read", "name", 1, 1),
            tuple("field-write", "name", 1, 1),
            tuple("subclass", "<class>", 1, 1),
            tuple("class-lookup", "<class>", 1, 1));
    assertThat(field(registry, "sites")).filteredOn(s -> s.get("line").equals(TWO_READS))
        .extracting(s -> s.get("use"), s -> s.get("member"), s -> s.get("count"), s -> s.get("inArtifacts"))
        .containsExactlyInAnyOrder(tuple("field-read", "name", 1, true), tuple("field-read", "created", 1, true));
    assertThat(registry.get("calls")).isEqualTo(8);
  }

  @Test
  void theVerdictTableSaysDeleteTheClassAndListsEachClassesUses() {
    CliRun run = CliRun.of("verdict", "--rules", rules.toString(), "--scan", app.toString(), lib.toString(),
        "--report", report.toString(), "--min-days", "0", "--min-jvms", "1");

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.out()).contains(
        "gone  migrated  no use of the class left and none seen in 1 JVM over 0.0 days: delete the class",
        "hook  unknown  no use seen in 1 JVM over 0.0 days, but that does not show nothing uses the class (2 uses left)",
        "   uses: type-reference <class> 2 sites\n",
        "   unknown because 2 type references to com.acme.legacy.Hook left, such as com.acme.app.Hooks.isHook",
        "registry  in-use  8 calls and uses counted; 9 sites, 1 never seen running",
        "   uses: call describe() 2 sites (2 counted), new <init>() 1 site, new <init>(java.lang.String) 1 site"
            + " (1 counted), field-read created 1 site (1 counted)");
    assertThat(run.outLines()).anySatisfy(l -> assertThat(l).matches("\\s+1\\s+Main\\.java:" + TWO_READS
        + "\\s+com\\.acme\\.app\\.Main\\.main \\(field-read created\\)\\s+.*app\\.jar"));
    assertThat(run.err()).contains("3 rules: 1 migrated, 0 dead, 1 in use, 1 unknown");
  }

  @Test
  void byDefaultOneShortRunDeletesNoClass() throws Exception {
    Map<String, Map<String, Object>> verdict = verdictJson();

    assertThat(verdict.get("gone")).containsEntry("verdict", "unknown");
    assertThat(field(verdict.get("gone"), "why")).extracting(w -> w.get("code"))
        .containsExactly("too-few-days", "too-few-jvms");
    assertThat(field(verdict.get("hook"), "why")).extracting(w -> w.get("code"))
        .containsExactly("type-references-left", "too-few-days", "too-few-jvms");
  }

  // --- SARIF ----------------------------------------------------------------------------------------------------

  @Test
  void sarifNamesEachUseAndMemberAndGivesTwoReadsOnOneLineTwoFingerprints() throws Exception {
    CliRun run = CliRun.of("scan", "--rules", rules.toString(), "--format", "sarif", app.toString(), lib.toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    JsonNode sarif = SarifOutputTest.validSarif(run.out());
    List<JsonNode> reads = new ArrayList<>();
    sarif.get("results").forEach(r -> {
      if (r.get("locations").get(0).get("physicalLocation").path("region").path("startLine").asInt() == TWO_READS
          && "field-read".equals(r.get("properties").path("use").asText())) {
        reads.add(r);
      }
    });
    assertThat(reads).extracting(r -> r.get("message").get("text").asText()).containsExactlyInAnyOrder(
        "com.acme.app.Main.main uses com.acme.legacy.Registry (field-read name) (rule registry, at observe).",
        "com.acme.app.Main.main uses com.acme.legacy.Registry (field-read created) (rule registry, at observe).");
    assertThat(reads).extracting(r -> r.get("properties").get("member").asText())
        .containsExactlyInAnyOrder("name", "created");
    assertThat(reads.get(0).get("partialFingerprints").get("sunsetCallSite/v1").asText())
        .isNotEqualTo(reads.get(1).get("partialFingerprints").get("sunsetCallSite/v1").asText());
    JsonNode hook = null;
    for (JsonNode rule : sarif.get("tool").get("driver").get("rules")) {
      hook = rule.get("id").asText().equals("hook") ? rule : hook;
    }
    assertThat(hook).isNotNull();
    assertThat(hook.get("shortDescription").get("text").asText()).isEqualTo("Use of legacy class com.acme.legacy.Hook");
  }

  @Test
  void verdictSarifSaysHowOftenEachUseRan() throws Exception {
    CliRun run = CliRun.of("verdict", "--rules", rules.toString(), "--scan", app.toString(), lib.toString(),
        "--report", report.toString(), "--min-days", "0", "--min-jvms", "1", "--format", "sarif");

    assertThat(run.exitCode()).as("%s", run).isZero();
    List<String> messages = new ArrayList<>();
    SarifOutputTest.validSarif(run.out()).get("results").forEach(r -> messages.add(r.get("message").get("text")
        .asText()));
    assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("com.acme.app.Child.<clinit> uses "
        + "com.acme.legacy.Registry (subclass <class>) (rule registry, at observe). 1 use seen, the first at ")
        .endsWith("; the rule's verdict: in-use."));
    assertThat(messages).contains("com.acme.app.Hooks.isHook uses com.acme.legacy.Hook (type-reference <class>) "
        + "(rule hook, at warn). No use seen; the rule's verdict: unknown.");
  }

  // --- report --html --------------------------------------------------------------------------------------------

  @Test
  void thePageListsEachClassesMembersBeneathItWithTheirSitesAndCountsEscaped() throws Exception {
    Path page = dir.resolve("page.html");
    // the page adds the sites of classes that never loaded from a scan at least as new as the report
    Path laterScan = dir.resolve("later-scan.json");
    assertThat(CliRun.of("scan", "--rules", rules.toString(), "--format", "json", "-o", laterScan.toString(),
        app.toString(), lib.toString()).exitCode()).isZero();

    CliRun run = CliRun.of("report", "--html", page.toString(), "--min-days", "0", "--min-jvms", "1",
        report.toString(), laterScan.toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    String html = Files.readString(page);
    assertThat(html).contains("&lt;init&gt;(java.lang.String)").doesNotContain("<init>");
    Document doc = Jsoup.parse(html);
    Element registry = doc.selectFirst("section.rule[data-rule=registry]");
    assertThat(registry).isNotNull();
    assertThat(registry.select("table.members tr.member")).extracting(m -> m.attr("data-use"),
        m -> m.attr("data-member"), m -> m.attr("data-sites"), m -> m.select("td").get(3).text()).containsExactly(
            tuple("call", "describe()", "2", "2"),
            tuple("new", "<init>()", "1", "0"),
            tuple("new", "<init>(java.lang.String)", "1", "1"),
            tuple("field-read", "created", "1", "1"),
            tuple("field-read", "name", "1", "1"),
            tuple("field-write", "name", "1", "1"),
            tuple("subclass", "<class>", "1", "1"),
            tuple("class-lookup", "<class>", "1", "1"));
    assertThat(registry.select("table.sites tr.site[data-line=" + TWO_READS + "]")).extracting(s -> s.attr("data-use"))
        .containsExactlyInAnyOrder("field-read name", "field-read created");
    assertThat(registry.select("table.most-called tr.site[data-line=" + TWO_READS + "]"))
        .extracting(s -> s.attr("data-use"), s -> s.selectFirst(".tag.use").text())
        .containsExactlyInAnyOrder(tuple("field-read name", "field-read name"),
            tuple("field-read created", "field-read created"));
    Element gone = doc.selectFirst("section.rule[data-rule=gone]");
    assertThat(gone.selectFirst(".verdict").text()).isEqualTo("migrated: delete the class");
    assertThat(gone.select("p.empty").eachText()).contains("No use of the class left.");
    Element hook = doc.selectFirst("section.rule[data-rule=hook]");
    assertThat(hook.select("table.members tr.member")).extracting(m -> m.attr("data-use"), m -> m.attr("data-sites"))
        .containsExactly(tuple("type-reference", "2"));
    assertThat(hook.selectFirst(".verdict").text()).isEqualTo("unknown");
  }
}
