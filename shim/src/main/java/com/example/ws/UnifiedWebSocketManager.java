package com.example.ws;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The single source of truth for agent events: a manager bound to one user that delivers each event to
 * that user's connections only.
 *
 * <p>Create one per user context with {@link #createForUser(UserExecutionContext)}. A manager is cheap,
 * holds no connection itself, and is safe to use from many threads; events emitted from one thread reach
 * each connection in the order they were emitted.
 */
@SuppressWarnings("removal") // implements the deprecated interface so un-migrated callers keep working
public final class UnifiedWebSocketManager implements WebSocketManager {
  private final UserExecutionContext context;
  private final WebSocketConnections connections;
  private final AtomicLong sequence = new AtomicLong();

  private UnifiedWebSocketManager(UserExecutionContext context, WebSocketConnections connections) {
    this.context = Objects.requireNonNull(context, "context");
    this.connections = Objects.requireNonNull(connections, "connections");
  }

  /** Returns a manager bound to the user of {@code context}, delivering through the global registry. */
  public static UnifiedWebSocketManager createForUser(UserExecutionContext context) {
    return new UnifiedWebSocketManager(context, WebSocketConnections.global());
  }

  /** Returns a manager bound to the user of {@code context}, delivering through {@code connections}. */
  public static UnifiedWebSocketManager createForUser(
      UserExecutionContext context, WebSocketConnections connections) {
    return new UnifiedWebSocketManager(context, connections);
  }

  /** The context this manager is bound to. */
  public UserExecutionContext context() {
    return context;
  }

  /**
   * Delivers an event to every open connection of this manager's user, and to no one else.
   *
   * @param payload event data; copied, may be null for none
   * @return the number of connections the event was handed to
   */
  public int emitAgentEvent(AgentEvent event, Map<String, ?> payload) {
    Objects.requireNonNull(event, "event");
    Map<String, Object> copy =
        payload == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(payload));
    int delivered = 0;
    synchronized (this) { // one manager's events keep their order on every connection
      AgentEventMessage message = new AgentEventMessage(event, context, sequence.incrementAndGet(), copy);
      for (WebSocketTransport transport : connections.connectionsOf(context.userId())) {
        if (!transport.isOpen()) {
          continue;
        }
        try {
          transport.send(message);
          delivered++;
        } catch (Exception e) {
          // a broken connection must not stop delivery to the user's other connections
        }
      }
    }
    return delivered;
  }

  /**
   * Legacy bridge: emits the event named {@code type}.
   *
   * @deprecated use {@link #emitAgentEvent(AgentEvent, Map)}
   */
  @Deprecated(forRemoval = true, since = "1.0")
  @Override
  public void sendEvent(String type, Map<String, Object> data) {
    emitAgentEvent(AgentEvent.fromWireName(type), data);
  }

  /**
   * Legacy bridge: emits {@link AgentEvent#TOOL_EXECUTING}.
   *
   * @deprecated use {@link #emitAgentEvent(AgentEvent, Map)} with {@link AgentEvent#TOOL_EXECUTING}
   */
  @Deprecated(forRemoval = true, since = "1.0")
  @Override
  public void sendToolExecuting(String runId, String agentName, String toolName, Map<String, Object> args) {
    LegacyAdapters.sendToolExecuting(this, runId, agentName, toolName, args);
  }
}
