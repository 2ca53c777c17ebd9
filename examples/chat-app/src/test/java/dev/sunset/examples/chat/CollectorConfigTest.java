package dev.sunset.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.testing.LocalPrometheus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped collector, Prometheus and Grafana configuration is well-formed: Prometheus's own promtool accepts
 * the scrape configuration and the alert rules, and, since no OpenTelemetry Collector binary can be installed on
 * these machines, the collector configuration is checked structurally against the components it uses.
 */
class CollectorConfigTest {
  /**
   * The components {@code otelcol.yaml} may use and the signals each handles, as the collector's own registry
   * would say (receivers, processors and exporters of the official distributions). A component missing here
   * fails the test: add it with the signals its documentation lists.
   */
  private static final Map<String, Map<String, Set<String>>> COMPONENTS = Map.of(
      "receivers", Map.of("otlp", Set.of("traces", "metrics", "logs")),
      "processors", Map.of(
          "memory_limiter", Set.of("traces", "metrics", "logs"),
          "batch", Set.of("traces", "metrics", "logs"),
          "filter", Set.of("traces", "metrics", "logs"),
          "transform", Set.of("traces", "metrics", "logs"),
          "groupbyattrs", Set.of("traces", "metrics", "logs"),
          "cumulativetodelta", Set.of("metrics"),
          "metricstransform", Set.of("metrics"),
          "deltatocumulative", Set.of("metrics"),
          "logdedup", Set.of("logs")),
      "exporters", Map.of(
          "prometheus", Set.of("metrics"),
          "debug", Set.of("traces", "metrics", "logs"),
          "otlp", Set.of("traces", "metrics", "logs"),
          "otlphttp", Set.of("traces", "metrics", "logs")));

  @Test
  void promtoolAcceptsTheShippedScrapeConfigurationAndTheRuleFileItNames() throws Exception {
    Map.Entry<Integer, String> check = LocalPrometheus.promtool("check", "config",
        CollectorConfig.prometheusConfig().toString());

    assertThat(check.getKey()).as(check.getValue()).isZero();
    assertThat(check.getValue()).contains("SUCCESS: 1 rule files found");
  }

  @Test
  void promtoolAcceptsTheShippedAlertRules() throws Exception {
    Map.Entry<Integer, String> check = LocalPrometheus.promtool("check", "rules",
        CollectorConfig.alertRules().toString());

    assertThat(check.getKey()).as(check.getValue()).isZero();
    assertThat(check.getValue()).contains("SUCCESS: " + CollectorConfig.alertExpressions().size() + " rules found");
  }

  @ParameterizedTest
  @ValueSource(strings = {"otelcol.yaml", "otelcol-fleet.yaml"})
  @SuppressWarnings("unchecked")
  void everyCollectorPipelineNamesDefinedComponentsOfTheRightKindForItsSignal(String file) throws Exception {
    Map<String, Object> config = CollectorConfig.yaml(CollectorConfig.dir().resolve(file));
    Map<String, Object> service = (Map<String, Object>) config.get("service");
    Map<String, Object> pipelines = (Map<String, Object>) service.get("pipelines");
    List<String> problems = new ArrayList<>();
    Set<String> used = new HashSet<>();

    assertThat(config.keySet()).isSubsetOf("receivers", "processors", "exporters", "connectors", "extensions",
        "service");
    assertThat(pipelines.keySet()).extracting(id -> id.contains("/") ? id.substring(0, id.indexOf('/')) : id)
        .contains("metrics", "logs");
    pipelines.forEach((id, value) -> {
      String signal = id.contains("/") ? id.substring(0, id.indexOf('/')) : id;
      if (!Set.of("traces", "metrics", "logs").contains(signal)) {
        problems.add("pipeline " + id + ": not a signal");
        return;
      }
      Map<String, Object> pipeline = (Map<String, Object>) value;
      for (String kind : List.of("receivers", "processors", "exporters")) {
        List<String> names = CollectorConfig.names(pipeline, kind);
        if (!kind.equals("processors") && names.isEmpty()) {
          problems.add("pipeline " + id + ": no " + kind);
        }
        Map<String, Object> defined = (Map<String, Object>) config.getOrDefault(kind, Map.of());
        for (String name : names) {
          String type = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
          Set<String> signals = COMPONENTS.get(kind).get(type);
          if (!defined.containsKey(name)) {
            problems.add("pipeline " + id + ": " + kind + " " + name + " is not defined");
          } else if (signals == null) {
            problems.add("pipeline " + id + ": " + type + " is not a known " + kind.substring(0, kind.length() - 1));
          } else if (!signals.contains(signal)) {
            problems.add("pipeline " + id + ": " + name + " does not handle " + signal);
          }
          used.add(kind + ":" + name);
        }
      }
      List<String> processors = CollectorConfig.names(pipeline, "processors");
      if (!processors.isEmpty() && (!processors.get(0).startsWith("memory_limiter")
          || !processors.get(processors.size() - 1).startsWith("batch"))) {
        problems.add("pipeline " + id + ": memory_limiter must come first and batch last, not " + processors);
      }
    });
    for (String kind : List.of("receivers", "processors", "exporters")) {
      for (String name : ((Map<String, Object>) config.getOrDefault(kind, Map.of())).keySet()) {
        if (!used.contains(kind + ":" + name)) {
          problems.add(kind + " " + name + " is defined but in no pipeline");
        }
      }
    }
    Map<String, Object> extensions = (Map<String, Object>) config.getOrDefault("extensions", Map.of());
    for (String extension : CollectorConfig.names(service, "extensions")) {
      if (!extensions.containsKey(extension)) {
        problems.add("extension " + extension + " is not defined");
      }
    }

    assertThat(problems).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theCollectorListensAndServesOnTheLoopbackAddressAsShipped() throws Exception {
    Map<String, Object> config = CollectorConfig.yaml(CollectorConfig.dir().resolve("otelcol.yaml"));
    Map<String, Object> protocols = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
        config.get("receivers")).get("otlp")).get("protocols");
    Map<String, Object> prometheus = (Map<String, Object>) ((Map<String, Object>) config.get("exporters"))
        .get("prometheus");

    assertThat(((Map<String, Object>) protocols.get("http")).get("endpoint")).isEqualTo("127.0.0.1:4318");
    assertThat(((Map<String, Object>) protocols.get("grpc")).get("endpoint")).isEqualTo("127.0.0.1:4317");
    assertThat(prometheus.get("endpoint")).isEqualTo("127.0.0.1:8889");
    // the Prometheus configuration scrapes that endpoint
    assertThat(java.nio.file.Files.readString(CollectorConfig.prometheusConfig())).contains("\"127.0.0.1:8889\"");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyDashboardPanelAndQueryUsesTheDatasourceVariable() throws Exception {
    Map<String, Object> dashboard = CollectorConfig.dashboardJson();
    List<Map<String, Object>> variables = (List<Map<String, Object>>) ((Map<String, Object>)
        dashboard.get("templating")).get("list");
    List<Map<String, Object>> panels = (List<Map<String, Object>>) dashboard.get("panels");

    assertThat(dashboard.get("schemaVersion")).isInstanceOf(Number.class);
    assertThat(variables).anySatisfy(v -> {
      assertThat(v).containsEntry("name", "datasource").containsEntry("type", "datasource")
          .containsEntry("query", "prometheus");
    });
    assertThat(panels).isNotEmpty().allSatisfy(panel -> {
      assertThat((Map<String, Object>) panel.get("datasource")).containsEntry("uid", "${datasource}");
      assertThat((List<Map<String, Object>>) panel.get("targets")).isNotEmpty().allSatisfy(target -> {
        assertThat((Map<String, Object>) target.get("datasource")).containsEntry("uid", "${datasource}");
        assertThat((String) target.get("expr")).containsPattern("sunset_[a-z_]+");
      });
    });
    assertThat(panels).extracting(p -> p.get("id")).doesNotHaveDuplicates();
  }

  @Test
  void theDashboardDrawsCallsByRuleTopCallSitesRemainingSitesAndCallsByStage() throws Exception {
    Map<String, String> queries = CollectorConfig.dashboardQueries();

    assertThat(queries).hasEntrySatisfying("Legacy calls per second by rule / A",
        q -> assertThat(q).contains("sum by (sunset_rule)").contains("rate(sunset_legacy_calls_total"));
    assertThat(queries).hasEntrySatisfying("Top legacy call sites / A",
        q -> assertThat(q).contains("code_function_name").contains("\"location\", \":\", \"code_file_path\", "
            + "\"code_line_number\""));
    assertThat(queries).hasEntrySatisfying("Remaining call sites per rule / A",
        q -> assertThat(q).contains("sunset_call_sites").contains("sunset_state=\"called\""));
    assertThat(queries).hasEntrySatisfying("Remaining call sites per rule / B",
        q -> assertThat(q).contains("sunset_call_sites").contains("sunset_state=\"uncalled\""));
    assertThat(queries).hasEntrySatisfying("Legacy calls per second by stage / A",
        q -> assertThat(q).contains("sum by (sunset_stage)"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theProvisioningFilesGiveGrafanaTheDashboardFolderAndAPrometheusDataSource() throws Exception {
    Path provisioning = CollectorConfig.dir().resolve("grafana/provisioning");
    Map<String, Object> dashboards = CollectorConfig.yaml(provisioning.resolve("dashboards/sunset.yaml"));
    Map<String, Object> datasources = CollectorConfig.yaml(provisioning.resolve("datasources/prometheus.yaml"));

    assertThat(dashboards).containsEntry("apiVersion", 1);
    assertThat((List<Map<String, Object>>) dashboards.get("providers")).singleElement().satisfies(p -> {
      assertThat(p).containsEntry("type", "file");
      assertThat((Map<String, Object>) p.get("options")).containsKey("path");
    });
    assertThat((List<Map<String, Object>>) datasources.get("datasources")).singleElement()
        .satisfies(d -> assertThat(d).containsEntry("type", "prometheus").containsKey("url"));
  }
}
