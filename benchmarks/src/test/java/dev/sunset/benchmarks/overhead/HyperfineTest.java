package dev.sunset.benchmarks.overhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import org.junit.jupiter.api.Test;

class HyperfineTest {
  @Test
  void argumentsAreQuotedOnlyWhereShellWordsWouldSplitThem() {
    assertThat(Hyperfine.commandLine(List.of("/usr/bin/java", "-javaagent:/a/b.jar=rules=/r.yaml,report=none",
        "-cp", "/x y/app.jar", "it's")))
        .isEqualTo("/usr/bin/java -javaagent:/a/b.jar=rules=/r.yaml,report=none -cp '/x y/app.jar' 'it'\\''s'");
  }

  @Test
  void theExportGivesEachCommandsTimeInMillisecondsByName() throws Exception {
    // the shape of hyperfine 1.15's --export-json, trimmed to the fields read
    String json = "{\"results\":[{\"command\":\"java A\",\"mean\":0.05,\"times\":[0.0512]},"
        + "{\"command\":\"java B\",\"mean\":0.3,\"times\":[0.3]}]}";
    assertThat(Hyperfine.parse(json, List.of("a", "b"))).containsExactly(
        entry("a", 51.2), entry("b", 300.0));
    assertThatThrownBy(() -> Hyperfine.parse(json, List.of("a"))).hasMessageContaining("2 results for 1 commands");
  }
}
