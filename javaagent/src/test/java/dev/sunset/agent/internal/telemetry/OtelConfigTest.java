package dev.sunset.agent.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OtelConfigTest {
  private static OtelConfig config(Map<String, String> properties, Map<String, String> environment) {
    return OtelConfig.read(properties::get, environment::get);
  }

  @Test
  void withNothingConfiguredNoSdkIsRequested() {
    assertThat(config(Map.of(), Map.of()).sdkRequested()).isFalse();
    assertThat(config(Map.of(), Map.of("OTEL_SERVICE_NAME", "checkout")).sdkRequested()).isFalse();
  }

  @Test
  void anExporterOrAnOtlpEndpointRequestsTheSdk() {
    assertThat(config(Map.of(), Map.of("OTEL_METRICS_EXPORTER", "prometheus")).sdkRequested()).isTrue();
    assertThat(config(Map.of("otel.logs.exporter", "console"), Map.of()).sdkRequested()).isTrue();
    assertThat(config(Map.of(), Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")).sdkRequested())
        .isTrue();
    assertThat(config(Map.of(), Map.of("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://c:4318/v1/metrics"))
        .sdkRequested()).isTrue();
  }

  @Test
  void exportersSetToNoneOrADisabledSdkRequestNothing() {
    assertThat(config(Map.of(), Map.of("OTEL_METRICS_EXPORTER", "none", "OTEL_LOGS_EXPORTER", "none"))
        .sdkRequested()).isFalse();
    assertThat(config(Map.of(), Map.of("OTEL_METRICS_EXPORTER", "otlp", "OTEL_SDK_DISABLED", "true"))
        .sdkRequested()).isFalse();
    // an unset exporter is otlp, as in every OpenTelemetry SDK
    assertThat(config(Map.of(), Map.of("OTEL_METRICS_EXPORTER", "none")).sdkRequested()).isTrue();
  }

  @Test
  void aSystemPropertyWinsOverItsEnvironmentVariable() {
    OtelConfig config = config(Map.of("otel.exporter.prometheus.port", "9999"),
        Map.of("OTEL_EXPORTER_PROMETHEUS_PORT", "1111", "OTEL_EXPORTER_PROMETHEUS_HOST", "0.0.0.0"));

    assertThat(config.get("otel.exporter.prometheus.port")).isEqualTo("9999");
    assertThat(config.get("otel.exporter.prometheus.host")).isEqualTo("0.0.0.0");
    assertThat(OtelConfig.environmentName("otel.exporter.otlp.metrics.default-histogram-aggregation"))
        .isEqualTo("OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION");
  }

  @Test
  void sunsetsDefaultsAreNoTracesHttpProtobufAndALoopbackPrometheusEndpoint() {
    assertThat(config(Map.of(), Map.of()).sunsetDefaults()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "otel.traces.exporter", "none",
        "otel.exporter.otlp.protocol", "http/protobuf",
        "otel.exporter.prometheus.host", "127.0.0.1"));
  }

  @Test
  void theDescriptionNamesEachExporterAndWhereItSends() {
    assertThat(config(Map.of(), Map.of("OTEL_METRICS_EXPORTER", "prometheus,otlp",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318", "OTEL_LOGS_EXPORTER", "console")).describe())
        .isEqualTo("metrics to prometheus (http://127.0.0.1:9464/metrics), otlp (http/protobuf,"
            + " http://collector:4318); first-call events to console");
  }
}
