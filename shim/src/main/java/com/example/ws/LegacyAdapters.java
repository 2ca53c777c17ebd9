package com.example.ws;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Static adapters that the Sunset rules redirect legacy calls to where the legacy and unified signatures
 * differ: each takes the legacy receiver first, then the legacy arguments.
 *
 * <p>Application code should call {@link UnifiedWebSocketManager} directly; these exist for the agent.
 */
@SuppressWarnings("removal")
public final class LegacyAdapters {
  private LegacyAdapters() {}

  /** {@code manager.sendEvent(type, data)} as {@code emitAgentEvent(AgentEvent.fromWireName(type), data)}. */
  public static void sendEvent(WebSocketManager manager, String type, Map<String, Object> data) {
    unified(manager).emitAgentEvent(AgentEvent.fromWireName(type), data);
  }

  /**
   * {@code manager.sendToolExecuting(runId, agentName, toolName, args)} as
   * {@code emitAgentEvent(TOOL_EXECUTING, {runId, agentName, toolName, args})}.
   */
  public static void sendToolExecuting(
      WebSocketManager manager, String runId, String agentName, String toolName, Map<String, Object> args) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("runId", runId);
    payload.put("agentName", agentName);
    payload.put("toolName", toolName);
    payload.put("args", args == null ? Map.of() : args);
    unified(manager).emitAgentEvent(AgentEvent.TOOL_EXECUTING, payload);
  }

  private static UnifiedWebSocketManager unified(WebSocketManager manager) {
    if (manager instanceof UnifiedWebSocketManager) {
      return (UnifiedWebSocketManager) manager;
    }
    throw new IllegalArgumentException(
        "not a manager created by the legacy factory or UnifiedWebSocketManager: " + manager.getClass().getName());
  }
}
