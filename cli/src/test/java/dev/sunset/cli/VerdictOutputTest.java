package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What verdict says of a call the agent caught at the legacy method (by reflection): in the table {@code (via
 * reflection)}, in the JSON {@code "via"}, and its jar named as the scan names it; and {@code --window} alone.
 */
class VerdictOutputTest {
  @TempDir
  Path dir;

  @Test
  @SuppressWarnings("unchecked")
  void aReflectiveCallIsShownViaReflectionInTheJarTheScanNamesNotByTheAgentsUrl() throws Exception {
    String chat = ChatApp.jar().toString();
    Path report = Files.writeString(dir.resolve("report.json"), """
        {"format": "sunset-report/1", "generatedAt": "2026-12-01T10:00:00Z",
         "rules": [{"id": "ws-factory-get-factory",
                    "legacy": "com.example.ws.WebSocketManagerFactory#getWebSocketManagerFactory()",
                    "stage": "observe", "resolution": "resolved"}],
         "callSites": [{"rule": "ws-factory-get-factory", "class": "dev.sunset.examples.chat.Plugins", "method": "load",
                        "line": 7, "file": "Plugins.java", "codeSource": "file:%s", "count": 3, "via": "reflection"}]}
        """.formatted(chat));
    Path json = dir.resolve("verdict.json");

    CliRun table = CliRun.of("verdict", "--scan", chat, ChatApp.shimJar().toString(), "--report", report.toString());
    CliRun written = CliRun.of("verdict", "--format", "json", "-o", json.toString(), "--scan", chat,
        ChatApp.shimJar().toString(), "--report", report.toString());

    assertThat(table.exitCode()).as("%s", table).isZero();
    assertThat(table.outLines()).anySatisfy(l -> assertThat(l).matches(
        "\\s+3\\s+Plugins\\.java:7\\s+dev\\.sunset\\.examples\\.chat\\.Plugins\\.load\\s+"
            + java.util.regex.Pattern.quote(chat) + " \\(via reflection\\)"));
    assertThat(table.out()).doesNotContain("file:" + chat).doesNotContain("not in the scanned artifacts");
    assertThat(written.exitCode()).as("%s", written).isZero();
    Map<String, Object> rule = ((List<Map<String, Object>>) JSON.std.mapFrom(Files.readString(json)).get("rules"))
        .stream().filter(r -> r.get("id").equals("ws-factory-get-factory")).findFirst().orElseThrow();
    Map<String, Object> site = ((List<Map<String, Object>>) rule.get("sites")).stream()
        .filter(s -> "dev.sunset.examples.chat.Plugins".equals(s.get("class"))).findFirst().orElseThrow();
    assertThat(site).containsEntry("via", "reflection").containsEntry("inArtifacts", false)
        .containsEntry("codeSource", chat);
  }

  @Test
  void aWindowWithoutPrometheusIsBadInputNotIgnored() throws Exception {
    Path report = Files.writeString(dir.resolve("report.json"),
        "{\"format\": \"sunset-report/1\", \"generatedAt\": \"2026-12-01T10:00:00Z\", \"rules\": [], \"callSites\": []}");

    CliRun run = CliRun.of("verdict", "--scan", ChatApp.shimJar().toString(), "--report", report.toString(),
        "--window", "7d");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).containsExactly("sunset verdict: --window 7d: applies to --prometheus, which is not given");
  }
}
