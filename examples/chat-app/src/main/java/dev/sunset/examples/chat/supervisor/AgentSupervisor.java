package dev.sunset.examples.chat.supervisor;

import com.example.ws.AgentEvent;
import com.example.ws.UnifiedWebSocketManager;
import com.example.ws.UserExecutionContext;
import com.example.ws.WebSocketManager;
import dev.sunset.examples.chat.agents.planner.Planner;
import dev.sunset.examples.chat.agents.tools.ToolDispatcher;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Runs one agent run from the user's message to the answer: announces the start, has the planner choose a
 * tool, has the dispatcher run it, and announces the answer.
 *
 * <p>Every run ends with {@code agent_completed}, also when planning or the tool fails.
 */
@SuppressWarnings("removal") // half migrated: starts through the legacy manager, completes through the unified one
public final class AgentSupervisor {
  private static final System.Logger LOG = System.getLogger(AgentSupervisor.class.getName());

  private final Planner planner;
  private final ToolDispatcher tools;

  /** Creates a supervisor that plans with {@code planner} and runs tools with {@code tools}. */
  public AgentSupervisor(Planner planner, ToolDispatcher tools) {
    this.planner = Objects.requireNonNull(planner, "planner");
    this.tools = Objects.requireNonNull(tools, "tools");
  }

  /**
   * Runs the agent on {@code text} for the run of {@code context}.
   *
   * @param manager the manager the route created for this run
   */
  public void run(UserExecutionContext context, WebSocketManager manager, String text) {
    try {
      Map<String, Object> started = new LinkedHashMap<>();
      started.put("text", text);
      manager.sendEvent("agent_started", started);

      Planner.Plan plan = planner.plan(context, text);
      ToolDispatcher.Outcome outcome = tools.dispatch(context, plan);

      Map<String, Object> completed = new LinkedHashMap<>();
      completed.put("answer", answer(plan, outcome));
      UnifiedWebSocketManager.createForUser(context).emitAgentEvent(AgentEvent.AGENT_COMPLETED, completed);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "agent run " + context.runId() + " failed", e);
      UnifiedWebSocketManager.createForUser(context)
          .emitAgentEvent(AgentEvent.AGENT_COMPLETED, Map.of("error", "the agent failed: " + e));
    }
  }

  private static String answer(Planner.Plan plan, ToolDispatcher.Outcome outcome) {
    if (!outcome.succeeded()) {
      return "Sorry, " + plan.toolName() + " failed: " + outcome.error();
    }
    return plan.toolName().equals("calculator")
        ? plan.arguments().get("expression") + " = " + outcome.result()
        : "Your message has " + outcome.result() + " words.";
  }
}
