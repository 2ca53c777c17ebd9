package dev.sunset.agent.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.agent.internal.registry.FirstCallListener;
import dev.sunset.core.rules.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TelemetryStarterTest {
  private final Registry registry = Registry.withClockRules();
  private final List<FirstCallListener> listeners = new ArrayList<>();

  private Telemetry start(boolean enabled, Map<String, String> properties, Map<String, String> environment) {
    return TelemetryStarter.start(enabled, 10, registry::snapshot, listeners::add, properties::get, environment::get);
  }

  @Test
  void withNothingConfiguredTelemetryIsOffAndNoListenerIsAdded() {
    Telemetry telemetry = start(true, Map.of(), Map.of());

    assertThat(telemetry).isSameAs(Telemetry.OFF);
    assertThat(telemetry.description()).isEqualTo("off");
    assertThat(listeners).isEmpty();
  }

  @Test
  void telemetryOffWinsOverAConfiguredExporter() {
    Telemetry telemetry = start(false, Map.of(), Map.of("OTEL_METRICS_EXPORTER", "console"));

    assertThat(telemetry).isSameAs(Telemetry.OFF);
    assertThat(listeners).isEmpty();
  }

  @Test
  void aConfiguredExporterStartsSunsetsOwnSdkInTheBackgroundAndItsEventsWaitForIt() throws Exception {
    Map<String, String> properties = Map.of("otel.metrics.exporter", "none", "otel.logs.exporter", "console");
    Telemetry telemetry = withSystemProperties(properties, () -> start(true, properties, Map.of()));
    try {
      assertThat(telemetry.description())
          .isEqualTo("OpenTelemetry SDK: metrics to none; first-call events to console");
      assertThat(telemetry).isInstanceOf(StandaloneSdk.class);
      assertThat(((StandaloneSdk) telemetry).awaitStarted(Duration.ofSeconds(30))).isTrue();
      assertThat(listeners).singleElement().isInstanceOf(FirstCallEvents.class);
    } finally {
      telemetry.shutdown(Telemetry.EXIT_TIMEOUT);
    }
  }

  @Test
  void anSdkThatCannotStartLeavesTelemetryOffAndKeepsNoEvents() throws Exception {
    // grpc needs a sender the agent jar does not carry
    Map<String, String> properties = Map.of("otel.metrics.exporter", "otlp", "otel.logs.exporter", "none",
        "otel.exporter.otlp.protocol", "grpc");
    Telemetry telemetry = withSystemProperties(properties, () -> start(true, properties, Map.of()));

    assertThat(((StandaloneSdk) telemetry).awaitStarted(Duration.ofSeconds(30))).isFalse();
    listeners.get(0).onFirstCall(registry.site("clock-now", "com.acme.A", "run", "A.java", 1, "file:/a.jar"),
        Stage.REDIRECT);
    telemetry.shutdown(Duration.ofMillis(100)); // returns at once: nothing to flush
  }

  /**
   * The SDK's autoconfiguration reads the real system properties, on its own thread: set them until it has
   * started (or failed to).
   */
  private static Telemetry withSystemProperties(Map<String, String> properties, Supplier<Telemetry> start) {
    properties.forEach(System::setProperty);
    try {
      Telemetry telemetry = start.get();
      if (telemetry instanceof StandaloneSdk) {
        ((StandaloneSdk) telemetry).awaitStarted(Duration.ofSeconds(30));
      }
      return telemetry;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    } finally {
      properties.keySet().forEach(System::clearProperty);
    }
  }
}
