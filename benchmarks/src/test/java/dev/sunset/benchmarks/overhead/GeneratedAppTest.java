package dev.sunset.benchmarks.overhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sunset.benchmarks.probe.TelemetryProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedAppTest {
  @Test
  void theGeneratedApplicationRunsEveryLegacyBodyOnceWithoutTheAgent(@TempDir Path dir) throws Exception {
    GeneratedApp.Shape shape = new GeneratedApp.Shape(25, 10, 4);
    assertThat(shape.legacyClasses()).isEqualTo(3);
    assertThat(shape.sites()).isEqualTo(12);
    GeneratedApp app = GeneratedApp.generate(dir.resolve("app"), shape, List.of(TelemetryProbe.class));

    Jvm jvm = Jvm.of(null);
    Jvm.Run main = jvm.run(List.of("-cp", app.jar().toString(), GeneratedApp.MAIN), Map.of(), Duration.ofMinutes(1))
        .requireSuccess("Main");
    assertThat(main.stdout().trim()).isEqualTo(app.mainOutput(12));
    Jvm.Run hello = jvm.run(List.of("-cp", app.jar().toString(), GeneratedApp.HELLO), Map.of(), Duration.ofMinutes(1))
        .requireSuccess("Hello");
    assertThat(hello.stdout().trim()).isEqualTo("Hello");
    assertThat(Files.readString(app.rules())).contains("legacy: legacy.LegacyApi#a(int)",
        "replacement: modern.ModernApi#c(int)").containsPattern("(?s)(stage: redirect.*){3}");
  }

  @Test
  void aSecondGenerationOfTheSameShapeReusesTheJarAndAnotherShapeReplacesIt(@TempDir Path dir) throws Exception {
    GeneratedApp first = GeneratedApp.generate(dir, new GeneratedApp.Shape(3, 1, 1), List.of());
    long written = Files.getLastModifiedTime(first.jar()).toMillis();
    Files.setLastModifiedTime(first.jar(), FileTime.fromMillis(written - 60_000));
    GeneratedApp.generate(dir, new GeneratedApp.Shape(3, 1, 1), List.of());
    assertThat(Files.getLastModifiedTime(first.jar()).toMillis()).isEqualTo(written - 60_000);
    GeneratedApp.generate(dir, new GeneratedApp.Shape(4, 1, 1), List.of());
    assertThat(Files.getLastModifiedTime(first.jar()).toMillis()).isGreaterThan(written - 60_000);
  }

  @Test
  void aShapeWithoutClassesOrSitesIsRefused() {
    assertThatThrownBy(() -> new GeneratedApp.Shape(0, 1, 1)).hasMessageContaining("at least 1");
  }

  @Test
  void seriesOfTheCallCounterAreCountedWithTheirOverflow() {
    String exposition = String.join("\n",
        "# TYPE sunset_legacy_calls_total counter",
        "sunset_legacy_calls_total{code_line_number=\"7\",sunset_rule=\"a\",sunset_stage=\"redirect\"} 2.0",
        "sunset_legacy_calls_total{sunset_overflow=\"true\",sunset_rule=\"a\",sunset_stage=\"redirect\"} 9.0",
        "sunset_call_sites{sunset_rule=\"a\",sunset_state=\"called\"} 3.0");
    assertThat(TelemetryCommand.countSeries(exposition)).containsExactly(2, 1);
  }
}
