package dev.sunset.agent.it.telemetry;

import static dev.sunset.agent.it.telemetry.TelemetryRules.SITES;
import static dev.sunset.agent.it.telemetry.TelemetryRules.attributesOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alongside the real OpenTelemetry Java agent (from Maven Central), Sunset's telemetry goes through that
 * agent's SDK, whichever {@code -javaagent} comes first: Sunset's metrics arrive in the same export, under the
 * same resource, as that agent's own, and the first-call event of a call made inside a span the application
 * started through the OpenTelemetry API carries that span's trace.
 */
class OtelJavaagentBridgeIT {
  @TempDir
  Path dir;

  @ParameterizedTest(name = "OpenTelemetry agent first: {0}")
  @ValueSource(booleans = {true, false})
  void sunsetsTelemetryTravelsInTheOpenTelemetryAgentsPipeline(boolean otelFirst) throws Exception {
    Assumptions.assumeTrue(Files.isRegularFile(TelemetryJvm.otelJavaagentJar()),
        "the OpenTelemetry Java agent is copied to target/ by the build");
    Path report = dir.resolve("report.json");
    String sunsetOptions = "rules=" + TelemetryRules.write(dir) + ",report=" + report;
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      TelemetryJvm jvm = new TelemetryJvm();
      if (otelFirst) {
        jvm.otelJavaagent().sunset(sunsetOptions);
      } else {
        jvm.sunset(sunsetOptions).otelJavaagent();
      }
      TelemetryJvm.Result run = jvm
          .classPath(TelemetryJvm.otelApiJars())
          .env("OTEL_SERVICE_NAME", "bridge-it")
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
          .env("OTEL_METRICS_EXPORTER", "otlp")
          .env("OTEL_LOGS_EXPORTER", "otlp")
          .env("OTEL_TRACES_EXPORTER", "none")
          .run(120, "otel-api-span");
      assertThat(run.exitCode()).as(run.toString()).isZero();

      // one pipeline: Sunset did not start an SDK of its own
      assertThat(run.agentLines()).as(run.toString())
          .contains("telemetry: through the OpenTelemetry Java agent (its SDK, resource and exporters)")
          .noneMatch(l -> l.startsWith("telemetry: OpenTelemetry SDK"));

      ExportMetricsServiceRequest export = receiver.awaitMetrics(
          r -> Otlp.sunsetMetric(r, "sunset.legacy.calls").isPresent(), java.time.Duration.ofSeconds(30));
      ResourceMetrics resource = Otlp.sunsetResource(export);
      Map<String, Object> resourceAttributes = Otlp.attributes(resource.getResource().getAttributesList());
      assertThat(resourceAttributes).containsEntry("service.name", "bridge-it")
          .containsEntry("telemetry.distro.name", "opentelemetry-java-instrumentation");
      List<String> scopes = resource.getScopeMetricsList().stream().map(sm -> sm.getScope().getName())
          .collect(Collectors.toList());
      assertThat(scopes).as("Sunset's scope next to the OpenTelemetry agent's own metrics")
          .contains(Otlp.SCOPE).anyMatch(s -> s.startsWith("io.opentelemetry."));
      assertThat(export.getResourceMetricsList().stream()
          .filter(rm -> rm.getScopeMetricsList().stream().map(ScopeMetrics::getScope)
              .anyMatch(s -> s.getName().equals(Otlp.SCOPE)))).hasSize(1);

      List<ExportMetricsServiceRequest> exports = receiver.metrics();
      assertThat(Otlp.points(Otlp.sunsetMetric(exports.get(exports.size() - 1), "sunset.legacy.calls").orElseThrow()))
          .isEqualTo(Map.of(
              attributesOf(report, "clock-now", "observe", SITES, "traced"), 1L,
              attributesOf(report, "clock-create", "redirect", SITES, "busy"), 3L,
              attributesOf(report, "clock-now", "observe", SITES, "busy"), 3L,
              attributesOf(report, "clock-create", "redirect", SITES, "once"), 1L,
              attributesOf(report, "clock-describe", "deny", SITES, "denied"), 1L));

      List<Otlp.Event> events = Otlp.sunsetEvents(receiver.logs());
      assertThat(events).hasSize(5).allSatisfy(e -> {
        assertThat(e.record().getEventName()).isEqualTo("sunset.call_site.first_call");
        assertThat(e.resource()).containsEntry("service.name", "bridge-it");
      });
      assertThat(events).filteredOn(e -> (SITES + ".traced").equals(e.attributes().get("code.function.name")))
          .singleElement().satisfies(e -> {
            assertThat(e.traceId()).isEqualTo(run.values().get("traceId"));
            assertThat(e.spanId()).isEqualTo(run.values().get("spanId"));
          });
      assertThat(events).filteredOn(e -> (SITES + ".busy").equals(e.attributes().get("code.function.name")))
          .hasSize(2).allSatisfy(e -> assertThat(e.record().getTraceId().isEmpty()).isTrue());
    }
  }
}
