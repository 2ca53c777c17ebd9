package dev.sunset.agent.internal.telemetry;

import dev.sunset.agent.internal.linkage.FirstCallListener;
import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.report.CallSiteSnapshot;
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
 */
final class StandaloneSdk implements Telemetry {
  private final OpenTelemetrySdk sdk;
  private final String description;

  private StandaloneSdk(OpenTelemetrySdk sdk, String description) {
    this.sdk = sdk;
    this.description = description;
  }

  /** Starts the SDK, registers the instruments and adds the first-call listener; throws if the SDK cannot start. */
  static Telemetry start(OtelConfig config, CallSiteMetrics metrics, Supplier<CallSiteSnapshot> snapshots,
      Consumer<FirstCallListener> listeners, String version) {
    OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(config::sunsetDefaults)
        .setServiceClassLoader(StandaloneSdk.class.getClassLoader())
        .disableShutdownHook() // Sunset's exit hook flushes, after its last report
        .build()
        .getOpenTelemetrySdk();
    OtelBinding binding = OtelBinding.bind(sdk, metrics, snapshots, version);
    listeners.accept(new FirstCallEvents(() -> binding, new AppSpans()));
    return new StandaloneSdk(sdk, "OpenTelemetry SDK: " + config.describe());
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public void shutdown(Duration timeout) {
    try {
      // shutting down flushes: one last collection and export of the metrics, and the pending events
      if (!sdk.shutdown().join(timeout.toMillis(), TimeUnit.MILLISECONDS).isSuccess()) {
        AgentLog.info("telemetry: the last export did not complete within " + timeout.toMillis() + " ms");
      }
    } catch (Throwable t) {
      AgentLog.failureOnce("telemetry-shutdown", "telemetry: could not flush at exit", t);
    }
  }
}
