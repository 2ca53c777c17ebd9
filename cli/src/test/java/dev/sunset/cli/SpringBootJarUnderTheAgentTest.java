package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.examples.chat.ConcurrentChatUsers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat app's Spring Boot jar runs under the agent ({@code java -javaagent:... -jar app-boot.jar}): the scan of
 * that jar names the sites the agent's report names, on the same lines, and {@code check} against the report
 * passes.
 */
class SpringBootJarUnderTheAgentTest {
  @TempDir
  Path dir;

  @Test
  @SuppressWarnings("unchecked")
  void theScanOfTheBootJarListsTheSitesTheAgentReportsWhenItRuns() throws Exception {
    Path report = dir.resolve("report.json");
    Process boot = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-javaagent:" + ChatApp.agentJar() + "=report=" + report + ",summary=false",
        "-jar", ChatApp.bootJar().toString(), "--host", "127.0.0.1", "--port", "0")
        .redirectError(dir.resolve("stderr.txt").toFile()).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(boot.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).as("the boot jar's first line; stderr: %s", Files.readString(dir.resolve("stderr.txt")))
          .startsWith("LISTENING port=");
      URI endpoint = URI.create("ws://127.0.0.1:" + line.substring("LISTENING port=".length()).trim() + "/chat");
      ConcurrentChatUsers.assertEachUserReceivedExactlyItsOwnRunInOrder(
          ConcurrentChatUsers.chatOnce(endpoint, "boot-", 2, Duration.ofSeconds(60)));
      boot.toHandle().destroy(); // SIGTERM: the agent writes its final report
      assertThat(boot.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      boot.destroyForcibly();
    }
    Path scan = dir.resolve("scan.json");
    CliRun scanned = CliRun.of("scan", "--format", "json", "-o", scan.toString(), ChatApp.bootJar().toString());
    CliRun check = CliRun.of("check", "--baseline", report.toString(), ChatApp.bootJar().toString());

    assertThat(scanned.exitCode()).as("%s", scanned).isZero();
    Set<String> reported = keys((List<Map<String, Object>>) JSON.std.mapFrom(Files.readString(report)).get("callSites"));
    Set<String> found = keys((List<Map<String, Object>>) JSON.std.mapFrom(Files.readString(scan)).get("callSites"));
    assertThat(reported).hasSize(11);
    assertThat(found).isEqualTo(reported);
    assertThat(check.exitCode()).as("%s", check).isZero();
  }

  private static Set<String> keys(List<Map<String, Object>> sites) {
    return sites.stream().map(s -> s.get("rule") + " " + s.get("class") + "." + s.get("method") + ":" + s.get("line")
        + " " + s.get("descriptor") + " " + s.get("file")).collect(Collectors.toSet());
  }
}
