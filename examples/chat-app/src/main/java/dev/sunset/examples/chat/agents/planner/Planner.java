package dev.sunset.examples.chat.agents.planner;

import com.example.ws.UserExecutionContext;
import com.example.ws.WebSocketManager;
import com.example.ws.WebSocketManagerFactory;
import dev.sunset.examples.chat.agents.tools.BuiltinTools;
import dev.sunset.examples.chat.notifications.ThinkingNotifier;
import java.util.Map;
import java.util.Objects;

/**
 * Decides which tool answers a message, and tells the user what it is thinking while it does.
 *
 * <p>Arithmetic such as {@code 12 * 7} goes to the calculator; everything else to the word counter.
 */
@SuppressWarnings("removal") // not migrated yet: creates its manager through the legacy factory instance
public final class Planner {
  private final ThinkingNotifier thinking;

  /** Creates a planner that reports its reasoning through {@code thinking}. */
  public Planner(ThinkingNotifier thinking) {
    this.thinking = Objects.requireNonNull(thinking, "thinking");
  }

  /** Returns the tool call that answers {@code text}, after telling the user of the run why. */
  public Plan plan(UserExecutionContext context, String text) {
    WebSocketManager manager = WebSocketManagerFactory.getWebSocketManagerFactory().createManager(context);
    Plan plan = BuiltinTools.ARITHMETIC.matcher(text).matches()
        ? new Plan("calculator", Map.of("expression", text.trim()), "the message is arithmetic")
        : new Plan("word_count", Map.of("text", text), "the message is prose");
    thinking.thinking(manager, plan.reasoning() + ", so I will use " + plan.toolName());
    return plan;
  }

  /**
   * A tool call the planner chose.
   *
   * @param toolName the tool to run
   * @param arguments the tool's arguments
   * @param reasoning why this tool, in words for the user
   */
  public record Plan(String toolName, Map<String, Object> arguments, String reasoning) {}
}
