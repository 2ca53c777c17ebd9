package com.example.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.ws.UnifiedWebSocketManagerTest.RecordingTransport;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The adapters the class rules of the legacy context, the legacy adapter and the factory redirect to, without the
 * agent: each does what the use it stands in for did, through the unified manager where the migration says so.
 */
@SuppressWarnings("removal")
class ClassAdaptersTest {
  private static UserExecutionContext ctx(String user) {
    return UserExecutionContext.of(user, "thread-" + user, "run-" + user, "req-" + user);
  }

  @Test
  void theContextsFactoryMakesTheContextTheConstructorWould() {
    WebSocketManager manager = UnifiedWebSocketManager.createForUser(ctx("alice"));

    AgentExecutionContext context = ContextAdapters.contextFor(ctx("alice"), manager);

    assertThat(context.userContext).isEqualTo(ctx("alice"));
    assertThat(context.websocketManager).isSameAs(manager);
    assertThatThrownBy(() -> ContextAdapters.contextFor(null, manager)).hasMessageContaining("userContext");
  }

  @Test
  void readingTheContextsManagerGivesTheRunsUnifiedManagerOrNullAsTheFieldHoldsNone() {
    String user = "class-adapters-" + System.nanoTime();
    RecordingTransport transport = new RecordingTransport();
    WebSocketConnections.global().register(user, transport);
    try {
      OwnManager given = new OwnManager();
      AgentExecutionContext context = new AgentExecutionContext(ctx(user), given);

      WebSocketManager manager = ContextAdapters.managerOf(context);
      manager.sendEvent("agent_started", Map.of("text", "hi"));

      assertThat(manager).isInstanceOf(UnifiedWebSocketManager.class);
      assertThat(((UnifiedWebSocketManager) manager).context()).isEqualTo(ctx(user));
      assertThat(transport.received).singleElement().satisfies(m -> {
        assertThat(m.event()).isEqualTo(AgentEvent.AGENT_STARTED);
        assertThat(m.payload()).isEqualTo(Map.of("text", "hi"));
      });
      assertThat(given.sent).as("the manager the context was given").isZero();
    } finally {
      WebSocketConnections.global().unregister(user, transport);
    }
    assertThat(ContextAdapters.managerOf(new AgentExecutionContext(ctx("bob"), null))).isNull();
    assertThat(ContextAdapters.getUserContext(new AgentExecutionContext(ctx("bob"), null))).isEqualTo(ctx("bob"));
    assertThatThrownBy(() -> ContextAdapters.managerOf(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ContextAdapters.getUserContext(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void theLegacyAdaptersWrapperSendsThroughTheManagerItWraps() {
    OwnManager own = new OwnManager();

    LegacyWebSocketManagerAdapter wrapped = ManagerWrappers.wrap(own);
    wrapped.sendEvent("tool_completed", Map.of("result", 42));

    assertThat(own.sent).isEqualTo(1);
    assertThatThrownBy(() -> ManagerWrappers.wrap(null)).hasMessageContaining("manager");
  }

  @Test
  void theFactorysAdaptersMakeTheUnifiedManagerOfTheContextsUser() {
    WebSocketManagerFactory factory = WebSocketManagerFactory.getWebSocketManagerFactory();

    assertThat(FactoryAdapters.createForUser(factory, ctx("alice"))).isInstanceOfSatisfying(
        UnifiedWebSocketManager.class, m -> assertThat(m.context()).isEqualTo(ctx("alice")));
    assertThat(FactoryAdapters.createManager(factory, ctx("bob"))).isInstanceOfSatisfying(
        UnifiedWebSocketManager.class, m -> assertThat(m.context()).isEqualTo(ctx("bob")));
    assertThat(FactoryAdapters.createWebSocketManager(ctx("carol"))).isInstanceOfSatisfying(
        UnifiedWebSocketManager.class, m -> assertThat(m.context()).isEqualTo(ctx("carol")));
    assertThatThrownBy(() -> FactoryAdapters.createForUser(null, ctx("alice")))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> FactoryAdapters.createManager(null, ctx("alice")))
        .isInstanceOf(NullPointerException.class);
  }

  /** An application's own legacy manager: counts what it was asked to send and sends nothing. */
  private static final class OwnManager implements WebSocketManager {
    int sent;

    @Override
    public void sendEvent(String type, Map<String, Object> data) {
      sent++;
    }

    @Override
    public void sendToolExecuting(String runId, String agentName, String toolName, Map<String, Object> args) {
      sent++;
    }
  }
}
