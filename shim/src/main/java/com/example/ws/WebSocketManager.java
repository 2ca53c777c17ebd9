package com.example.ws;

import java.util.Map;

/**
 * The legacy per-user WebSocket manager, kept so un-migrated code compiles and keeps working.
 *
 * <p>Every instance is a {@link UnifiedWebSocketManager}.
 *
 * @deprecated use {@link UnifiedWebSocketManager}, created with
 *     {@link UnifiedWebSocketManager#createForUser(UserExecutionContext)}
 */
@Deprecated(forRemoval = true, since = "1.0")
public interface WebSocketManager {

  /**
   * Sends an event by its wire name.
   *
   * @deprecated use {@link UnifiedWebSocketManager#emitAgentEvent(AgentEvent, Map)}
   */
  @Deprecated(forRemoval = true, since = "1.0")
  void sendEvent(String type, Map<String, Object> data);

  /**
   * Sends a {@code tool_executing} event.
   *
   * @deprecated use {@link UnifiedWebSocketManager#emitAgentEvent(AgentEvent, Map)} with
   *     {@link AgentEvent#TOOL_EXECUTING}
   */
  @Deprecated(forRemoval = true, since = "1.0")
  void sendToolExecuting(String runId, String agentName, String toolName, Map<String, Object> args);
}
