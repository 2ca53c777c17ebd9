package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verdict on real code nobody on the team wrote: Apache Commons Text (from Maven Central) calling Apache Commons
 * Lang, with rules on Commons Lang methods, one of them a typo naming a Commons Text class. The scan of the two jars,
 * a run of Commons Text under the real agent, and the verdict must agree with what the bytecode and the run hold:
 * the called rule is in use with its exact counts, the rules Commons Text calls but the run did not reach are dead,
 * the rule Commons Text never calls is migrated (all three only when one run is declared enough evidence), the typo
 * is unknown (refused), the typo hides none of the other rules' sites in the class it names, and without the Lang
 * jar the scan says which rules it could not resolve and the gate fails.
 */
class RealLibraryVerdictTest {
  private static final int CAMEL_CALLS = 7;
  private static final int CAPITALIZE_CALLS = 5;
  private static final String RULES = "rules:\n"
      + "  - id: lang-is-empty\n"
      + "    legacy: org.apache.commons.lang3.StringUtils#isEmpty(java.lang.CharSequence)\n"
      + "  - id: lang-contains-none\n"
      + "    legacy: org.apache.commons.lang3.StringUtils#containsNone(java.lang.CharSequence, char[])\n"
      + "  - id: lang-class-by-name\n"
      + "    legacy: org.apache.commons.lang3.ClassUtils#getClass(java.lang.String)\n"
      + "  - id: lang-reverse\n"
      + "    legacy: org.apache.commons.lang3.StringUtils#reverse(java.lang.String)\n"
      + "  - id: text-typo\n"
      + "    legacy: org.apache.commons.text.CaseUtils#toCamelCse(java.lang.String, boolean, char[])\n";

  @TempDir
  static Path dir;

  private static Path rules;
  private static Path text;
  private static Path lang;
  private static Path report;
  private static Map<String, Map<String, Object>> scanned;

  @BeforeAll
  static void scanTheJarsAndRunCommonsTextUnderTheAgent() throws Exception {
    rules = Files.writeString(dir.resolve("rules.yaml"), RULES);
    text = jar("sunset.commons.text.jar");
    lang = jar("sunset.commons.lang.jar");
    Path scan = dir.resolve("scan.json");
    CliRun run = CliRun.of("scan", "--rules", rules.toString(), "--format", "json", "-o", scan.toString(),
        text.toString(), lang.toString());
    assertThat(run.exitCode()).as("%s", run).isZero();
    scanned = byRule(scan);

    report = dir.resolve("report.json");
    UnderTheAgent.run("rules=" + rules + ",report=" + report + ",summary=false",
        List.of(System.getProperty("java.class.path")), "dev.sunset.cli.fixtures.TextUser", String.valueOf(CAMEL_CALLS),
        String.valueOf(CAPITALIZE_CALLS));
  }

  private static Path jar(String property) {
    Path path = Path.of(System.getProperty(property));
    assertThat(path).as(property).isRegularFile();
    return path;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> byRule(Path json) throws Exception {
    Map<String, Map<String, Object>> rules = new LinkedHashMap<>();
    for (Map<String, Object> r : (List<Map<String, Object>>) JSON.std.mapFrom(Files.readString(json)).get("rules")) {
      rules.put((String) r.get("id"), r);
    }
    return rules;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> sites(Path json) throws Exception {
    return (List<Map<String, Object>>) JSON.std.mapFrom(Files.readString(json)).get("callSites");
  }

  private static Map<String, Map<String, Object>> verdict(String... options) throws Exception {
    Path out = Files.createTempFile(dir, "verdict", ".json");
    List<String> args = new ArrayList<>(List.of("verdict", "--rules", rules.toString(), "--scan",
        text.toString(), lang.toString(), "--report", report.toString(), "--format", "json", "-o", out.toString()));
    args.addAll(List.of(options));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.exitCode()).as("%s", run).isZero();
    return byRule(out);
  }

  @Test
  void theTypoNamingACommonsTextClassHidesNoneOfThatClassesCallsOfOtherRules() throws Exception {
    Path scan = dir.resolve("scan.json");

    assertThat(scanned.get("text-typo").get("resolution")).isEqualTo("refused");
    assertThat(sites(scan)).anySatisfy(s -> {
      assertThat(s.get("class")).isEqualTo("org.apache.commons.text.CaseUtils");
      assertThat(s.get("rule")).isEqualTo("lang-is-empty");
    });
    assertThat(sites(report)).anySatisfy(s -> {
      assertThat(s.get("class")).isEqualTo("org.apache.commons.text.CaseUtils");
      assertThat(s.get("method")).isEqualTo("toCamelCase");
      assertThat(((Number) s.get("count")).longValue()).isEqualTo(CAMEL_CALLS);
    });
  }

  @Test
  void withOneRunDeclaredEnoughTheVerdictIsInUseDeadMigratedAndUnknownForTheTypo() throws Exception {
    Map<String, Map<String, Object>> verdict = verdict("--min-days", "0", "--min-jvms", "1");

    assertThat(verdict.get("lang-is-empty")).containsEntry("verdict", "in-use")
        .containsEntry("calls", CAMEL_CALLS + CAPITALIZE_CALLS);
    assertThat(verdict.get("lang-contains-none")).containsEntry("verdict", "dead").containsEntry("calls", 0);
    assertThat(verdict.get("lang-class-by-name")).containsEntry("verdict", "dead");
    assertThat(verdict.get("lang-reverse")).containsEntry("verdict", "migrated");
    assertThat(verdict.get("text-typo")).containsEntry("verdict", "unknown");
    // refused by the scan, and refused by the agent too: nothing counted its calls
    assertThat(reasons(verdict.get("text-typo"))).containsExactly("refused", "not-watched");
    // every site the scan found for the rule is in the verdict (two calls on one line of a method are one site there)
    assertThat(siteCount(verdict.get("lang-is-empty"))).isEqualTo(sites(dir.resolve("scan.json")).stream()
        .filter(s -> s.get("rule").equals("lang-is-empty"))
        .map(s -> s.get("class") + "." + s.get("method") + ":" + s.get("line")).distinct().count());
  }

  @Test
  void byDefaultOneShortRunDeletesNothing() throws Exception {
    Map<String, Map<String, Object>> verdict = verdict();

    assertThat(verdict.get("lang-is-empty")).containsEntry("verdict", "in-use");
    for (String rule : List.of("lang-contains-none", "lang-class-by-name", "lang-reverse")) {
      assertThat(verdict.get(rule)).as(rule).containsEntry("verdict", "unknown");
      assertThat(reasons(verdict.get(rule))).as(rule).containsExactly("too-few-days", "too-few-jvms");
    }
  }

  @Test
  void withoutTheLangJarTheRulesAreUnresolvedNamedOnStandardErrorAndTheGateFails() throws Exception {
    Path baseline = Files.writeString(dir.resolve("empty-baseline.json"), "{\"format\": \"sunset-scan/1\", "
        + "\"generatedAt\": \"2026-12-01T00:00:00Z\", \"rules\": [], \"callSites\": []}");

    Path langRules = Files.writeString(dir.resolve("lang-rules.yaml"), RULES.substring(0, RULES.indexOf("  - id: "
        + "text-typo")));

    CliRun thin = CliRun.of("check", "--rules", langRules.toString(), "--baseline", baseline.toString(),
        text.toString());
    CliRun withClassPath = CliRun.of("check", "--rules", langRules.toString(), "--baseline", baseline.toString(),
        "--class-path", lang.toString(), text.toString());

    assertThat(thin.exitCode()).as("%s", thin).isEqualTo(2);
    assertThat(thin.err()).contains("lang-is-empty").contains("--class-path");
    assertThat(withClassPath.exitCode()).as("%s", withClassPath).isEqualTo(1);
    assertThat(withClassPath.outLines()).anySatisfy(l -> assertThat(l).contains("CaseUtils.toCamelCase lang-is-empty"));
  }

  @SuppressWarnings("unchecked")
  private static List<String> reasons(Map<String, Object> rule) {
    return ((List<Map<String, Object>>) rule.get("why")).stream().map(w -> (String) w.get("code")).toList();
  }

  @SuppressWarnings("unchecked")
  private static long siteCount(Map<String, Object> rule) {
    return ((List<Object>) rule.get("sites")).size();
  }
}
