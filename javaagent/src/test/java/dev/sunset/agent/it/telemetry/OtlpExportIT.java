package dev.sunset.agent.it.telemetry;

import static dev.sunset.agent.it.telemetry.Otlp.map;
import static dev.sunset.agent.it.telemetry.TelemetryRules.SITES;
import static dev.sunset.agent.it.telemetry.TelemetryRules.attributesOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.agent.it.telemetry.fixtures.TelemetryApp;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sunset's own SDK, configured only through the standard {@code OTEL_*} variables, exports over OTLP
 * (http/protobuf) to an in-process receiver that decodes the protobuf payloads: the exact series, attributes,
 * values and events, under the configured resource.
 */
class OtlpExportIT {
  private static final int BUSY_CALLS = 5;

  @TempDir
  static Path dir;

  private static OtlpReceiver receiver;
  private static Path report;
  private static TelemetryJvm.Result run;

  @BeforeAll
  static void theAppRunsOnceWithTheSdkExportingToTheReceiver() throws Exception {
    receiver = OtlpReceiver.start();
    report = dir.resolve("report.json");
    run = new TelemetryJvm()
        .sunset("rules=" + TelemetryRules.write(dir) + ",report=" + report)
        .env("OTEL_SERVICE_NAME", "checkout")
        .env("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=staging,team=payments")
        .env("OTEL_METRICS_EXPORTER", "otlp")
        .env("OTEL_LOGS_EXPORTER", "otlp")
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
        .run(60, "calls", String.valueOf(BUSY_CALLS));
    assertThat(run.exitCode()).as(run.toString()).isZero();
  }

  @AfterAll
  static void stopReceiver() {
    receiver.close();
  }

  /** The last metrics export: the one made at exit, with the final counts (the interval is a minute). */
  private static ExportMetricsServiceRequest lastExport() {
    List<ExportMetricsServiceRequest> exports = receiver.metrics();
    assertThat(exports).as(run.toString()).isNotEmpty();
    return exports.get(exports.size() - 1);
  }

  @Test
  void theAgentSaysWhereItsTelemetryGoes() {
    assertThat(run.agentLines()).contains("telemetry: OpenTelemetry SDK: metrics to otlp (http/protobuf, "
        + receiver.endpoint() + "); first-call events to otlp (http/protobuf, " + receiver.endpoint() + ")");
    assertThat(receiver.paths()).containsOnly("/v1/metrics", "/v1/logs");
  }

  @Test
  void everyCalledSiteArrivesAsOneCumulativeMonotonicSeriesWithItsExactCount() throws Exception {
    Metric calls = Otlp.sunsetMetric(lastExport(), "sunset.legacy.calls").orElseThrow();

    assertThat(calls.getUnit()).isEqualTo("{call}");
    assertThat(calls.getSum().getIsMonotonic()).isTrue();
    assertThat(calls.getSum().getAggregationTemporality())
        .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
    assertThat(Otlp.points(calls)).isEqualTo(Map.of(
        attributesOf(report, "clock-create", "redirect", SITES, "busy"), (long) BUSY_CALLS,
        attributesOf(report, "clock-now", "observe", SITES, "busy"), (long) BUSY_CALLS,
        attributesOf(report, "clock-create", "redirect", SITES, "once"), 1L,
        attributesOf(report, "clock-describe", "deny", SITES, "denied"), 1L));
  }

  @Test
  void theCallSitesGaugeCountsCalledAndUncalledSitesOfEachRule() {
    Metric sites = Otlp.sunsetMetric(lastExport(), "sunset.call_sites").orElseThrow();

    assertThat(sites.getUnit()).isEqualTo("{call_site}");
    assertThat(Otlp.points(sites)).isEqualTo(Map.of(
        map("sunset.rule", "clock-create", "sunset.state", "called"), 2L,
        map("sunset.rule", "clock-create", "sunset.state", "uncalled"), 0L,
        // never() and traced() are loaded with CallSites and do not run in this scenario
        map("sunset.rule", "clock-now", "sunset.state", "called"), 1L,
        map("sunset.rule", "clock-now", "sunset.state", "uncalled"), 2L,
        map("sunset.rule", "clock-describe", "sunset.state", "called"), 1L,
        // ModernClock.describeOrFallBack calls LegacyClock.describe: ModernClock replaces clock-create only, so
        // for clock-describe it is a caller like any other, and deleting describe would break it
        map("sunset.rule", "clock-describe", "sunset.state", "uncalled"), 1L));
  }

  @Test
  void theDenyDateOfARuleScheduleArrivesInSeconds() {
    Metric deny = Otlp.sunsetMetric(lastExport(), "sunset.rule.deny_time").orElseThrow();

    assertThat(deny.getUnit()).isEqualTo("s");
    assertThat(Otlp.points(deny)).isEqualTo(Map.of(map("sunset.rule", "clock-now"),
        LocalDate.parse(TelemetryRules.NOW_DENY_DATE).atStartOfDay(ZoneOffset.UTC).toEpochSecond()));
  }

  @Test
  void theMetricsCarryTheResourceFromTheStandardVariables() {
    Map<String, Object> resource = Otlp.attributes(Otlp.sunsetResource(lastExport()).getResource().getAttributesList());

    assertThat(resource).containsEntry("service.name", "checkout")
        .containsEntry("deployment.environment.name", "staging")
        .containsEntry("team", "payments")
        .containsEntry("telemetry.sdk.name", "opentelemetry")
        .containsEntry("telemetry.sdk.language", "java");
  }

  @Test
  void eachCallSiteEmitsExactlyOneFirstCallEventWithItsAttributesJarAndStage() throws Exception {
    List<Otlp.Event> events = Otlp.sunsetEvents(receiver.logs());

    assertThat(events).allSatisfy(e -> {
      assertThat(e.record().getEventName()).isEqualTo("sunset.call_site.first_call");
      assertThat(e.resource()).containsEntry("service.name", "checkout");
    });
    assertThat(events).extracting(Otlp.Event::attributes).containsExactlyInAnyOrder(
        attributesOf(report, "clock-create", "redirect", SITES, "busy"),
        attributesOf(report, "clock-now", "observe", SITES, "busy"),
        attributesOf(report, "clock-create", "redirect", SITES, "once"),
        attributesOf(report, "clock-describe", "deny", SITES, "denied"));
    assertThat(events).filteredOn(e -> "deny".equals(e.attributes().get("sunset.stage")))
        .singleElement().satisfies(e -> assertThat(e.record().getSeverityNumber())
            .isEqualTo(SeverityNumber.SEVERITY_NUMBER_WARN));
  }

  @Test
  void noArgumentOrReturnValueOfALegacyCallReachesTheBackend() {
    List<byte[]> payloads = receiver.payloads();
    assertThat(run.stdout()).contains(TelemetryApp.SECRET); // the application did pass and get it back

    assertThat(payloads).isNotEmpty().allSatisfy(body ->
        assertThat(new String(body, StandardCharsets.ISO_8859_1)).doesNotContain(TelemetryApp.SECRET)
            .doesNotContain("card-4242"));
  }

  @Test
  void theApplicationRunsAsItWouldWithoutTelemetry() throws Exception {
    TelemetryJvm.Result without = new TelemetryJvm()
        .sunset("rules=" + TelemetryRules.write(dir) + ",report=none")
        .run(60, "calls", String.valueOf(BUSY_CALLS));

    Map<String, String> with = new java.util.HashMap<>(run.values());
    Map<String, String> plain = new java.util.HashMap<>(without.values());
    with.remove("mainEndedAtMillis");
    plain.remove("mainEndedAtMillis");
    assertThat(with).isEqualTo(plain).containsKeys("busy", "denied", "legacyRuns");
  }

  @Test
  void callsOfSitesBeyondTheCapAreCountedInAnOverflowSeries() throws Exception {
    try (OtlpReceiver capped = OtlpReceiver.start()) {
      TelemetryJvm.Result generated = new TelemetryJvm()
          .sunset("rules=" + TelemetryRules.write(dir) + ",report=none,maxCallSiteSeries=5")
          .env("OTEL_METRICS_EXPORTER", "otlp")
          .env("OTEL_LOGS_EXPORTER", "none")
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", capped.endpoint())
          .run(60, "generated", "12");
      assertThat(generated.exitCode()).as(generated.toString()).isZero();

      List<ExportMetricsServiceRequest> exports = capped.metrics();
      Map<Map<String, Object>, Long> points =
          Otlp.points(Otlp.sunsetMetric(exports.get(exports.size() - 1), "sunset.legacy.calls").orElseThrow());

      // Site0000i is called i times; sites are given series in report order, so 1 to 5 keep theirs
      Map<String, Long> own = new java.util.TreeMap<>();
      List<Long> overflow = new ArrayList<>();
      points.forEach((attributes, value) -> {
        if (Boolean.TRUE.equals(attributes.get("sunset.overflow"))) {
          assertThat(attributes).isEqualTo(map("sunset.rule", "clock-now", "sunset.stage", "observe",
              "sunset.overflow", true));
          overflow.add(value);
        } else {
          own.put((String) attributes.get("code.function.name"), value);
        }
      });
      String fixtures = "dev.sunset.agent.it.telemetry.fixtures.";
      assertThat(own).isEqualTo(Map.of(fixtures + "Site00001.run", 1L, fixtures + "Site00002.run", 2L,
          fixtures + "Site00003.run", 3L, fixtures + "Site00004.run", 4L, fixtures + "Site00005.run", 5L));
      assertThat(overflow).containsExactly(6L + 7 + 8 + 9 + 10 + 11 + 12);
      assertThat(generated.agentLines()).anyMatch(l -> l.startsWith("telemetry: more than 5 legacy call sites"));
    }
  }

  @Test
  void theFirstCallEventJoinsTheTraceTheApplicationStartedWithItsOwnSdk() throws Exception {
    try (OtlpReceiver traced = OtlpReceiver.start()) {
      TelemetryJvm.Result app = new TelemetryJvm()
          .sunset("rules=" + TelemetryRules.write(dir) + ",report=none")
          .classPath(TelemetryJvm.otelApiJars())
          .classPath(TelemetryJvm.jars("opentelemetry-sdk-trace-", "opentelemetry-sdk-common-"))
          .env("OTEL_METRICS_EXPORTER", "none")
          .env("OTEL_LOGS_EXPORTER", "otlp")
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", traced.endpoint())
          .run(60, "app-sdk-span");
      assertThat(app.exitCode()).as(app.toString()).isZero();

      assertThat(Otlp.sunsetEvents(traced.logs())).singleElement().satisfies(event -> {
        assertThat(event.attributes()).containsEntry("code.function.name", SITES + ".traced");
        assertThat(event.traceId()).isEqualTo(app.values().get("traceId"));
        assertThat(event.spanId()).isEqualTo(app.values().get("spanId"));
      });
    }
  }
}
