package com.example.ws;

import java.util.Map;
import java.util.Objects;

/**
 * The legacy adapter: a manager wrapped in the protocol agents were written against before
 * {@link UnifiedWebSocketManager} implemented {@link WebSocketManager}, kept so un-migrated code compiles and keeps
 * working.
 *
 * <p>Code older than the factory constructs it directly, {@code new LegacyWebSocketManagerAdapter(manager)}, and
 * agent registries extend it to add to what their events carry ({@link #payload}). Neither is a call of one of the
 * factory's methods, so no rule naming a method sees them; a rule naming this class does.
 *
 * @deprecated a unified manager needs no adapter: use {@link UnifiedWebSocketManager#createForUser(UserExecutionContext)}
 *     and {@link UnifiedWebSocketManager#emitAgentEvent(AgentEvent, Map)}
 */
@Deprecated(forRemoval = true, since = "1.0")
@SuppressWarnings("removal")
public class LegacyWebSocketManagerAdapter implements WebSocketManager {
  private final WebSocketManager manager;

  /** Wraps {@code manager}: every event goes to its user, through it. */
  public LegacyWebSocketManagerAdapter(WebSocketManager manager) {
    this.manager = Objects.requireNonNull(manager, "manager");
  }

  /**
   * Sends the event through the wrapped manager, with the payload {@link #payload} gives.
   *
   * @deprecated use {@link UnifiedWebSocketManager#emitAgentEvent(AgentEvent, Map)}
   */
  @Deprecated(forRemoval = true, since = "1.0")
  @Override
  public void sendEvent(String type, Map<String, Object> data) {
    LegacyAdapters.sendEvent(manager, type, payload(type, data));
  }

  /**
   * Sends a {@code tool_executing} event through the wrapped manager.
   *
   * @deprecated use {@link UnifiedWebSocketManager#emitAgentEvent(AgentEvent, Map)} with
   *     {@link AgentEvent#TOOL_EXECUTING}
   */
  @Deprecated(forRemoval = true, since = "1.0")
  @Override
  public void sendToolExecuting(String runId, String agentName, String toolName, Map<String, Object> args) {
    LegacyAdapters.sendToolExecuting(manager, runId, agentName, toolName, args);
  }

  /**
   * What {@link #sendEvent} sends for an event of {@code type}: {@code data} as it is. Subclasses add to it.
   *
   * @param data the caller's event data; may be null for none
   */
  protected Map<String, Object> payload(String type, Map<String, Object> data) {
    return data;
  }
}
