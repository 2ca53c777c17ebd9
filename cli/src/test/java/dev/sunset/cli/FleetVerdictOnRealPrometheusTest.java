package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.cli.internal.verdict.Prometheus;
import dev.sunset.examples.chat.CollectorConfig;
import dev.sunset.examples.chat.ConcurrentChatUsers;
import dev.sunset.examples.chat.ForkedChatServer;
import dev.sunset.testing.LocalPrometheus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three chat app JVMs run under the real agent with {@code OTEL_METRICS_EXPORTER=prometheus}, each on its own
 * port; Debian's Prometheus scrapes all three with the shipped scrape configuration (targets and intervals
 * changed). Users chat on every JVM before the first scrape, and once more on one JVM after it, so that both of
 * the queries {@code verdict --prometheus} runs have calls to count. The JVMs' own reports, merged, are the exact
 * evidence the fleet-wide verdict is compared with.
 */
class FleetVerdictOnRealPrometheusTest {
  private static final int[] USERS = {2, 3, 4};
  private static final String RULES = ChatApp.DEAD_AND_MIGRATED_RULES;

  @TempDir
  static Path dir;

  private static final List<ForkedChatServer> servers = new ArrayList<>();
  private static final List<Path> reports = new ArrayList<>();
  private static LocalPrometheus prometheus;
  private static String prometheusUrl;
  private static Path rules;

  @BeforeAll
  static void threeAgentJvmsChatAndPrometheusScrapesThem() throws Exception {
    LocalPrometheus.tool("prometheus");
    rules = Files.writeString(dir.resolve("rules.yaml"), RULES);
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < USERS.length; i++) {
      int port = LocalPrometheus.freePort();
      ports.add(port);
      Path report = dir.resolve("report-" + i + ".json");
      reports.add(report);
      ForkedChatServer server = ForkedChatServer.start(List.of(ForkedChatServer.javaAgentOption(ChatApp.agentJar(),
              Map.of("rules", rules.toString(), "report", report.toString(), "summary", "false"))),
          Map.of("OTEL_SERVICE_NAME", "chat-app", "OTEL_METRICS_EXPORTER", "prometheus", "OTEL_LOGS_EXPORTER", "none",
              "OTEL_EXPORTER_PROMETHEUS_PORT", String.valueOf(port)), Duration.ofSeconds(60));
      servers.add(server);
      ConcurrentChatUsers.chatOnce(server.endpoint(), "fleet-" + i + "-", USERS[i], Duration.ofSeconds(60));
    }
    prometheus = LocalPrometheus.start(scrapeConfig(ports), dir);
    prometheusUrl = "http://" + prometheus.address();
    awaitEveryTargetScraped(USERS.length, Duration.ofSeconds(60));

    // one more run on the first JVM, after Prometheus has its first samples: increase() must count it
    ConcurrentChatUsers.chatOnce(servers.get(0).endpoint(), "fleet-late-", 1, Duration.ofSeconds(60));
    Thread.sleep(4000); // several scrapes at 1 s
    for (ForkedChatServer server : servers) {
      server.stop(Duration.ofSeconds(30)); // writes the final report
    }
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    servers.forEach(ForkedChatServer::close);
  }

  /** The shipped prometheus.yml: intervals of 1 s, the three JVMs as the agent job's targets. */
  private static Path scrapeConfig(List<Integer> ports) throws Exception {
    String config = Files.readString(CollectorConfig.prometheusConfig())
        .replace("scrape_interval: 15s", "scrape_interval: 1s")
        .replace("evaluation_interval: 15s", "evaluation_interval: 1s")
        .replace("\"127.0.0.1:9464\"", ports.stream().map(p -> "\"127.0.0.1:" + p + "\"").collect(Collectors.joining(", ")))
        .replace("\"127.0.0.1:8889\"", "\"127.0.0.1:" + LocalPrometheus.freePort() + "\"");
    Files.copy(CollectorConfig.alertRules(), dir.resolve("sunset-alerts.yml"));
    return Files.writeString(dir.resolve("prometheus.yml"), config);
  }

  @SuppressWarnings("unchecked")
  private static void awaitEveryTargetScraped(int targets, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<Map<String, Object>> up = prometheus.query("count(up{job=\"sunset-agent\"} == 1)");
      List<Map<String, Object>> jobs = prometheus.query("count(count by (instance) (sunset_legacy_calls_total))");
      if (!up.isEmpty() && !jobs.isEmpty()
          && Double.parseDouble((String) ((List<Object>) up.get(0).get("value")).get(1)) == targets
          && Double.parseDouble((String) ((List<Object>) jobs.get(0).get("value")).get(1)) == targets) {
        Thread.sleep(1500); // one scrape more of each
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("prometheus did not scrape the " + targets + " JVMs:\n" + prometheus.log());
  }

  private static Map<String, Map<String, Object>> verdict(String... evidence) throws Exception {
    Path out = Files.createTempFile(dir, "verdict", ".json");
    List<String> args = new ArrayList<>(List.of("verdict", "--rules", rules.toString(), "--scan",
        ChatApp.jar().toString(), ChatApp.shimJar().toString(), "--min-days", "0", "--format", "json", "-o",
        out.toString()));
    args.addAll(List.of(evidence));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.exitCode()).as("%s", run).isZero();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rules = (List<Map<String, Object>>) JSON.std.mapFrom(Files.readString(out)).get("rules");
    Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
    rules.forEach(r -> byId.put((String) r.get("id"), r));
    return byId;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Long> siteCounts(Map<String, Map<String, Object>> verdict) {
    Map<String, Long> counts = new LinkedHashMap<>();
    verdict.forEach((id, rule) -> ((List<Map<String, Object>>) rule.get("sites")).forEach(s ->
        counts.put(id + " " + s.get("class") + "." + s.get("method") + ":" + s.get("line"),
            ((Number) s.get("count")).longValue())));
    return counts;
  }

  private static Path merged() throws Exception {
    Path merged = dir.resolve("merged.json");
    List<String> args = new ArrayList<>(List.of("merge", "-o", merged.toString()));
    reports.forEach(r -> args.add(r.toString()));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.exitCode()).as("%s", run).isZero();
    return merged;
  }

  @Test
  @SuppressWarnings("unchecked")
  void theFleetsVerdictFromPrometheusEqualsTheVerdictFromTheJvmsMergedReports() throws Exception {
    Map<String, Map<String, Object>> fromPrometheus = verdict("--prometheus", prometheusUrl, "--window", "1h");
    Map<String, Map<String, Object>> fromReports = verdict("--report", merged().toString());

    assertThat(fromPrometheus.keySet()).containsExactlyElementsOf(fromReports.keySet());
    fromReports.forEach((id, rule) -> assertThat(fromPrometheus.get(id).get("verdict")).as(id)
        .isEqualTo(rule.get("verdict")));
    assertThat(siteCounts(fromPrometheus)).isEqualTo(siteCounts(fromReports));
    assertThat(fromPrometheus.get("chat-client-connect").get("verdict")).isEqualTo("dead");
    assertThat(fromPrometheus.get("unified-with-connections").get("verdict")).isEqualTo("migrated");
    // both count the three JVMs that watched the rule (the default --min-jvms is 2)
    for (Map<String, Map<String, Object>> verdict : List.of(fromPrometheus, fromReports)) {
      assertThat(((Map<String, Object>) verdict.get("unified-with-connections").get("evidence")).get("jvms"))
          .isEqualTo(USERS.length);
    }
  }

  @Test
  void everySiteOfTheShippedRulesRanOncePerUserAcrossTheFleet() throws Exception {
    Map<String, Map<String, Object>> fromPrometheus = verdict("--prometheus", prometheusUrl, "--window", "1h");
    long users = 1;
    for (int u : USERS) {
      users += u;
    }
    long expected = users;
    Map<String, Long> counts = siteCounts(fromPrometheus);
    assertThat(counts).hasSize(12);
    assertThat(counts).allSatisfy((site, count) -> assertThat(count).as(site)
        .isEqualTo(site.startsWith("chat-client-connect") ? 0 : expected));
  }

  @Test
  @SuppressWarnings("unchecked")
  void bothQueriesTheVerdictRunsAnswerOnThisPrometheus() throws Exception {
    List<Map<String, Object>> increase = prometheus.query(String.format(Prometheus.CALLS_IN_WINDOW, "1h"));
    List<Map<String, Object>> firstSamples = prometheus.query(
        String.format(Prometheus.CALLS_BEFORE_FIRST_SAMPLE, "1h", "1h"));

    // 11 sites on each of 3 JVMs, summed per site: 11 rows each; only the first JVM's series rose after its
    // first sample, by one run
    assertThat(firstSamples).hasSize(11).allSatisfy(r -> assertThat(
        Double.parseDouble((String) ((List<Object>) r.get("value")).get(1))).isEqualTo(USERS[0] + USERS[1] + USERS[2]));
    assertThat(increase).hasSize(11).allSatisfy(r -> assertThat(
        Double.parseDouble((String) ((List<Object>) r.get("value")).get(1))).isBetween(0.5, 1.5));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theMergedReportSumsTheThreeReports() throws Exception {
    Map<String, Object> merged = JSON.std.mapFrom(Files.readString(merged()));
    long total = 0;
    for (Path r : reports) {
      for (Map<String, Object> s : (List<Map<String, Object>>) JSON.std.mapFrom(Files.readString(r)).get("callSites")) {
        total += ((Number) s.get("count")).longValue();
      }
    }
    long mergedTotal = ((List<Map<String, Object>>) merged.get("callSites")).stream()
        .mapToLong(s -> ((Number) s.get("count")).longValue()).sum();

    assertThat(mergedTotal).isEqualTo(total).isEqualTo(11L * (USERS[0] + USERS[1] + USERS[2] + 1));
    assertThat((List<Object>) merged.get("callSites")).hasSize(11);
  }
}
