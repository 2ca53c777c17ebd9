package com.example.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@SuppressWarnings("removal")
class UnifiedWebSocketManagerTest {

  /** Records what one connection received. */
  static final class RecordingTransport implements WebSocketTransport {
    final List<AgentEventMessage> received = Collections.synchronizedList(new ArrayList<>());
    volatile boolean open = true;

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void send(AgentEventMessage message) {
      received.add(message);
    }
  }

  private static UserExecutionContext ctx(String user) {
    return UserExecutionContext.of(user, "thread-" + user, "run-" + user, "req-" + user);
  }

  @Test
  void eventsReachOnlyTheBoundUsersConnections() {
    WebSocketConnections connections = new WebSocketConnections();
    RecordingTransport alice = new RecordingTransport();
    RecordingTransport aliceSecondTab = new RecordingTransport();
    RecordingTransport bob = new RecordingTransport();
    connections.register("alice", alice);
    connections.register("alice", aliceSecondTab);
    connections.register("bob", bob);

    int delivered = UnifiedWebSocketManager.createForUser(ctx("alice"), connections)
        .emitAgentEvent(AgentEvent.AGENT_STARTED, Map.of("k", "v"));

    assertThat(delivered).isEqualTo(2);
    assertThat(alice.received).extracting(AgentEventMessage::event).containsExactly(AgentEvent.AGENT_STARTED);
    assertThat(aliceSecondTab.received).hasSize(1);
    assertThat(bob.received).isEmpty();
  }

  @Test
  void closedAndFailingConnectionsDoNotStopDeliveryToTheOthers() {
    WebSocketConnections connections = new WebSocketConnections();
    RecordingTransport closed = new RecordingTransport();
    closed.open = false;
    WebSocketTransport failing = new WebSocketTransport() {
      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void send(AgentEventMessage message) throws Exception {
        throw new java.io.IOException("broken pipe");
      }
    };
    RecordingTransport healthy = new RecordingTransport();
    connections.register("u", closed);
    connections.register("u", failing);
    connections.register("u", healthy);

    int delivered = UnifiedWebSocketManager.createForUser(ctx("u"), connections)
        .emitAgentEvent(AgentEvent.AGENT_THINKING, null);

    assertThat(delivered).isEqualTo(1);
    assertThat(healthy.received).hasSize(1);
    assertThat(closed.received).isEmpty();
  }

  @Test
  void manyConcurrentUsersEachReceiveExactlyTheirFiveEventsInOrder() throws Exception {
    WebSocketConnections connections = new WebSocketConnections();
    int users = 200;
    List<RecordingTransport> transports = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      RecordingTransport t = new RecordingTransport();
      transports.add(t);
      connections.register("user-" + i, t);
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      String user = "user-" + i;
      futures.add(pool.submit(() -> {
        UnifiedWebSocketManager m = UnifiedWebSocketManager.createForUser(ctx(user), connections);
        for (AgentEvent e : AgentEvent.values()) {
          m.emitAgentEvent(e, Map.of("user", user));
        }
      }));
    }
    for (Future<?> f : futures) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    for (int i = 0; i < users; i++) {
      List<AgentEventMessage> got = transports.get(i).received;
      assertThat(got).extracting(AgentEventMessage::event).containsExactly(AgentEvent.values());
      String user = "user-" + i;
      assertThat(got).allSatisfy(m -> assertThat(m.context().userId()).isEqualTo(user));
      assertThat(got).extracting(AgentEventMessage::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
    }
  }

  @Test
  void legacyApiDelegatesToTheUnifiedManagerWithoutTheAgent() {
    RecordingTransport t = new RecordingTransport();
    WebSocketConnections.global().register("legacy-user", t);
    try {
      WebSocketManager viaStatic = WebSocketManagerFactory.createWebSocketManager(ctx("legacy-user"));
      WebSocketManager viaFactory = WebSocketManagerFactory.getWebSocketManagerFactory().createForUser(ctx("legacy-user"));
      WebSocketManager viaCreateManager = WebSocketManagerFactory.getWebSocketManagerFactory().createManager(ctx("legacy-user"));

      viaStatic.sendEvent("agent_started", Map.of());
      viaFactory.sendToolExecuting("run-1", "planner", "search", Map.of("q", "x"));
      viaCreateManager.sendEvent("agent_completed", Map.of());

      assertThat(viaStatic).isInstanceOf(UnifiedWebSocketManager.class);
      assertThat(t.received).extracting(AgentEventMessage::event)
          .containsExactly(AgentEvent.AGENT_STARTED, AgentEvent.TOOL_EXECUTING, AgentEvent.AGENT_COMPLETED);
      assertThat(t.received.get(1).payload())
          .containsEntry("runId", "run-1").containsEntry("agentName", "planner").containsEntry("toolName", "search");
    } finally {
      WebSocketConnections.global().unregister("legacy-user", t);
    }
  }

  @Test
  void contextRejectsMissingBlankOverlongAndControlCharacterIds() {
    assertThatThrownBy(() -> UserExecutionContext.of(null, "t", "r", "q")).hasMessageContaining("userId");
    assertThatThrownBy(() -> UserExecutionContext.of("u", " ", "r", "q")).hasMessageContaining("threadId");
    assertThatThrownBy(() -> UserExecutionContext.of("u", "t", "x".repeat(257), "q")).hasMessageContaining("runId");
    assertThatThrownBy(() -> UserExecutionContext.of("u", "t", "r", "a\nb")).hasMessageContaining("requestId");
    assertThat(UserExecutionContext.of("u", "t", "r", "q").toString()).doesNotContain("u,");
  }

  @Test
  void unknownLegacyEventNameIsRefused() {
    assertThatThrownBy(() -> AgentEvent.fromWireName("agent_exploded")).isInstanceOf(IllegalArgumentException.class);
    assertThat(AgentEvent.fromWireName("TOOL_COMPLETED")).isEqualTo(AgentEvent.TOOL_COMPLETED);
  }
}
