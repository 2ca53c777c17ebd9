package dev.sunset.examples.chat.supervisor;

import com.example.ws.AgentEvent;
import com.example.ws.AgentExecutionContext;
import com.example.ws.UnifiedWebSocketManager;
import com.example.ws.UserExecutionContext;
import com.example.ws.WebSocketManager;
import dev.sunset.examples.chat.agents.planner.Planner;
import dev.sunset.examples.chat.agents.registry.WebSocketManagerAdapter;
import dev.sunset.examples.chat.agents.tools.ToolDispatcher;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Runs one agent run from the user's message to the answer: announces the start, has the planner choose a
 * tool, has the dispatcher run it, and announces the answer.
 *
 * <p>Every run ends with {@code agent_completed}, also when planning or the tool fails.
 *
 * <p>Its executor was written against the legacy agent context: it finds the run, and the manager to announce the
 * start through, in that context's public fields; the manager is the route's, wrapped in the agent registry's adapter.
 */
@SuppressWarnings("removal") // half migrated: starts through the legacy agent context, completes through the unified manager
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
      execute(agentContext(context, manager), text);
    } catch (RuntimeException | LinkageError e) { // a class that cannot initialise ends the run like any failure
      LOG.log(System.Logger.Level.WARNING, "agent run " + context.runId() + " failed", e);
      UnifiedWebSocketManager.createForUser(context)
          .emitAgentEvent(AgentEvent.AGENT_COMPLETED, Map.of("error", "the agent failed: " + reason(e)));
    }
  }

  /** The legacy agent context of the run, its manager wrapped in the agent registry's adapter. */
  private static AgentExecutionContext agentContext(UserExecutionContext context, WebSocketManager manager) {
    return new AgentExecutionContext(context, new WebSocketManagerAdapter(manager, ToolDispatcher.AGENT_NAME));
  }

  /** The run, as the executor written against the legacy agent context does it. */
  private void execute(AgentExecutionContext context, String text) {
    Map<String, Object> started = new LinkedHashMap<>();
    started.put("text", text);
    if (context.websocketManager != null) {
      context.websocketManager.sendEvent("agent_started", started);
    }

    UserExecutionContext run = context.userContext;
    Planner.Plan plan = planner.plan(run, text);
    ToolDispatcher.Outcome outcome = tools.dispatch(run, plan);

    Map<String, Object> completed = new LinkedHashMap<>();
    completed.put("answer", answer(plan, outcome));
    UnifiedWebSocketManager.createForUser(run).emitAgentEvent(AgentEvent.AGENT_COMPLETED, completed);
  }

  /** What the user is told went wrong: a class that failed to initialise is told by what made it fail. */
  private static String reason(Throwable e) {
    return String.valueOf(e instanceof LinkageError && e.getCause() != null ? e.getCause() : e);
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
