package dev.sunset.examples.chat.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.ws.AgentEvent;
import com.example.ws.AgentEventMessage;
import com.example.ws.UnifiedWebSocketManager;
import com.example.ws.UserExecutionContext;
import com.example.ws.WebSocketConnections;
import com.fasterxml.jackson.jr.ob.JSON;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentEventJsonTest {

  @Test
  void encodesTheEventItsRunAndThePayloadInTheDocumentedShape() throws Exception {
    AgentEventMessage message = emit(AgentEvent.TOOL_COMPLETED, Map.of("toolName", "calculator", "result", 42));

    Map<String, Object> json = JSON.std.mapFrom(AgentEventJson.encode(message));

    assertThat(json.keySet())
        .containsExactly("event", "userId", "threadId", "runId", "requestId", "sequence", "payload");
    assertThat(json)
        .containsEntry("event", "tool_completed")
        .containsEntry("userId", "alice")
        .containsEntry("threadId", "thread-1")
        .containsEntry("runId", "run-1")
        .containsEntry("requestId", "req-1")
        .containsEntry("sequence", 1)
        .containsEntry("payload", Map.of("toolName", "calculator", "result", 42));
  }

  @Test
  void escapesTextSoTheMessageStaysValidJson() throws Exception {
    String tricky = "quote \" backslash \\ newline \n unicode \u00e9";
    AgentEventMessage message = emit(AgentEvent.AGENT_THINKING, Map.of("note", tricky));

    Map<String, Object> json = JSON.std.mapFrom(AgentEventJson.encode(message));

    assertThat(json.get("payload")).isEqualTo(Map.of("note", tricky));
  }

  /** Emits one event through a real manager and returns the message its connection was given. */
  private static AgentEventMessage emit(AgentEvent event, Map<String, Object> payload) {
    List<AgentEventMessage> sent = new ArrayList<>();
    WebSocketConnections connections = new WebSocketConnections();
    connections.register("alice", new com.example.ws.WebSocketTransport() {
      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void send(AgentEventMessage message) {
        sent.add(message);
      }
    });
    UnifiedWebSocketManager.createForUser(UserExecutionContext.of("alice", "thread-1", "run-1", "req-1"), connections)
        .emitAgentEvent(event, payload);
    assertThat(sent).hasSize(1);
    return sent.get(0);
  }
}
