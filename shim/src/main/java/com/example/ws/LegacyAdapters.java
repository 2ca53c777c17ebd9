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

  /**
   * {@code manager.sendEvent(type, data)} as {@code emitAgentEvent(AgentEvent.fromWireName(type), data)}. A manager
   * that is not the unified one (the legacy adapter, an application's own) keeps its own behaviour: its
   * {@code sendEvent} runs.
   */
  public static void sendEvent(WebSocketManager manager, String type, Map<String, Object> data) {
    if (manager instanceof UnifiedWebSocketManager unified) {
      unified.emitAgentEvent(AgentEvent.fromWireName(type), data);
    } else {
      manager.sendEvent(type, data);
    }
  }

  /**
   * {@code manager.sendToolExecuting(runId, agentName, toolName, args)} as
   * {@code emitAgentEvent(TOOL_EXECUTING, {runId, agentName, toolName, args})}. A manager that is not the unified one
   * keeps its own behaviour: its {@code sendToolExecuting} runs.
   */
  public static void sendToolExecuting(
      WebSocketManager manager, String runId, String agentName, String toolName, Map<String, Object> args) {
    if (!(manager instanceof UnifiedWebSocketManager unified)) {
      manager.sendToolExecuting(runId, agentName, toolName, args);
      return;
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("runId", runId);
    payload.put("agentName", agentName);
    payload.put("toolName", toolName);
    payload.put("args", args == null ? Map.of() : args);
    unified.emitAgentEvent(AgentEvent.TOOL_EXECUTING, payload);
  }
}
