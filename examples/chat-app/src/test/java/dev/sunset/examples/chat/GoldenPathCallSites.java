package dev.sunset.examples.chat;

import dev.sunset.examples.chat.agents.planner.Planner;
import dev.sunset.examples.chat.agents.tools.ToolDispatcher;
import dev.sunset.examples.chat.bridge.ToolResultBridge;
import dev.sunset.examples.chat.notifications.ThinkingNotifier;
import dev.sunset.examples.chat.routes.ChatSocket;
import dev.sunset.examples.chat.supervisor.AgentSupervisor;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The legacy call sites one golden-path run goes through, each once: which class holds it and which shipped
 * rule matches it. Every run takes the same path whichever tool it uses.
 */
public final class GoldenPathCallSites {
  /** One legacy call site of a run: the class that holds it and the shipped rule that matches it. */
  public record CallSite(String className, String ruleId) {}

  /** The sites of one run; a class holding two calls of one rule would appear twice. */
  public static final List<CallSite> PER_RUN = List.of(
      // the route creates the run's manager: getWebSocketManagerFactory().createForUser(ctx)
      new CallSite(ChatSocket.class.getName(), "ws-factory-get-factory"),
      new CallSite(ChatSocket.class.getName(), "ws-factory-create-for-user"),
      // the supervisor announces the start through it: manager.sendEvent("agent_started", ...)
      new CallSite(AgentSupervisor.class.getName(), "ws-manager-send-event"),
      // the planner creates its own: getWebSocketManagerFactory().createManager(ctx)
      new CallSite(Planner.class.getName(), "ws-factory-get-factory"),
      new CallSite(Planner.class.getName(), "ws-factory-create-manager"),
      // and hands it to the notifier: manager.sendEvent("agent_thinking", ...)
      new CallSite(ThinkingNotifier.class.getName(), "ws-manager-send-event"),
      // the dispatcher: WebSocketManagerFactory.createWebSocketManager(ctx).sendToolExecuting(...)
      new CallSite(ToolDispatcher.class.getName(), "ws-factory-create-websocket-manager"),
      new CallSite(ToolDispatcher.class.getName(), "ws-manager-send-tool-executing"),
      // the bridge: getWebSocketManagerFactory().createForUser(ctx).sendEvent("tool_completed", ...)
      new CallSite(ToolResultBridge.class.getName(), "ws-factory-get-factory"),
      new CallSite(ToolResultBridge.class.getName(), "ws-factory-create-for-user"),
      new CallSite(ToolResultBridge.class.getName(), "ws-manager-send-event"));
  // agent_completed, and tool_completed on a tool failure, are already migrated: not legacy calls

  private GoldenPathCallSites() {}

  /**
   * How many legacy calls {@code runs} golden-path runs make per rule: per run get-factory 3, create-for-user 2,
   * create-manager 1, create-websocket-manager 1, send-event 3, send-tool-executing 1.
   */
  public static Map<String, Long> callsPerRule(int runs) {
    return PER_RUN.stream().collect(Collectors.groupingBy(CallSite::ruleId, TreeMap::new,
        Collectors.summingLong(site -> runs)));
  }
}
