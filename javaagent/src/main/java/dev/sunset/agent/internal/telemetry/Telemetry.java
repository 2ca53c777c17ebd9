package dev.sunset.agent.internal.telemetry;

import java.time.Duration;

/**
 * Sunset's telemetry as the agent sees it once started: a description for its start-up line, and a final
 * flush at exit.
 */
public interface Telemetry {
  /** How long the agent's exit waits at most for the last export, so that a backend that is down cannot hold it. */
  Duration EXIT_TIMEOUT = Duration.ofSeconds(2);

  /** Telemetry that is off: nothing is loaded, nothing goes over the network. */
  Telemetry OFF = new Telemetry() {
    @Override
    public String description() {
      return "off";
    }

    @Override
    public void shutdown(Duration timeout) {}
  };

  /** Where telemetry goes, for people: {@code off}, or the exporters and endpoints in use. */
  String description();

  /**
   * Exports what is still pending and stops, waiting at most {@code timeout}; never throws. When the
   * OpenTelemetry Java agent carries the telemetry, that agent flushes at its own exit instead.
   */
  void shutdown(Duration timeout);
}
