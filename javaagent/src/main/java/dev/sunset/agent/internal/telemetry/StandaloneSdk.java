package dev.sunset.agent.internal.telemetry;

import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.agent.internal.registry.CallSiteSnapshot;
import dev.sunset.agent.internal.registry.FirstCallListener;
import dev.sunset.agent.internal.telemetry.data.CallSiteMetrics;
import dev.sunset.agent.internal.telemetry.otel.OtelBinding;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Sunset's own OpenTelemetry SDK (relocated into the agent jar), configured by the SDK's autoconfiguration
 * from the standard {@code OTEL_*} variables and {@code otel.*} properties, with Sunset's defaults below
 * them. Loaded only when {@link OtelConfig#sdkRequested()}.
 *
 * <p>The SDK starts on a background thread, so that the application's start does not wait for it (building it
 * loads some 700 classes); first-call events made meanwhile wait in a bounded buffer, and the instruments read
 * cumulative counts, so nothing is missed.
 */
final class StandaloneSdk implements Telemetry {
  /** How many first-call events may wait for the SDK to start. */
  static final int PENDING_EVENTS = 2048;

  private final String description;
  private final PendingEvents events = new PendingEvents(PENDING_EVENTS);
  private final Thread starter;
  private volatile OpenTelemetrySdk sdk;

  private StandaloneSdk(OtelConfig config, CallSiteMetrics metrics, Supplier<CallSiteSnapshot> snapshots,
      String version) {
    this.description = "OpenTelemetry SDK: " + config.describe();
    this.starter = new Thread(() -> build(config, metrics, snapshots, version), "sunset-otel-start");
    this.starter.setDaemon(true);
  }

  /** Adds the first-call listener and starts the SDK in the background; a failure to start is logged there. */
  static StandaloneSdk start(OtelConfig config, CallSiteMetrics metrics, Supplier<CallSiteSnapshot> snapshots,
      Consumer<FirstCallListener> listeners, String version) {
    StandaloneSdk telemetry = new StandaloneSdk(config, metrics, snapshots, version);
    listeners.accept(new FirstCallEvents(() -> telemetry.events, new AppSpans()));
    telemetry.starter.start();
    return telemetry;
  }

  private void build(OtelConfig config, CallSiteMetrics metrics, Supplier<CallSiteSnapshot> snapshots,
      String version) {
    try {
      OpenTelemetrySdk built = AutoConfiguredOpenTelemetrySdk.builder()
          .addPropertiesSupplier(config::sunsetDefaults)
          .setServiceClassLoader(StandaloneSdk.class.getClassLoader())
          .disableShutdownHook() // Sunset's exit hook flushes, after its last report
          .build()
          .getOpenTelemetrySdk();
      OtelBinding binding = OtelBinding.bind(built, metrics, snapshots, version);
      sdk = built;
      events.ready(binding);
    } catch (Throwable t) {
      events.discard();
      AgentLog.once(LogTopic.TELEMETRY_START, "telemetry: cannot start OpenTelemetry; Sunset's telemetry is off"
          + " (the report is unaffected): " + TelemetryStarter.describeWithCause(t));
    }
  }

  /** Waits at most {@code timeout} for the SDK to start; returns whether it runs. */
  boolean awaitStarted(Duration timeout) throws InterruptedException {
    starter.join(Math.max(1, timeout.toMillis()));
    return sdk != null;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public void shutdown(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!awaitStarted(timeout)) {
        return; // it failed to start (and said so), or is still starting: nothing to flush
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    // Shutting down flushes: one last collection and export of the metrics, and the pending events. Parts of it
    // block (the metric reader waits up to 5 s for a stuck export), so it runs on a thread of its own that the
    // exit waits for at most the time left; a backend that is down cannot hold the JVM's exit longer.
    Thread flush = new Thread(() -> {
      try {
        sdk.shutdown().join(left, TimeUnit.MILLISECONDS);
      } catch (Throwable t) {
        AgentLog.failureOnce(LogTopic.TELEMETRY_SHUTDOWN, "telemetry: could not flush at exit", t);
      }
    }, "sunset-otel-shutdown");
    flush.setDaemon(true);
    flush.start();
    try {
      flush.join(left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (flush.isAlive()) {
      AgentLog.info("telemetry: the last export did not complete within " + timeout.toMillis() + " ms; it is dropped");
    }
  }
}
