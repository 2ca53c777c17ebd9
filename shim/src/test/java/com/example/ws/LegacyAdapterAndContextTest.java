package com.example.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.ws.UnifiedWebSocketManagerTest.RecordingTransport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The legacy adapter, the legacy agent context and the static adapters the rules redirect to, without the agent: the
 * way un-migrated code uses them still reaches the user's connections, and only them.
 */
@SuppressWarnings("removal")
class LegacyAdapterAndContextTest {
  private static UserExecutionContext ctx(String user) {
    return UserExecutionContext.of(user, "thread-" + user, "run-" + user, "req-" + user);
  }

  /** An application's own legacy manager: records what it was asked to send and sends nothing. */
  static final class OwnManager implements WebSocketManager {
    final List<String> sent = new ArrayList<>();

    @Override
    public void sendEvent(String type, Map<String, Object> data) {
      sent.add(type + " " + data);
    }

    @Override
    public void sendToolExecuting(String runId, String agentName, String toolName, Map<String, Object> args) {
      sent.add("tool_executing " + runId + " " + agentName + " " + toolName + " " + args);
    }
  }

  @Test
  void theLegacyAdapterSendsThroughTheManagerItWrapsToThatManagersUserOnly() {
    WebSocketConnections connections = new WebSocketConnections();
    RecordingTransport alice = new RecordingTransport();
    RecordingTransport bob = new RecordingTransport();
    connections.register("alice", alice);
    connections.register("bob", bob);
    WebSocketManager adapter =
        new LegacyWebSocketManagerAdapter(UnifiedWebSocketManager.createForUser(ctx("alice"), connections));

    adapter.sendEvent("agent_started", Map.of("text", "hi"));
    adapter.sendToolExecuting("run-alice", "planner", "calculator", Map.of("expression", "1 + 1"));

    assertThat(alice.received).extracting(AgentEventMessage::event)
        .containsExactly(AgentEvent.AGENT_STARTED, AgentEvent.TOOL_EXECUTING);
    assertThat(alice.received.get(0).payload()).isEqualTo(Map.of("text", "hi"));
    assertThat(alice.received.get(1).payload()).containsEntry("agentName", "planner").containsEntry("toolName",
        "calculator");
    assertThat(bob.received).isEmpty();
  }

  @Test
  void aSubclassOfTheLegacyAdapterAddsToThePayloadOfWhatItSends() {
    WebSocketConnections connections = new WebSocketConnections();
    RecordingTransport alice = new RecordingTransport();
    connections.register("alice", alice);
    WebSocketManager tagging = new LegacyWebSocketManagerAdapter(
        UnifiedWebSocketManager.createForUser(ctx("alice"), connections)) {
      @Override
      protected Map<String, Object> payload(String type, Map<String, Object> data) {
        Map<String, Object> tagged = new LinkedHashMap<>(data);
        tagged.put("agent", "registry");
        return tagged;
      }
    };

    tagging.sendEvent("agent_thinking", Map.of("note", "hmm"));

    assertThat(alice.received).singleElement().satisfies(m -> {
      assertThat(m.event()).isEqualTo(AgentEvent.AGENT_THINKING);
      assertThat(m.payload()).isEqualTo(Map.of("note", "hmm", "agent", "registry"));
    });
  }

  @Test
  void theStaticAdaptersLetAManagerThatIsNotTheUnifiedOneRunItsOwnLegacyMethods() {
    OwnManager own = new OwnManager();

    LegacyAdapters.sendEvent(own, "agent_started", Map.of("k", "v"));
    LegacyAdapters.sendToolExecuting(own, "run-1", "planner", "search", Map.of());

    assertThat(own.sent).containsExactly("agent_started {k=v}", "tool_executing run-1 planner search {}");
  }

  @Test
  void theStaticAdaptersReachTheUnifiedManagerThroughTheLegacyAdapter() {
    WebSocketConnections connections = new WebSocketConnections();
    RecordingTransport alice = new RecordingTransport();
    connections.register("alice", alice);
    WebSocketManager adapter =
        new LegacyWebSocketManagerAdapter(UnifiedWebSocketManager.createForUser(ctx("alice"), connections));

    LegacyAdapters.sendEvent(adapter, "tool_completed", Map.of("result", 42));
    LegacyAdapters.sendToolExecuting(adapter, "run-alice", "planner", "calculator", null);

    assertThat(alice.received).extracting(AgentEventMessage::event)
        .containsExactly(AgentEvent.TOOL_COMPLETED, AgentEvent.TOOL_EXECUTING);
    assertThat(alice.received.get(1).payload()).containsEntry("args", Map.of());
  }

  @Test
  void theStaticAdaptersThrowNullPointerExceptionForANullManagerAsTheLegacyCallWould() {
    assertThatThrownBy(() -> LegacyAdapters.sendEvent(null, "agent_started", Map.of()))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> LegacyAdapters.sendToolExecuting(null, "r", "a", "t", Map.of()))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void theLegacyAgentContextCarriesTheRunAndTheManagerExecutorsReadFromItsField() {
    UnifiedWebSocketManager manager = UnifiedWebSocketManager.createForUser(ctx("alice"));

    AgentExecutionContext context = new AgentExecutionContext(ctx("alice"), manager);

    assertThat(context.userContext).isEqualTo(ctx("alice"));
    assertThat(context.websocketManager).isSameAs(manager);
    assertThat(new AgentExecutionContext(ctx("bob"), null).websocketManager).isNull();
    assertThatThrownBy(() -> new AgentExecutionContext(null, manager)).hasMessageContaining("userContext");
  }
}
