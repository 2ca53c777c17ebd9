package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.examples.chat.ConcurrentChatUsers;
import dev.sunset.examples.chat.ForkedChatServer;
import dev.sunset.testing.BuiltJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The chat app's artifacts as the build made them, and the chat app run under the real agent. */
public final class ChatApp {
  /**
   * Rules beside the shipped ones: one for a method only the demo driver calls (in the jar, never run by the
   * server: dead), one for a method nothing calls (migrated).
   */
  public static final String DEAD_AND_MIGRATED_RULES = "rules:\n"
      + "  - id: chat-client-connect\n"
      + "    legacy: dev.sunset.examples.chat.client.ChatClient#connect(java.net.http.HttpClient, java.net.URI,"
      + " java.lang.String, java.time.Duration)\n"
      + "  - id: unified-with-connections\n"
      + "    legacy: com.example.ws.UnifiedWebSocketManager#createForUser(com.example.ws.UserExecutionContext,"
      + " com.example.ws.WebSocketConnections)\n";

  private ChatApp() {}

  /** The chat app's plain jar. */
  public static Path jar() {
    return file("sunset.chat.jar");
  }

  /** The shim's jar: the legacy library, shipping its rules. */
  public static Path shimJar() {
    return built(BuiltJars.shim(), "sunset.shim.jar");
  }

  /** The chat app repackaged as a Spring Boot executable jar. */
  public static Path bootJar() {
    return file("sunset.chat.boot.jar");
  }

  /** The agent jar. */
  public static Path agentJar() {
    return built(BuiltJars.sunsetAgent(), "sunset.agent.jar");
  }

  private static Path file(String property) {
    String value = System.getProperty(property);
    assertThat(value).as("system property %s (set by the build)", property).isNotNull();
    return built(Path.of(value), property);
  }

  private static Path built(Path file, String property) {
    Path path = file.toAbsolutePath().normalize();
    assertThat(path).as("%s (build it from the repository root)", property).isRegularFile();
    return path;
  }

  /**
   * Runs the chat app under the agent with {@code agentOptions}, has {@code users} users chat once, stops it
   * with SIGTERM and returns the agent's report, read from {@code report}.
   */
  public static Map<String, Object> runUnderAgent(Path report, Map<String, String> agentOptions, int users,
      String userPrefix) throws Exception {
    Map<String, String> options = new LinkedHashMap<>(agentOptions);
    options.put("report", report.toString());
    options.putIfAbsent("summary", "false");
    try (ForkedChatServer server = ForkedChatServer.start(
        List.of(ForkedChatServer.javaAgentOption(agentJar(), options)), Duration.ofSeconds(60))) {
      ConcurrentChatUsers.assertEachUserReceivedExactlyItsOwnRunInOrder(
          ConcurrentChatUsers.chatOnce(server.endpoint(), userPrefix, users, Duration.ofSeconds(60)));
      server.stop(Duration.ofSeconds(30));
    }
    return JSON.std.mapFrom(Files.readString(report));
  }
}
