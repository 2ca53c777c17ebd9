package dev.sunset.agent.internal.telemetry;

import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.FirstCallListener;
import dev.sunset.agent.internal.telemetry.data.CallSiteMetrics;
import dev.sunset.agent.internal.telemetry.data.EventSink;
import dev.sunset.agent.internal.telemetry.data.FirstCallEvent;
import dev.sunset.core.rules.Stage;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Turns the first call of each call site into a {@code sunset.call_site.first_call} event, on the calling
 * thread so that the event is correlated with the span current there.
 *
 * <p>The event is built from the call site's metadata only: the listener never sees the call's arguments.
 */
public final class FirstCallEvents implements FirstCallListener {
  private final Supplier<EventSink> connector;
  private final AppSpans appSpans;
  private volatile EventSink sink;

  /**
   * Events that go to {@code connector}'s sink once it has one: it is asked on each first call until it
   * answers non-null (it answers null while the OpenTelemetry Java agent has not finished starting).
   *
   * @param appSpans looks up the application's current span, or null when the sink sees it already
   */
  public FirstCallEvents(Supplier<EventSink> connector, AppSpans appSpans) {
    this.connector = connector;
    this.appSpans = appSpans;
  }

  @Override
  public void onFirstCall(CallSiteInfo site, Stage stage) {
    try {
      EventSink target = sink;
      if (target == null) {
        target = connector.get();
        if (target == null) {
          AgentLog.once(LogTopic.TELEMETRY_EVENT_LOST, "telemetry: the first call of " + site.callerForPeople()
              + " came before OpenTelemetry was ready; it is counted, but its event is not emitted");
          return;
        }
        sink = target;
      }
      target.emit(event(site, stage, appSpans == null ? null : appSpans.current()));
    } catch (Throwable t) {
      AgentLog.failureOnce(LogTopic.TELEMETRY_EVENT, "telemetry: could not emit the first-call event of "
          + site.callerForPeople(), t);
    }
  }

  /** The event of a site's first call at {@code stage}. */
  static FirstCallEvent event(CallSiteInfo site, Stage stage, FirstCallEvent.SpanIds appSpan) {
    Instant at = site.firstCallAt() == null ? Instant.now() : site.firstCallAt();
    return new FirstCallEvent(site.ruleId(), stage == null ? Stage.OBSERVE.id() : stage.id(),
        CallSiteMetrics.functionName(site), CallSiteMetrics.filePath(site), site.line(), site.codeSource(),
        site.classUse(), site.callerForPeople(), at, appSpan);
  }
}
