package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.examples.chat.ConcurrentChatUsers;
import dev.sunset.examples.chat.ForkedChatServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    try (ForkedChatServer boot = ForkedChatServer.start(
        List.of(ForkedChatServer.javaAgentOption(ChatApp.agentJar(), Map.of("report", report.toString(), "summary",
            "false"))), List.of("-jar", ChatApp.bootJar().toString()), Map.of(), Duration.ofSeconds(60))) {
      ConcurrentChatUsers.assertEachUserReceivedExactlyItsOwnRunInOrder(
          ConcurrentChatUsers.chatOnce(boot.endpoint(), "boot-", 2, Duration.ofSeconds(60)));
      boot.stop(Duration.ofSeconds(30)); // SIGTERM: the agent writes its final report
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
