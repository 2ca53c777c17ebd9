package dev.sunset.agent.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.Reach;
import dev.sunset.agent.internal.telemetry.data.CallSiteMetrics;
import dev.sunset.agent.internal.telemetry.data.FirstCallEvent;
import dev.sunset.agent.internal.telemetry.otel.OtelBinding;
import dev.sunset.core.rules.Stage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.semconv.CodeAttributes;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sunset's instruments and events on a real in-process SDK, read back from in-memory exporters. */
class OtelBindingTest {
  private static final String JAR = "file:/srv/app/lib/checkout-1.4.jar";
  private static final AttributeKey<String> RULE = AttributeKey.stringKey("sunset.rule");
  private static final AttributeKey<String> STAGE = AttributeKey.stringKey("sunset.stage");
  private static final AttributeKey<String> STATE = AttributeKey.stringKey("sunset.state");
  private static final AttributeKey<String> CODE_SOURCE = AttributeKey.stringKey("sunset.code_source");
  private static final AttributeKey<Boolean> OVERFLOW = AttributeKey.booleanKey("sunset.overflow");
  private static final AttributeKey<String> USE = AttributeKey.stringKey("sunset.use");
  private static final AttributeKey<String> MEMBER = AttributeKey.stringKey("sunset.member");

  private final Registry registry = Registry.withClockRules();
  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
      .setLoggerProvider(SdkLoggerProvider.builder().addLogRecordProcessor(SimpleLogRecordProcessor.create(logs)).build())
      .setTracerProvider(SdkTracerProvider.builder().build())
      .build();

  @AfterEach
  void closeSdk() {
    sdk.close();
  }

  private OtelBinding bind(int maxCallSiteSeries) {
    return OtelBinding.bind(sdk, new CallSiteMetrics(maxCallSiteSeries, message -> { }), registry::snapshot, "1.2.3");
  }

  @Test
  void callsAreReadAtCollectionTimeIntoAMonotonicCumulativeCounterPerCallSiteAndStage() {
    CallSiteInfo run = registry.site("clock-now", "com.acme.Checkout", "run", "Checkout.java", 42, JAR);
    CallSiteInfo open = registry.site("clock-create", "com.acme.Store", "open", "Store.java", 7, JAR);
    bind(100);
    registry.call(run, Stage.REDIRECT, 3);

    MetricData first = metric(reader.collectAllMetrics(), "sunset.legacy.calls");
    registry.call(run, Stage.REDIRECT, 2);
    registry.call(open, Stage.OBSERVE, 1);
    MetricData second = metric(reader.collectAllMetrics(), "sunset.legacy.calls");

    assertThat(first.getUnit()).isEqualTo("{call}");
    assertThat(first.getInstrumentationScopeInfo().getName()).isEqualTo("dev.sunset.agent");
    assertThat(first.getInstrumentationScopeInfo().getVersion()).isEqualTo("1.2.3");
    assertThat(first.getLongSumData().isMonotonic()).isTrue();
    assertThat(first.getLongSumData().getAggregationTemporality()).isEqualTo(AggregationTemporality.CUMULATIVE);
    assertThat(points(first)).containsExactly(Map.entry(Attributes.builder()
        .put(RULE, "clock-now").put(STAGE, "redirect")
        .put(CodeAttributes.CODE_FUNCTION_NAME, "com.acme.Checkout.run")
        .put(CodeAttributes.CODE_FILE_PATH, "com/acme/Checkout.java")
        .put(CodeAttributes.CODE_LINE_NUMBER, 42L)
        .put(CODE_SOURCE, JAR).build(), 3L));
    assertThat(points(second)).containsOnly(
        Map.entry(points(first).keySet().iterator().next(), 5L),
        Map.entry(Attributes.builder()
            .put(RULE, "clock-create").put(STAGE, "observe")
            .put(CodeAttributes.CODE_FUNCTION_NAME, "com.acme.Store.open")
            .put(CodeAttributes.CODE_FILE_PATH, "com/acme/Store.java")
            .put(CodeAttributes.CODE_LINE_NUMBER, 7L)
            .put(CODE_SOURCE, JAR).build(), 1L));
  }

  @Test
  void aSiteThatRunsAtAnotherStageAfterACollectionGetsASeriesForItWhileItsFirstSeriesKeepsItsTotal() {
    CallSiteInfo run = registry.site("clock-now", "com.acme.Checkout", "run", "Checkout.java", 42, JAR);
    bind(100);
    registry.call(run, Stage.OBSERVE, 4);
    Map<Attributes, Long> first = points(metric(reader.collectAllMetrics(), "sunset.legacy.calls"));
    registry.call(run, Stage.REDIRECT, 6);
    registry.call(run, Stage.OBSERVE, 1);

    Map<Attributes, Long> second = points(metric(reader.collectAllMetrics(), "sunset.legacy.calls"));

    Attributes observed = first.keySet().iterator().next();
    assertThat(observed.get(STAGE)).isEqualTo("observe");
    assertThat(second).containsOnly(Map.entry(observed, 5L),
        Map.entry(observed.toBuilder().put(STAGE, "redirect").build(), 6L));
  }

  @Test
  void theCallSitesGaugeCountsCalledAndUncalledSitesPerRule() {
    CallSiteInfo run = registry.site("clock-now", "com.acme.Checkout", "run", "Checkout.java", 42, JAR);
    registry.site("clock-now", "com.acme.Checkout", "refund", "Checkout.java", 77, JAR);
    registry.site("clock-create", "com.acme.Store", "open", "Store.java", 7, JAR);
    registry.call(run, Stage.REDIRECT, 1);
    bind(100);

    MetricData sites = metric(reader.collectAllMetrics(), "sunset.call_sites");

    assertThat(sites.getUnit()).isEqualTo("{call_site}");
    assertThat(sites.getLongGaugeData().getPoints())
        .extracting(p -> p.getAttributes().get(RULE), p -> p.getAttributes().get(STATE), LongPointData::getValue)
        .containsExactlyInAnyOrder(
            tuple("clock-now", "called", 1L), tuple("clock-now", "uncalled", 1L),
            tuple("clock-create", "called", 0L), tuple("clock-create", "uncalled", 1L));
  }

  @Test
  void theDenyTimeGaugeGivesTheScheduledDenyDateInSeconds() {
    bind(100);

    MetricData deny = metric(reader.collectAllMetrics(), "sunset.rule.deny_time");

    assertThat(deny.getUnit()).isEqualTo("s");
    assertThat(deny.getLongGaugeData().getPoints()).singleElement().satisfies(p -> {
      assertThat(p.getAttributes()).isEqualTo(Attributes.of(RULE, "clock-create"));
      assertThat(p.getValue()).isEqualTo(Instant.parse("2026-03-15T00:00:00Z").getEpochSecond());
    });
  }

  @Test
  void callsBeyondTheCapArriveInAnOverflowSeriesThatNamesOnlyRuleAndStage() {
    for (int i = 1; i <= 3; i++) {
      registry.call(registry.site("clock-now", "com.acme.Gen" + i, "run", "Gen.java", i, JAR), Stage.REDIRECT, 10);
    }
    bind(1);

    MetricData calls = metric(reader.collectAllMetrics(), "sunset.legacy.calls");

    assertThat(points(calls)).containsEntry(
        Attributes.builder().put(RULE, "clock-now").put(STAGE, "redirect").put(OVERFLOW, true).build(), 20L);
    assertThat(points(calls)).hasSize(2);
  }

  @Test
  void theFirstCallEventCarriesItsNameTheCallSiteTheJarAndTheStageAndNothingElse() {
    CallSiteInfo run = registry.site("clock-now", "com.acme.Checkout", "run", "Checkout.java", 42, JAR);
    run.claimFirstCall(Instant.parse("2026-03-01T12:00:01Z"));
    OtelBinding binding = bind(100);

    new FirstCallEvents(() -> binding, null).onFirstCall(run, Stage.DENY);

    LogRecordData event = logs.getFinishedLogRecordItems().get(0);
    assertThat(logs.getFinishedLogRecordItems()).hasSize(1);
    assertThat(event.getEventName()).isEqualTo("sunset.call_site.first_call");
    assertThat(event.getAttributes()).isEqualTo(Attributes.builder()
        .put(RULE, "clock-now").put(STAGE, "deny")
        .put(CodeAttributes.CODE_FUNCTION_NAME, "com.acme.Checkout.run")
        .put(CodeAttributes.CODE_FILE_PATH, "com/acme/Checkout.java")
        .put(CodeAttributes.CODE_LINE_NUMBER, 42L)
        .put(CODE_SOURCE, JAR).build());
    assertThat(event.getTimestampEpochNanos()).isEqualTo(Instant.parse("2026-03-01T12:00:01Z").toEpochMilli() * 1_000_000);
    assertThat(event.getSeverity()).isEqualTo(Severity.WARN);
    assertThat(event.getBodyValue().asString()).isEqualTo("first call of legacy call site"
        + " com.acme.Checkout.run(Checkout.java:42) [rule clock-now, stage deny] in " + JAR);
    assertThat(event.getInstrumentationScopeInfo().getName()).isEqualTo("dev.sunset.agent");
    assertThat(event.getSpanContext().isValid()).isFalse();
  }

  @Test
  void theFirstCallEventIsCorrelatedWithTheSpanCurrentOnTheCallingThread() {
    CallSiteInfo run = registry.site("clock-now", "com.acme.Checkout", "run", "Checkout.java", 42, JAR);
    OtelBinding binding = bind(100);
    Span span = sdk.getTracer("app").spanBuilder("checkout").startSpan();

    try (Scope ignored = span.makeCurrent()) {
      new FirstCallEvents(() -> binding, null).onFirstCall(run, Stage.REDIRECT);
    } finally {
      span.end();
    }

    assertThat(logs.getFinishedLogRecordItems()).singleElement().satisfies(event -> {
      assertThat(event.getSpanContext().getTraceId()).isEqualTo(span.getSpanContext().getTraceId());
      assertThat(event.getSpanContext().getSpanId()).isEqualTo(span.getSpanContext().getSpanId());
      assertThat(event.getSeverity()).isEqualTo(Severity.INFO);
    });
  }

  @Test
  void withoutACurrentSpanTheEventTakesTheSpanTheApplicationMadeCurrentInItsOwnApi() {
    CallSiteInfo run = registry.site("clock-now", "com.acme.Checkout", "run", "Checkout.java", 42, JAR);
    OtelBinding binding = bind(100);
    FirstCallEvent.SpanIds app = new FirstCallEvent.SpanIds("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
        (byte) 1);

    binding.emit(FirstCallEvents.event(run, Stage.REDIRECT, app));

    assertThat(logs.getFinishedLogRecordItems()).singleElement().satisfies(event -> {
      assertThat(event.getSpanContext().getTraceId()).isEqualTo(app.traceId());
      assertThat(event.getSpanContext().getSpanId()).isEqualTo(app.spanId());
      assertThat(event.getSpanContext().isSampled()).isTrue();
    });
  }

  @Test
  void aClassRulesSitesOnOneLineHaveASeriesAndAnEventEachNamingTheirUseAndMember() {
    Registry classes = Registry.withClockAndClassRules();
    CallSiteInfo created = classes.use("registry", Reach.REWRITTEN_NEW, "<init>()", "com.acme.Checkout", "run",
        "Checkout.java", 42, JAR);
    CallSiteInfo read = classes.use("registry", Reach.REWRITTEN_FIELD_READ, "name", "com.acme.Checkout", "run",
        "Checkout.java", 42, JAR);
    classes.call(created, Stage.OBSERVE, 2);
    classes.call(read, Stage.OBSERVE, 5);
    OtelBinding binding = OtelBinding.bind(sdk, new CallSiteMetrics(100, message -> { }), classes::snapshot, "1.2.3");

    MetricData calls = metric(reader.collectAllMetrics(), "sunset.legacy.calls");
    new FirstCallEvents(() -> binding, null).onFirstCall(created, Stage.OBSERVE);
    new FirstCallEvents(() -> binding, null).onFirstCall(read, Stage.OBSERVE);

    Attributes site = Attributes.builder().put(RULE, "registry").put(STAGE, "observe")
        .put(CodeAttributes.CODE_FUNCTION_NAME, "com.acme.Checkout.run")
        .put(CodeAttributes.CODE_FILE_PATH, "com/acme/Checkout.java")
        .put(CodeAttributes.CODE_LINE_NUMBER, 42L)
        .put(CODE_SOURCE, JAR).build();
    Attributes created42 = site.toBuilder().put(USE, "new").put(MEMBER, "<init>()").build();
    Attributes read42 = site.toBuilder().put(USE, "field-read").put(MEMBER, "name").build();
    assertThat(points(calls)).isEqualTo(Map.of(created42, 2L, read42, 5L));
    assertThat(logs.getFinishedLogRecordItems()).extracting(LogRecordData::getAttributes)
        .containsExactly(created42, read42);
    assertThat(logs.getFinishedLogRecordItems()).extracting(e -> e.getBodyValue().asString()).containsExactly(
        "first call of legacy call site com.acme.Checkout.run(Checkout.java:42) new <init>() [rule registry, stage"
            + " observe] in " + JAR,
        "first call of legacy call site com.acme.Checkout.run(Checkout.java:42) field-read name [rule registry, stage"
            + " observe] in " + JAR);
  }

  private static MetricData metric(Collection<MetricData> metrics, String name) {
    List<MetricData> named = metrics.stream().filter(m -> m.getName().equals(name)).collect(Collectors.toList());
    assertThat(named).as("metric %s in %s", name, metrics).hasSize(1);
    return named.get(0);
  }

  private static Map<Attributes, Long> points(MetricData sum) {
    return sum.getLongSumData().getPoints().stream()
        .collect(Collectors.toMap(LongPointData::getAttributes, LongPointData::getValue));
  }
}
