package dev.sunset.agent.internal.telemetry;

import dev.sunset.agent.internal.config.AgentOptions;
import dev.sunset.agent.internal.config.SystemLookup;
import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.agent.internal.registry.CallSiteSnapshot;
import dev.sunset.agent.internal.registry.FirstCallListener;
import dev.sunset.agent.internal.telemetry.data.CallSiteMetrics;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Decides at the agent's start where call-site telemetry goes, and starts it:
 *
 * <ol>
 *   <li>nowhere with {@code telemetry=off};
 *   <li>through the OpenTelemetry Java agent's SDK when that agent is attached too;
 *   <li>through Sunset's own SDK when an OpenTelemetry exporter or OTLP endpoint is configured;
 *   <li>else nowhere: no OpenTelemetry class is loaded, nothing goes over the network, and the report is the
 *       output.
 * </ol>
 *
 * <p>This class names no OpenTelemetry type, so that deciding costs nothing when telemetry stays off.
 */
public final class TelemetryStarter {
  private TelemetryStarter() {}

  /**
   * Starts the telemetry of the running agent, reading snapshots from {@code snapshots} and first calls
   * through {@code listeners}; any failure is logged and leaves telemetry off.
   */
  public static Telemetry start(AgentOptions options, Supplier<CallSiteSnapshot> snapshots,
      Consumer<FirstCallListener> listeners) {
    return start(options.telemetryEnabled(), options.maxCallSiteSeries(), snapshots, listeners,
        SystemLookup.PROPERTIES, SystemLookup.ENVIRONMENT);
  }

  /**
   * Starts telemetry reading snapshots from {@code snapshots} and first calls through {@code listeners}.
   *
   * @param systemProperties and {@code environment} hold the standard OpenTelemetry configuration
   */
  static Telemetry start(boolean enabled, int maxCallSiteSeries, Supplier<CallSiteSnapshot> snapshots,
      Consumer<FirstCallListener> listeners, Function<String, String> systemProperties,
      Function<String, String> environment) {
    if (!enabled) {
      return Telemetry.OFF;
    }
    try {
      OtelConfig config = OtelConfig.read(systemProperties, environment);
      if (!config.javaagentDisabled() && OtelAgentDetection.attached(environment)) {
        return OtelAgentBridge.start(metrics(maxCallSiteSeries), snapshots, listeners, version());
      }
      if (!config.sdkRequested()) {
        return Telemetry.OFF;
      }
      Telemetry telemetry = StandaloneSdk.start(config, metrics(maxCallSiteSeries), snapshots, listeners,
          version());
      AgentLog.info("telemetry: " + telemetry.description());
      return telemetry;
    } catch (Throwable t) {
      AgentLog.once(LogTopic.TELEMETRY_START, "telemetry: cannot start OpenTelemetry; Sunset's telemetry is off"
          + " (the report is unaffected): " + describeWithCause(t));
      return Telemetry.OFF;
    }
  }

  /** A failure and, when it wraps another, the innermost cause, which usually says what to fix. */
  static String describeWithCause(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return AgentLog.describe(failure) + (root == failure ? "" : " (cause: " + AgentLog.describe(root) + ")");
  }

  private static CallSiteMetrics metrics(int maxCallSiteSeries) {
    return new CallSiteMetrics(maxCallSiteSeries, AgentLog.INFO);
  }

  /** Sunset's version, from the agent jar's manifest. */
  static String version() {
    String version = TelemetryStarter.class.getPackage().getImplementationVersion();
    return version == null ? "unknown" : version;
  }
}
