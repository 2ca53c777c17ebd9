package dev.sunset.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sunset.core.report.SiteKey;
import dev.sunset.core.report.SiteMatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The settings sunset-junit reads, and its baselines: each bad one is one line naming the key or file and what is
 * wrong; without any, nothing is written or failed.
 */
class SettingsTest {
  @TempDir
  Path dir;

  private static Settings read(Map<String, String> values) throws Settings.Invalid {
    return Settings.from(key -> Optional.ofNullable(values.get(key)));
  }

  @Test
  void withoutSettingsNothingIsWrittenOrFailedAndSitesMatchByLine() throws Exception {
    Settings s = read(Map.of());

    assertThat(s.report()).isNull();
    assertThat(s.baseline()).isNull();
    assertThat(s.failOnNew()).isFalse();
    assertThat(s.match()).isEqualTo(SiteMatch.LINE);
    assertThat(s.agentWaitMillis()).isEqualTo(3000);
  }

  @Test
  void eachSettingIsRead() throws Exception {
    Settings s = read(Map.of("sunset.junit.report", "out/tests.json", "sunset.junit.baseline", "base.json",
        "sunset.junit.failOnNew", " TRUE ", "sunset.junit.match", "method", "sunset.junit.agentWaitMillis", "0"));

    assertThat(s).isEqualTo(new Settings(Path.of("out/tests.json"), Path.of("base.json"), true, SiteMatch.METHOD, 0));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "sunset.junit.failOnNew|yes|sunset.junit.failOnNew is 'yes', not true or false",
      "sunset.junit.match|file|sunset.junit.match is 'file', not line or method",
      "sunset.junit.agentWaitMillis|-1|sunset.junit.agentWaitMillis is '-1', not a number of milliseconds up to 600000",
      "sunset.junit.agentWaitMillis|soon|sunset.junit.agentWaitMillis is 'soon', not a number of milliseconds up to"
          + " 600000"})
  void aBadSettingIsOneLineNamingItsKeyAndValue(String key, String value, String message) {
    assertThatThrownBy(() -> read(Map.of(key, value))).isInstanceOf(Settings.Invalid.class).hasMessage(message);
  }

  @Test
  void aBaselineIsAReportOrAScanAndAnythingElseIsOneLineNamingTheFile() throws IOException {
    Path scan = Files.writeString(dir.resolve("scan.json"), "{\"format\": \"sunset-scan/1\", \"rules\": [], \"callSites\":"
        + " [{\"rule\": \"r\", \"class\": \"com.acme.A\", \"method\": \"run\", \"line\": 7}]}");
    Path verdict = Files.writeString(dir.resolve("verdict.json"), "{\"format\": \"sunset-verdict/1\"}");
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"format\": ");

    assertThat(Baseline.read(scan).contains(new SiteKey("r", "com.acme.A", "run", 9), SiteMatch.METHOD)).isTrue();
    assertThat(Baseline.read(scan).contains(new SiteKey("r", "com.acme.A", "run", 9), SiteMatch.LINE)).isFalse();
    for (Path bad : new Path[] {verdict, broken, dir.resolve("missing.json"), dir}) {
      assertThatThrownBy(() -> Baseline.read(bad)).isInstanceOf(IOException.class)
          .hasMessageStartingWith("sunset.junit.baseline " + bad + ": ").hasMessageNotContaining("\n");
    }
  }
}
