package dev.sunset.examples.chat.agents.tools;

import com.example.ws.AgentEvent;
import com.example.ws.UnifiedWebSocketManager;
import com.example.ws.UserExecutionContext;
import com.example.ws.WebSocketManager;
import com.example.ws.WebSocketManagerFactory;
import dev.sunset.examples.chat.agents.planner.Planner;
import dev.sunset.examples.chat.bridge.ToolResultBridge;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Runs the tool a plan calls for and tells the user about it: {@code tool_executing} before, and
 * {@code tool_completed} after, with the result or the failure.
 */
@SuppressWarnings("removal") // half migrated: announces tools through the legacy manager, failures through the unified one
public final class ToolDispatcher {
  /** The agent name the legacy {@code tool_executing} event carries. */
  public static final String AGENT_NAME = "chat-agent";

  private final Map<String, Tool> tools;
  private final ToolResultBridge results;

  /** Creates a dispatcher over {@code tools} by name that publishes results through {@code results}. */
  public ToolDispatcher(Map<String, Tool> tools, ToolResultBridge results) {
    this.tools = Map.copyOf(tools);
    this.results = Objects.requireNonNull(results, "results");
  }

  /** Runs the tool of {@code plan} for the run of {@code context}; a failing or unknown tool is an outcome, not an exception. */
  public Outcome dispatch(UserExecutionContext context, Planner.Plan plan) {
    WebSocketManager manager = WebSocketManagerFactory.createWebSocketManager(context);
    manager.sendToolExecuting(context.runId(), AGENT_NAME, plan.toolName(), plan.arguments());

    Tool tool = tools.get(plan.toolName());
    Object result;
    try {
      if (tool == null) {
        throw new IllegalArgumentException("no tool named " + plan.toolName());
      }
      result = tool.run(plan.arguments());
    } catch (Exception e) {
      String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      Map<String, Object> failed = new LinkedHashMap<>();
      failed.put("toolName", plan.toolName());
      failed.put("error", error);
      UnifiedWebSocketManager.createForUser(context).emitAgentEvent(AgentEvent.TOOL_COMPLETED, failed);
      return new Outcome(null, error);
    }
    results.publish(context, plan.toolName(), result);
    return new Outcome(result, null);
  }

  /**
   * What running a tool gave.
   *
   * @param result the tool's result, or null if it failed
   * @param error why the tool failed, or null if it succeeded
   */
  public record Outcome(Object result, String error) {
    /** Whether the tool produced a result. */
    public boolean succeeded() {
      return error == null;
    }
  }
}
