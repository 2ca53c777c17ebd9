package dev.sunset.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.sunset.testing.BuiltJars;
import dev.sunset.testing.LocalPrometheus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat app runs under the Sunset agent with {@code OTEL_METRICS_EXPORTER=prometheus}; a real Prometheus
 * (Debian's), started on the loopback address with the shipped scrape configuration and alert rules (only the
 * targets and intervals changed), scrapes it; then every query of the shipped Grafana dashboard and every
 * alert expression runs through Prometheus's HTTP API and must return series of Sunset's data.
 *
 * <p>The rules rehearse a migration in progress: the shipped rules, plus {@code chat-tool-run} in {@code deny}
 * (tools fail, and the runs still end with all five events), {@code ws-manager-send-event} scheduled to deny in
 * a week, and a cap of six call-site series, so that each alert has something to say.
 */
class DashboardAndAlertsOnRealPrometheusTest {
  private static final int SERIES_CAP = 6;
  /** The legacy call sites a run with a denied tool goes through: see README.md, less the bridge's three. */
  private static final int CALLED_SITES = 9;

  @TempDir
  static Path dir;

  private static ForkedChatServer server;
  private static LocalPrometheus prometheus;
  private static Map<String, List<Map<String, Object>>> results;

  @BeforeAll
  static void prometheusScrapesTheChatAppUnderTheAgentWhileUsersChat() throws Exception {
    Path agentJar = BuiltJars.sunsetAgent();
    if (!Files.isRegularFile(agentJar)) {
      fail("the agent jar " + agentJar + " is not built: run the build from the repository root");
    }
    LocalPrometheus.tool("prometheus");
    int metricsPort = LocalPrometheus.freePort();
    String agent = ForkedChatServer.javaAgentOption(agentJar, Map.of(
        "rules", writeRules().toString(),
        "report", dir.resolve("report.json").toString(),
        "maxCallSiteSeries", String.valueOf(SERIES_CAP)));
    server = ForkedChatServer.start(List.of(agent), Map.of(
        "OTEL_SERVICE_NAME", "chat-app",
        "OTEL_METRICS_EXPORTER", "prometheus",
        "OTEL_LOGS_EXPORTER", "none",
        "OTEL_EXPORTER_PROMETHEUS_PORT", String.valueOf(metricsPort)), Duration.ofSeconds(60));
    prometheus = LocalPrometheus.start(scrapeConfig(metricsPort), dir);
    prometheus.awaitFirstScrape("sunset-agent", Duration.ofSeconds(30));

    // users keep chatting over several scrapes, so rates have samples that differ
    for (int round = 0; round < 4; round++) {
      ConcurrentChatUsers.chatOnce(server.endpoint(), "prometheus-" + round + "-", 10, Duration.ofSeconds(60));
      Thread.sleep(1200);
    }
    results = queryUntilEverySeriesIsThere(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** The shipped rules stay in force; these are added or replace the shipped ones by id. */
  private static Path writeRules() throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, "rules:\n"
        + "  - id: chat-tool-run\n"
        + "    legacy: dev.sunset.examples.chat.agents.tools.Tool#run(java.util.Map)\n"
        + "    stage: deny\n"
        + "    message: tools move to the new runtime\n"
        + "  - id: ws-manager-send-event\n"
        + "    legacy: com.example.ws.WebSocketManager#sendEvent(java.lang.String, java.util.Map)\n"
        + "    replacement: com.example.ws.LegacyAdapters#sendEvent(com.example.ws.WebSocketManager,"
        + " java.lang.String, java.util.Map)\n"
        + "    stage: redirect\n"
        + "    schedule:\n"
        + "      deny: " + LocalDate.now(ZoneOffset.UTC).plusDays(7) + "\n");
    return rules;
  }

  /**
   * The shipped prometheus.yml with only its intervals (1 s) and targets (the chat app's endpoint, and a
   * closed port for the collector) changed, next to a copy of the shipped alert rules.
   */
  private static Path scrapeConfig(int metricsPort) throws Exception {
    String shipped = Files.readString(CollectorConfig.prometheusConfig());
    String config = replaceOnce(shipped, "scrape_interval: 15s", "scrape_interval: 1s");
    config = replaceOnce(config, "evaluation_interval: 15s", "evaluation_interval: 1s");
    config = replaceOnce(config, "\"127.0.0.1:9464\"", "\"127.0.0.1:" + metricsPort + "\"");
    config = replaceOnce(config, "\"127.0.0.1:8889\"", "\"127.0.0.1:" + LocalPrometheus.freePort() + "\"");
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, config);
    Files.copy(CollectorConfig.alertRules(), dir.resolve("sunset-alerts.yml"));
    return file;
  }

  private static String replaceOnce(String text, String from, String to) {
    assertThat(text.split(java.util.regex.Pattern.quote(from), -1)).as("occurrences of %s", from).hasSize(2);
    return text.replace(from, to);
  }

  /** Every dashboard query and alert expression, by name, as Prometheus runs it. */
  private static Map<String, String> expressions() throws Exception {
    Map<String, String> all = new LinkedHashMap<>();
    CollectorConfig.dashboardQueries().forEach((name, expr) ->
        all.put("dashboard: " + name, CollectorConfig.asGrafanaSendsIt(expr, "1m")));
    CollectorConfig.alertExpressions().forEach((name, expr) -> all.put("alert: " + name, expr));
    return all;
  }

  /** Runs every expression until each returns series (Prometheus scrapes every second), or the time is up. */
  private static Map<String, List<Map<String, Object>>> queryUntilEverySeriesIsThere(Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, List<Map<String, Object>>> answers;
    do {
      answers = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : expressions().entrySet()) {
        answers.put(e.getKey(), prometheus.query(e.getValue()));
      }
      if (answers.values().stream().noneMatch(List::isEmpty)) {
        break;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    return answers;
  }

  @Test
  void everyDashboardQueryAndAlertExpressionReturnsSeriesOfSunsetsData() throws Exception {
    Map<String, String> expressions = expressions();
    String log = prometheus.log();

    assertThat(results).hasSize(expressions.size());
    assertThat(results).allSatisfy((name, series) ->
        assertThat(series).as("%s: %s\nprometheus log:\n%s", name, expressions.get(name), log).isNotEmpty());
  }

  @Test
  void callsPerSecondByRuleListTheRulesTheRunsCall() {
    assertThat(labels("dashboard: Legacy calls per second by rule / A", "sunset_rule")).containsExactlyInAnyOrder(
        "ws-factory-get-factory", "ws-factory-create-for-user", "ws-factory-create-manager",
        "ws-factory-create-websocket-manager", "ws-manager-send-event", "ws-manager-send-tool-executing",
        "chat-tool-run");
  }

  @Test
  void callsByStageShowTheDeniedToolCalls() {
    assertThat(labels("dashboard: Legacy calls per second by stage / A", "sunset_stage"))
        .containsExactlyInAnyOrder("observe", "redirect", "deny");
  }

  @Test
  void theTopCallSitesTableNamesFunctionFileAndLineOfTheSitesWithSeriesOfTheirOwn() {
    List<Map<String, Object>> rows = results.get("dashboard: Top legacy call sites / A");

    assertThat(rows).hasSize(SERIES_CAP).allSatisfy(row -> {
      Map<String, String> labels = metric(row);
      assertThat(labels.get("code_function_name")).startsWith("dev.sunset.examples.chat.");
      assertThat(labels.get("location")).matches("dev/sunset/examples/chat/.+\\.java:\\d+");
      assertThat(labels.get("sunset_code_source")).startsWith("file:");
    });
  }

  @Test
  void theRemainingCallSitesSplitIntoCalledAndNeverRun() {
    long called = sum("dashboard: Remaining call sites per rule / A");
    long uncalled = sum("dashboard: Remaining call sites per rule / B");

    assertThat(called).isEqualTo(CALLED_SITES);
    // with every tool denied, the bridge's three sites are loaded but never run
    assertThat(uncalled).isEqualTo(3);
  }

  @Test
  void theDeniedRuleAndTheRuleCloseToItsDenyDateAlert() {
    assertThat(labels("alert: SunsetCallsOnDeniedRule", "sunset_rule")).containsExactly("chat-tool-run");
    assertThat(labels("alert: SunsetDenyDateApproaching", "sunset_rule")).containsExactly("ws-manager-send-event");
    assertThat(labels("dashboard: Days until a rule denies its calls / A", "sunset_rule"))
        .containsExactly("ws-manager-send-event");
  }

  @Test
  void everyCallSiteWithASeriesIsNewToThisPrometheusAndTheOthersOverflow() {
    assertThat(results.get("alert: SunsetNewLegacyCallSite")).hasSize(SERIES_CAP);
    assertThat(labels("alert: SunsetCallSiteSeriesOverflow", "sunset_rule")).isNotEmpty();
    assertThat(results.get("dashboard: Calls beyond the series cap / A")).singleElement();
  }

  private static List<String> labels(String name, String label) {
    return results.get(name).stream().map(r -> metric(r).get(label)).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> metric(Map<String, Object> row) {
    return (Map<String, String>) row.get("metric");
  }

  @SuppressWarnings("unchecked")
  private static long sum(String name) {
    return results.get(name).stream()
        .mapToLong(r -> Math.round(Double.parseDouble((String) ((List<Object>) r.get("value")).get(1))))
        .sum();
  }
}
