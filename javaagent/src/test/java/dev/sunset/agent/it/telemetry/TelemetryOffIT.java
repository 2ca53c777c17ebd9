package dev.sunset.agent.it.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With nothing configured, or with {@code telemetry=off}, Sunset loads no OpenTelemetry class and opens no
 * connection: the report is the output.
 */
class TelemetryOffIT {
  @TempDir
  Path dir;

  @Test
  void withNothingConfiguredNoOpenTelemetryClassIsLoadedAndTheReportIsTheOutput() throws Exception {
    Path classLog = dir.resolve("classes.log");
    Path report = dir.resolve("report.json");

    TelemetryJvm.Result run = new TelemetryJvm()
        .sunset("rules=" + TelemetryRules.write(dir) + ",report=" + report)
        .jvmArg("-Xlog:class+load=info:file=" + classLog)
        .run(60, "calls", "3");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(telemetryClasses(classLog)).isEmpty();
    assertThat(loadedClasses(classLog)).as("the agent ran").anyMatch(c -> c.startsWith("dev.sunset.agent.internal."));
    assertThat(run.agentLines()).noneMatch(l -> l.startsWith("telemetry"));
    assertThat(TelemetryRules.reportedSites(report)).isNotEmpty();
  }

  @Test
  void telemetryOffLoadsNothingAndSendsNothingEvenWithAnExporterConfigured() throws Exception {
    Path classLog = dir.resolve("classes.log");
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      TelemetryJvm.Result run = new TelemetryJvm()
          .sunset("rules=" + TelemetryRules.write(dir) + ",report=none")
          .jvmArg("-Xlog:class+load=info:file=" + classLog)
          .env("SUNSET_TELEMETRY", "off")
          .env("OTEL_METRICS_EXPORTER", "otlp")
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
          .run(60, "calls", "3");

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(telemetryClasses(classLog)).isEmpty();
      assertThat(receiver.paths()).isEmpty();
    }
  }

  /** OpenTelemetry and Prometheus classes, Sunset's relocated copies, and Sunset's OpenTelemetry bindings. */
  private static List<String> telemetryClasses(Path classLog) throws Exception {
    return loadedClasses(classLog).stream()
        .filter(c -> c.startsWith("dev.sunset.agent.shaded.otel.") || c.startsWith("dev.sunset.agent.shaded.prometheus.")
            || c.startsWith("dev.sunset.agent.internal.telemetry.otel.") || c.startsWith("io.opentelemetry.")
            || c.startsWith("dev.sunset.agent.internal.telemetry.StandaloneSdk")
            || c.startsWith("dev.sunset.agent.internal.telemetry.OtelAgentBridge"))
        .collect(Collectors.toList());
  }

  /** Class names from {@code -Xlog:class+load} lines such as {@code [info][class,load] a.B source: ...}. */
  private static List<String> loadedClasses(Path classLog) throws Exception {
    return Files.readAllLines(classLog).stream()
        .filter(l -> l.contains("[class,load]"))
        .map(l -> l.substring(l.indexOf("[class,load]") + "[class,load]".length()).trim())
        .map(l -> l.split(" ")[0])
        .collect(Collectors.toList());
  }
}
