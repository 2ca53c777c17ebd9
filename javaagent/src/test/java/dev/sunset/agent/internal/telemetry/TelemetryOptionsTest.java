package dev.sunset.agent.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.agent.internal.config.AgentOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sunset's own telemetry options, read like every agent option: argument, then property, then environment. */
class TelemetryOptionsTest {
  private static AgentOptions read(String args, Map<String, String> properties, Map<String, String> environment) {
    return AgentOptions.read(args, properties::get, environment::get);
  }

  @Test
  void telemetryIsOnUnlessTurnedOff() {
    assertThat(read("", Map.of(), Map.of()).telemetryEnabled()).isTrue();
    assertThat(read("telemetry=off", Map.of(), Map.of()).telemetryEnabled()).isFalse();
    assertThat(read("", Map.of("sunset.telemetry", "OFF"), Map.of()).telemetryEnabled()).isFalse();
    assertThat(read("", Map.of(), Map.of("SUNSET_TELEMETRY", "off")).telemetryEnabled()).isFalse();
    assertThat(read("telemetry=auto", Map.of(), Map.of("SUNSET_TELEMETRY", "off")).telemetryEnabled()).isTrue();
  }

  @Test
  void theSeriesCapDefaultsToAThousandAndABadValueFallsBackToIt() {
    assertThat(read("", Map.of(), Map.of()).maxCallSiteSeries()).isEqualTo(1000);
    assertThat(read("maxCallSiteSeries=250", Map.of(), Map.of()).maxCallSiteSeries()).isEqualTo(250);
    assertThat(read("", Map.of(), Map.of("SUNSET_MAX_CALL_SITE_SERIES", "0")).maxCallSiteSeries()).isZero();
    assertThat(read("maxCallSiteSeries=-3", Map.of(), Map.of()).maxCallSiteSeries()).isEqualTo(1000);
    assertThat(read("maxCallSiteSeries=lots", Map.of(), Map.of()).maxCallSiteSeries()).isEqualTo(1000);
  }
}
