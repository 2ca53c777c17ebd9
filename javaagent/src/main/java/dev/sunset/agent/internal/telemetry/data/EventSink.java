package dev.sunset.agent.internal.telemetry.data;

/** Where first-call events go: an OpenTelemetry logger, Sunset's own or the OpenTelemetry Java agent's. */
public interface EventSink {
  /** Emits the event on the calling thread, without blocking on export; never throws. */
  void emit(FirstCallEvent event);
}
