package dev.sunset.agent.internal.telemetry.otel;

import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.agent.internal.registry.CallSiteSnapshot;
import dev.sunset.agent.internal.registry.ClassUse;
import dev.sunset.agent.internal.telemetry.data.CallSiteMetrics;
import dev.sunset.agent.internal.telemetry.data.EventSink;
import dev.sunset.agent.internal.telemetry.data.FirstCallEvent;
import dev.sunset.agent.internal.telemetry.data.MetricFrame;
import dev.sunset.agent.internal.telemetry.data.TelemetryNames;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.BatchCallback;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Sunset's metrics and events on an OpenTelemetry API instance: asynchronous instruments read from the call-site
 * registry at collection time, and one log record per call site's first call.
 *
 * <p>This class and the rest of its package use nothing but the OpenTelemetry API and context (and Sunset's
 * own types), so that the same code serves two worlds: Sunset's relocated SDK, and, rewritten at run time to
 * the OpenTelemetry Java agent's API by {@code OtelAgentBridge}, that agent's SDK. Calls never reach it: the
 * call path only counts, and the instruments read the counts when the SDK collects.
 */
public final class OtelBinding implements EventSink, AutoCloseable {
  private static final AttributeKey<String> RULE = AttributeKey.stringKey(TelemetryNames.RULE);
  private static final AttributeKey<String> STAGE = AttributeKey.stringKey(TelemetryNames.STAGE);
  private static final AttributeKey<String> STATE = AttributeKey.stringKey(TelemetryNames.STATE);
  private static final AttributeKey<String> CODE_SOURCE = AttributeKey.stringKey(TelemetryNames.CODE_SOURCE);
  private static final AttributeKey<Boolean> OVERFLOW = AttributeKey.booleanKey(TelemetryNames.OVERFLOW);
  private static final AttributeKey<String> FUNCTION = AttributeKey.stringKey(TelemetryNames.CODE_FUNCTION_NAME);
  private static final AttributeKey<String> FILE_PATH = AttributeKey.stringKey(TelemetryNames.CODE_FILE_PATH);
  private static final AttributeKey<Long> LINE = AttributeKey.longKey(TelemetryNames.CODE_LINE_NUMBER);
  private static final AttributeKey<String> USE = AttributeKey.stringKey(TelemetryNames.USE);
  private static final AttributeKey<String> MEMBER = AttributeKey.stringKey(TelemetryNames.MEMBER);

  private final CallSiteMetrics metrics;
  private final Supplier<CallSiteSnapshot> snapshots;
  private final Logger logger;
  private final ObservableLongMeasurement calls;
  private final ObservableLongMeasurement callSites;
  private final ObservableLongMeasurement denyTimes;
  private final BatchCallback callback;
  /**
   * The attributes of each series recorded so far, by its point with value 0: built and sorted once, not at every
   * collection (10,000 series took most of a collection's time building them). It holds what the metrics keep
   * anyway: every series they admitted (at most their cap of sites, by stage) and the overflow series. Concurrent, as
   * two readers may collect at once.
   */
  private final Map<MetricFrame.CallPoint, Attributes> seriesAttributes = new ConcurrentHashMap<>();

  private OtelBinding(OpenTelemetry openTelemetry, CallSiteMetrics metrics, Supplier<CallSiteSnapshot> snapshots,
      String version) {
    this.metrics = metrics;
    this.snapshots = snapshots;
    Meter meter = openTelemetry.meterBuilder(TelemetryNames.SCOPE).setInstrumentationVersion(version)
        .setSchemaUrl(TelemetryNames.SCHEMA_URL).build();
    this.logger = openTelemetry.getLogsBridge().loggerBuilder(TelemetryNames.SCOPE)
        .setInstrumentationVersion(version).setSchemaUrl(TelemetryNames.SCHEMA_URL).build();
    this.calls = meter.counterBuilder(TelemetryNames.CALLS).setUnit(TelemetryNames.CALLS_UNIT)
        .setDescription("Calls of legacy call sites, by call site and by the stage they ran at.").buildObserver();
    this.callSites = meter.gaugeBuilder(TelemetryNames.CALL_SITES).ofLongs().setUnit(TelemetryNames.CALL_SITES_UNIT)
        .setDescription("Legacy call sites loaded, by rule: called at least once, or never run.").buildObserver();
    this.denyTimes = meter.gaugeBuilder(TelemetryNames.DENY_TIME).ofLongs().setUnit(TelemetryNames.DENY_TIME_UNIT)
        .setDescription("When a rule's schedule moves it to deny (start of that day, UTC), in seconds since the"
            + " epoch.").buildObserver();
    this.callback = meter.batchCallback(this::record, calls, callSites, denyTimes);
  }

  /**
   * Registers Sunset's instruments on {@code openTelemetry} and returns the sink of its first-call events.
   *
   * @param snapshots takes a snapshot of every call site; called once per collection
   * @param version Sunset's version, for the instrumentation scope
   */
  public static OtelBinding bind(OpenTelemetry openTelemetry, CallSiteMetrics metrics,
      Supplier<CallSiteSnapshot> snapshots, String version) {
    return new OtelBinding(openTelemetry, metrics, snapshots, version);
  }

  /**
   * As {@link #bind}, on the global instance. Only the copy of this class rewritten to the OpenTelemetry Java
   * agent's API calls it, once that agent has installed its SDK as the global instance.
   */
  public static OtelBinding bindGlobal(CallSiteMetrics metrics, Supplier<CallSiteSnapshot> snapshots,
      String version) {
    return bind(GlobalOpenTelemetry.get(), metrics, snapshots, version);
  }

  private void record() {
    try {
      MetricFrame frame = metrics.collect(snapshots.get());
      for (MetricFrame.CallPoint p : frame.calls()) {
        MetricFrame.CallPoint series = p.withValue(0);
        Attributes attributes = seriesAttributes.get(series);
        if (attributes == null) {
          attributes = attributesOf(p);
          seriesAttributes.put(series, attributes);
        }
        calls.record(p.value(), attributes);
      }
      for (MetricFrame.SitesPoint p : frame.callSites()) {
        callSites.record(p.value(), Attributes.of(RULE, p.rule(), STATE, p.state()));
      }
      for (MetricFrame.DenyTimePoint p : frame.denyTimes()) {
        denyTimes.record(p.epochSecond(), Attributes.of(RULE, p.rule()));
      }
    } catch (Throwable t) {
      AgentLog.failureOnce(LogTopic.TELEMETRY_COLLECT, "telemetry: could not collect the call-site metrics", t);
    }
  }

  @Override
  public void emit(FirstCallEvent event) {
    try {
      AttributesBuilder attributes = Attributes.builder()
          .put(RULE, event.rule())
          .put(STAGE, event.stage())
          .put(FUNCTION, event.function());
      if (event.filePath() != null) {
        attributes.put(FILE_PATH, event.filePath());
      }
      if (event.line() > 0) {
        attributes.put(LINE, event.line());
      }
      attributes.put(CODE_SOURCE, event.codeSource());
      putClassUse(attributes, event.classUse());
      boolean enforced = "warn".equals(event.stage()) || "deny".equals(event.stage());
      logger.logRecordBuilder()
          .setEventName(TelemetryNames.FIRST_CALL_EVENT)
          .setTimestamp(event.at())
          .setContext(context(event))
          .setSeverity(enforced ? Severity.WARN : Severity.INFO)
          .setSeverityText(enforced ? "WARN" : "INFO")
          .setBody("first call of legacy call site " + event.siteForPeople() + " [rule " + event.rule()
              + ", stage " + event.stage() + "] in " + event.codeSource())
          .setAllAttributes(attributes.build())
          .emit();
    } catch (Throwable t) {
      AgentLog.failureOnce(LogTopic.TELEMETRY_EMIT, "telemetry: could not emit a first-call event", t);
    }
  }

  /** The attributes of a point's series: everything but its value. */
  private static Attributes attributesOf(MetricFrame.CallPoint p) {
    AttributesBuilder attributes = Attributes.builder().put(RULE, p.rule()).put(STAGE, p.stage());
    if (p.overflow()) {
      attributes.put(OVERFLOW, true);
    } else {
      attributes.put(FUNCTION, p.function());
      if (p.filePath() != null) {
        attributes.put(FILE_PATH, p.filePath());
      }
      if (p.line() > 0) {
        attributes.put(LINE, p.line());
      }
      attributes.put(CODE_SOURCE, p.codeSource());
      putClassUse(attributes, p.classUse());
    }
    return attributes.build();
  }

  /** A class rule's site's use and member; nothing for a method rule's, whose attributes stay as they always were. */
  private static void putClassUse(AttributesBuilder attributes, ClassUse classUse) {
    if (classUse != null) {
      attributes.put(USE, classUse.use().id());
      attributes.put(MEMBER, classUse.member());
    }
  }

  /** The context to correlate with: the current one, or the application's span when Sunset found one. */
  private static Context context(FirstCallEvent event) {
    Context current = Context.current();
    FirstCallEvent.SpanIds app = event.appSpan();
    if (app == null || Span.fromContext(current).getSpanContext().isValid()) {
      return current;
    }
    SpanContext appContext = SpanContext.create(app.traceId(), app.spanId(), TraceFlags.fromByte(app.flags()),
        TraceState.getDefault());
    return current.with(Span.wrap(appContext));
  }

  /** Unregisters the instruments' callback. */
  @Override
  public void close() {
    callback.close();
  }
}
