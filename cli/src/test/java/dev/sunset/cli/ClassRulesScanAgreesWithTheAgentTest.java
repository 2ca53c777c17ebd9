package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.examples.chat.LegacyClassUses;
import dev.sunset.examples.chat.supervisor.AgentSupervisor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sunset scan} of the chat app's jar with a class rule for each of the shim's legacy classes: it lists every
 * use of them, those that run (new, field reads, the subclass) and those that never run (the legacy types in the
 * supervisor's method signatures), and the uses that ran under the real agent, with the same rules, are the scan's
 * sites under the same key (rule, class, method, line, use, member). The shim's adapter classes use the legacy classes
 * too: rules that name no adapter list them as they list any caller.
 */
class ClassRulesScanAgreesWithTheAgentTest {
  private static final int USERS = 3;
  private static final Set<String> CLASS_RULES =
      Set.of(LegacyClassUses.FACTORY_RULE, LegacyClassUses.ADAPTER_RULE, LegacyClassUses.CONTEXT_RULE);

  @TempDir
  static Path dir;

  private static Path rules;
  private static CliRun scanRun;
  private static List<Map<String, Object>> scanned;
  private static List<Map<String, Object>> inTheShim;
  private static List<Map<String, Object>> reported;

  @BeforeAll
  static void theChatAppIsScannedAndRunUnderTheAgentWithTheSameClassRules() throws Exception {
    rules = Files.writeString(dir.resolve("rules.yaml"), LegacyClassUses.rulesFile("observe", "observe", "observe"));
    Path scan = dir.resolve("scan.json");
    scanRun = CliRun.of("scan", "--rules", rules.toString(), "--format", "json", "-o", scan.toString(),
        ChatApp.jar().toString(), ChatApp.shimJar().toString());
    List<Map<String, Object>> all = classRuleSites(JSON.std.mapFrom(Files.readString(scan)));
    scanned = all.stream().filter(s -> ChatApp.jar().toString().equals(s.get("codeSource"))).toList();
    inTheShim = all.stream().filter(s -> !ChatApp.jar().toString().equals(s.get("codeSource"))).toList();
    reported = classRuleSites(
        ChatApp.runUnderAgent(dir.resolve("report.json"), Map.of("rules", rules.toString()), USERS, "scan-"));
  }

  @Test
  void theScanListsEveryUseOfTheLegacyClassesIncludingTypeReferences() {
    String supervisor = AgentSupervisor.class.getName();

    assertThat(scanRun.exitCode()).as("%s", scanRun).isZero();
    assertThat(scanned).as("%s", scanRun)
        .extracting(s -> s.get("rule"), s -> s.get("class"), s -> s.get("method"), s -> s.get("use"),
            s -> s.get("member"))
        .containsExactlyInAnyOrderElementsOf(concat(
            LegacyClassUses.USES.stream()
                .map(u -> tuple(u.ruleId(), u.className(), u.method(), u.use(), u.member())).toList(),
            // the context named in signatures: agentContext returns it, execute takes it; and run's two calls of them,
            // execute(agentContext(...)), which name it in what they call: none of these ever runs it
            List.of(tuple(LegacyClassUses.CONTEXT_RULE, supervisor, "agentContext", "type-reference", "<class>"),
                tuple(LegacyClassUses.CONTEXT_RULE, supervisor, "execute", "type-reference", "<class>"),
                tuple(LegacyClassUses.CONTEXT_RULE, supervisor, "run", "type-reference", "<class>"),
                tuple(LegacyClassUses.CONTEXT_RULE, supervisor, "run", "type-reference", "<class>"))));
    // the rest are the shim's adapters (in the shim's jar), which these rules do not name: each builds, reads or names
    // the class it adapts, and goes with it
    assertThat(inTheShim).as("%s", scanRun).allSatisfy(s -> {
      assertThat(s.get("codeSource")).isEqualTo(ChatApp.shimJar().toString());
      assertThat((String) s.get("class")).isIn(LegacyClassUses.CONTEXT_ADAPTERS, LegacyClassUses.ADAPTER_WRAPPERS,
          LegacyClassUses.FACTORY_ADAPTERS);
    }).extracting(s -> s.get("class")).contains(LegacyClassUses.CONTEXT_ADAPTERS, LegacyClassUses.ADAPTER_WRAPPERS,
        LegacyClassUses.FACTORY_ADAPTERS);
  }

  @Test
  void theUsesThatRanUnderTheAgentAreTheScansSitesUnderTheSameKeys() {
    List<String> ran = reported.stream().map(ClassRulesScanAgreesWithTheAgentTest::key).toList();
    List<String> thatRun = scanned.stream().filter(s -> !"type-reference".equals(s.get("use")))
        .map(ClassRulesScanAgreesWithTheAgentTest::key).toList();

    assertThat(ran).as("the agent's report").hasSize(LegacyClassUses.USES.size())
        .containsExactlyInAnyOrderElementsOf(thatRun);
    assertThat(reported).allSatisfy(site -> {
      assertThat(((Number) site.get("count")).longValue()).as("%s", site).isPositive();
      assertThat(site.get("via")).as("%s", site).isNull();
    });
  }

  @Test
  void noSiteOfTheFactorysClassRuleIsLeftInTheChatAppBesideItsMethodRules() {
    assertThat(scanned).extracting(s -> s.get("rule")).doesNotContain(LegacyClassUses.FACTORY_RULE);
    assertThat(reported).extracting(s -> s.get("rule")).doesNotContain(LegacyClassUses.FACTORY_RULE);
  }

  private static String key(Map<String, Object> site) {
    return site.get("rule") + " " + site.get("class") + "." + site.get("method") + ":" + site.get("line") + " "
        + site.get("use") + " " + site.get("member");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> classRuleSites(Map<String, Object> document) {
    return ((List<Map<String, Object>>) document.get("callSites")).stream()
        .filter(site -> CLASS_RULES.contains(site.get("rule"))).toList();
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
