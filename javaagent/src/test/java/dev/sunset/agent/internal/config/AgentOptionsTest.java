package dev.sunset.agent.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {
  @Test
  void theAgentArgumentWinsOverPropertiesWhichWinOverTheEnvironment() {
    Map<String, String> props = Map.of("sunset.report", "prop.json", "sunset.rules", "prop.yaml");
    Map<String, String> env = Map.of("SUNSET_REPORT", "env.json", "SUNSET_RULES", "env.yaml",
        "SUNSET_REPORT_INTERVAL", "3s");

    AgentOptions o = AgentOptions.read("rules=arg.yaml", props::get, env::get);

    assertThat(o.rulesFile()).isEqualTo(Path.of("arg.yaml"));
    assertThat(o.reportFile()).isEqualTo(Path.of("prop.json"));
    assertThat(o.reportInterval()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void reportNoneTurnsTheReportOff() {
    assertThat(AgentOptions.read("report=none", k -> null, k -> null).reportFile()).isNull();
  }

  @Test
  void defaultsApplyWhenNothingIsGiven() {
    AgentOptions o = AgentOptions.read(null, k -> null, k -> null);

    assertThat(o.rulesFile()).isNull();
    assertThat(o.reportFile()).isEqualTo(Path.of("sunset-report.json"));
    assertThat(o.reportInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.summary()).isTrue();
  }

  @Test
  void aBadIntervalFallsBackToTheDefault() {
    assertThat(AgentOptions.read("reportInterval=often", k -> null, k -> null).reportInterval())
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(AgentOptions.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(AgentOptions.parseDuration("PT2M")).isEqualTo(Duration.ofMinutes(2));
  }
}
