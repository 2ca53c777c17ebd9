package dev.sunset.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.examples.chat.LegacyClassUses.ClassUse;
import dev.sunset.examples.chat.agents.registry.WebSocketManagerAdapter;
import dev.sunset.examples.chat.client.ChatClient;
import dev.sunset.examples.chat.client.ReceivedEvent;
import dev.sunset.examples.chat.supervisor.AgentSupervisor;
import dev.sunset.testing.BuiltJars;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The chat backend in its own JVM with a class rule at {@code deny}: each use of the legacy class a run reaches throws
 * {@code LegacyCallDeniedException} naming its site, which the user reads in the run's {@code agent_completed} (the
 * supervisor ends every run with it); the report counts the denied use at {@code deny} at its site and still lists
 * every other use of the class, and the agent's table on stderr names the denied site. A run stops at the first use it
 * meets, so each use is denied in a JVM of its own, the uses before it on the class rule's allow list (kept at
 * {@code observe}), as a team denies a class while one caller still waits for its fix.
 *
 * <p>Runs once the agent jar is built; its path is the system property {@code sunset.agent.jar}.
 */
@EnabledIf("agentJarIsBuilt")
class ClassRulesAtDenyTest {
  private static final int USERS = 4;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String SUPERVISOR = AgentSupervisor.class.getName();
  private static final String REGISTRY_ADAPTER = WebSocketManagerAdapter.class.getName();

  /** Which use is denied: the rule at deny, the uses it allows, and what a user receives before the denial. */
  enum DeniedUse {
    /** The legacy agent context's constructor: the first use of the context's rule in a run. */
    CONTEXT_NEW(LegacyClassUses.CONTEXT_RULE, LegacyClassUses.CONTEXT, null, "agentContext", "new", List.of()),
    /** Its deprecated field, read by the executor, once the constructor is allowed. */
    CONTEXT_FIELD_READ(LegacyClassUses.CONTEXT_RULE, LegacyClassUses.CONTEXT, SUPERVISOR + "#agentContext", "execute",
        "field-read", List.of()),
    /** The registry's subclass of the legacy adapter: its class fails to initialise. */
    ADAPTER_SUBCLASS(LegacyClassUses.ADAPTER_RULE, LegacyClassUses.ADAPTER, null, "<clinit>", "subclass", List.of()),
    /** The bridge's {@code new} of the legacy adapter, once the subclass is allowed. */
    ADAPTER_NEW(LegacyClassUses.ADAPTER_RULE, LegacyClassUses.ADAPTER, REGISTRY_ADAPTER, "publish", "new",
        List.of("agent_started", "agent_thinking", "tool_executing"));

    final String ruleId;
    final String legacyClass;
    final String allow;
    final String method;
    final String use;
    final List<String> eventsBefore;

    DeniedUse(String ruleId, String legacyClass, String allow, String method, String use, List<String> eventsBefore) {
      this.ruleId = ruleId;
      this.legacyClass = legacyClass;
      this.allow = allow;
      this.method = method;
      this.use = use;
      this.eventsBefore = eventsBefore;
    }

    String rulesFile() {
      String deny = ruleId.equals(LegacyClassUses.CONTEXT_RULE)
          ? LegacyClassUses.rulesFile("observe", "observe", "deny")
          : LegacyClassUses.rulesFile("observe", "deny", "observe");
      if (allow == null) {
        return deny;
      }
      String stage = "    stage: deny\n";
      int at = deny.indexOf(stage, deny.indexOf("id: " + ruleId));
      return deny.substring(0, at + stage.length()) + "    allow:\n      - " + allow + "\n"
          + deny.substring(at + stage.length());
    }

    /** The use denied: the first of this rule's uses a run meets, once the allowed ones ran. */
    ClassUse denied() {
      return LegacyClassUses.USES.stream().filter(u -> u.ruleId().equals(ruleId) && u.method().equals(method)
          && u.use().equals(use)).findFirst().orElseThrow();
    }
  }

  @TempDir
  Path dir;

  static boolean agentJarIsBuilt() {
    return GoldenPathUnderAgentTest.agentJarIsBuilt();
  }

  @ParameterizedTest
  @EnumSource(DeniedUse.class)
  void eachDeniedUseThrowsNamingItsSiteAndTheReportAndStderrSayWhich(DeniedUse denied) throws Exception {
    Path rules = Files.writeString(dir.resolve("rules.yaml"), denied.rulesFile());
    Path reportFile = dir.resolve("report.json");
    String agent = ForkedChatServer.javaAgentOption(BuiltJars.sunsetAgent(),
        Map.of("rules", rules.toString(), "report", reportFile.toString()));
    List<List<ReceivedEvent>> received = new ArrayList<>();
    String stderr;
    try (ForkedChatServer server = ForkedChatServer.start(List.of(agent), TIMEOUT)) {
      HttpClient http = HttpClient.newHttpClient();
      List<ChatClient> clients = new ArrayList<>();
      for (int i = 0; i < USERS; i++) {
        clients.add(ChatClient.connect(http, server.endpoint(), "denied-" + i, TIMEOUT).get());
      }
      for (ChatClient client : clients) {
        client.send("6 * 7", "req-" + client.userId()).get();
      }
      for (ChatClient client : clients) {
        client.awaitEvents(denied.eventsBefore.size() + 1, TIMEOUT);
        client.close(TIMEOUT); // agent_completed is a run's last event: nothing is in flight after it
        received.add(client.received());
      }
      server.stop(Duration.ofSeconds(30));
      stderr = server.stderr();
    }
    Map<String, Object> report = JSON.std.mapFrom(Files.readString(reportFile));
    List<Map<String, Object>> sites = list(report.get("callSites")).stream()
        .filter(site -> denied.ruleId.equals(site.get("rule"))).toList();
    ClassUse use = denied.denied();
    Map<String, Object> site = sites.stream().filter(s -> use.method().equals(s.get("method"))
        && use.use().equals(s.get("use")) && ((Number) s.get("count")).longValue() > 0).findFirst().orElseThrow(
            () -> new AssertionError("no counted " + use + " in " + sites + "\nstderr:\n" + stderr));
    int line = ((Number) site.get("line")).intValue();
    String caller = use.className() + "." + use.method() + "(" + site.get("file") + (line > 0 ? ":" + line : "") + ")";
    String denial = "legacy call denied by rule " + denied.ruleId + ": " + caller + " used " + denied.legacyClass
        + " (" + use.use() + " " + use.member() + ")";

    // each user's run stops at the denied use, and its agent_completed says which site was denied
    assertThat(received).as(stderr).hasSize(USERS).allSatisfy(events -> {
      List<String> expected = new ArrayList<>(denied.eventsBefore);
      expected.add("agent_completed");
      assertThat(events).extracting(ReceivedEvent::event).containsExactlyElementsOf(expected);
      assertThat((String) events.get(events.size() - 1).payload().get("error"))
          .startsWith("the agent failed: ").contains("dev.sunset.agent.LegacyCallDeniedException: " + denial);
    });
    // the report: the denied use counted at deny (a subclass once: its class initialises once), every other use of
    // the class listed, the ones the allow list names at observe, the ones no run reached with no call
    long deniedCalls = use.oncePerJvm() ? 1 : USERS;
    assertThat(site.get("stage")).isEqualTo("deny");
    assertThat(site.get("countsByStage")).isEqualTo(Map.of("deny", (int) deniedCalls));
    assertThat(sites).extracting(s -> s.get("method"), s -> s.get("use"), s -> s.get("member"))
        .containsExactlyInAnyOrderElementsOf(LegacyClassUses.USES.stream()
            .filter(u -> u.ruleId().equals(denied.ruleId))
            .map(u -> tuple(u.method(), u.use(), u.member())).toList());
    for (Map<String, Object> other : sites) {
      if (other == site) {
        continue;
      }
      boolean allowed = denied.allow != null && ((String) other.get("class") + "#" + other.get("method"))
          .startsWith(denied.allow);
      if (allowed) {
        assertThat(other.get("stage")).as("%s", other).isEqualTo("observe");
        assertThat(((Number) other.get("count")).longValue()).as("%s", other).isPositive();
      } else {
        assertThat(other.get("stage")).as("%s", other).isEqualTo("deny");
        assertThat(((Number) other.get("count")).longValue()).as("%s: a run stops at the first use denied", other)
            .isZero();
      }
    }
    // stderr: the agent's table at exit names the denied site with its calls at deny
    assertThat(stderr).containsPattern("\\[sunset\\] +" + deniedCalls + " +deny +" + denied.ruleId + " +"
        + java.util.regex.Pattern.quote(caller));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object json) {
    assertThat(json).isInstanceOf(List.class);
    return (List<Map<String, Object>>) json;
  }
}
