package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Colour as on a terminal (picocli's ANSI on), and none otherwise: the same words either way. Whether a real
 * terminal, a pipe and {@code NO_COLOR} turn it on or off is pinned end to end by {@code SelfContainedJarIT}.
 */
class ColourTest {
  private static final String ESC = "\033[";

  @TempDir
  Path dir;

  @Test
  void onATerminalTheScanTablesHeaderIsBoldAndWarningsAndErrorsAreColoured() throws Exception {
    Path rules = Files.writeString(dir.resolve("rules.yaml"), """
        rules:
          - id: nowhere
            legacy: com.acme.Missing#gone()
        """);
    String chat = System.getProperty("sunset.chat.jar");
    String shim = System.getProperty("sunset.shim.jar");

    CliRun coloured = CliRun.withColour("scan", "--rules", rules.toString(), chat, shim);
    CliRun plain = CliRun.of("scan", "--rules", rules.toString(), chat, shim);
    CliRun error = CliRun.withColour("scna");

    assertThat(coloured.exitCode()).as("%s", coloured).isZero();
    assertThat(coloured.outLines().get(0)).startsWith(ESC + "1mRULE").endsWith(ESC + "0m");
    assertThat(coloured.errLines()).anySatisfy(l -> assertThat(l).startsWith(ESC + "33mwarning:" + ESC + "0m "
        + rules).contains("rule 'nowhere'"));
    assertThat(error.err()).startsWith(ESC + "1;31msunset:" + ESC + "0m 'scna' is not a command");
    assertThat(plain.out() + plain.err()).doesNotContain(ESC);
    assertThat(strip(coloured.out())).isEqualTo(plain.out());
  }

  @Test
  void onATerminalEachVerdictHasTheColourOfWhatItAsks() throws Exception {
    Path report = Files.writeString(dir.resolve("report.json"), """
        {"format": "sunset-report/1", "generatedAt": "2026-12-01T10:00:00Z",
         "rules": [{"id": "ws-factory-get-factory", "legacy": "com.example.ws.WebSocketManagerFactory#getWebSocketManagerFactory()",
                    "stage": "observe", "resolution": "resolved"}],
         "callSites": [{"rule": "ws-factory-get-factory", "class": "com.acme.A", "method": "run", "line": 3, "count": 2}]}
        """);

    CliRun run = CliRun.withColour("verdict", "--scan", System.getProperty("sunset.shim.jar"), "--report",
        report.toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.out()).contains(ESC + "1mws-factory-get-factory" + ESC + "0m  " + ESC + "1;31min-use" + ESC + "0m")
        .contains(ESC + "1;33munknown" + ESC + "0m");
  }

  private static String strip(String text) {
    return text.replaceAll("\033\\[[0-9;]*m", "");
  }
}
