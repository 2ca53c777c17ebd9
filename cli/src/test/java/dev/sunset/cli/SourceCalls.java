package dev.sunset.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The legacy calls the chat app's sources make, found by reading them: each call of a legacy factory or
 * manager method, with its rule, class and line. What a scan must find, worked out
 * independently of the scanner.
 */
final class SourceCalls {
  private static final Path SOURCES = Path.of("../examples/chat-app/src/main/java");
  private static final Map<String, String> RULE_OF_CALL = Map.of(
      "getWebSocketManagerFactory()", "ws-factory-get-factory",
      ".createForUser(", "ws-factory-create-for-user",
      ".createManager(", "ws-factory-create-manager",
      "createWebSocketManager(", "ws-factory-create-websocket-manager",
      ".sendEvent(", "ws-manager-send-event",
      ".sendToolExecuting(", "ws-manager-send-tool-executing");

  private SourceCalls() {}

  /** {@code rule class:line} of every legacy call in the chat app's main sources. */
  static List<String> inChatAppSources() {
    List<String> calls = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        String className = SOURCES.relativize(file).toString().replace('/', '.').replace(".java", "");
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i);
          String code = line.strip();
          if (code.startsWith("*") || code.startsWith("//") || code.startsWith("/*") || code.startsWith("import")) {
            continue;
          }
          for (Map.Entry<String, String> call : RULE_OF_CALL.entrySet()) {
            boolean unified = line.contains("UnifiedWebSocketManager.createForUser(");
            if (line.contains(call.getKey()) && !(unified && call.getKey().equals(".createForUser("))) {
              calls.add(call.getValue() + " " + className + ":" + (i + 1));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return calls;
  }
}
