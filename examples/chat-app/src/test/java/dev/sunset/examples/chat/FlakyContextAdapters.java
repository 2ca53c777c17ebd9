package dev.sunset.examples.chat;

import com.example.ws.AgentExecutionContext;
import com.example.ws.UnifiedWebSocketManager;
import com.example.ws.UserExecutionContext;
import com.example.ws.WebSocketManager;

/**
 * An adapter of the legacy agent context made to fail for some users, for the test of a rollback: the counterparts of
 * the shim's {@code ContextAdapters}, except that building the context throws for a user whose id starts with
 * {@value #FAILS_FOR}. The switch lives here, in the test, not in the shim or the chat app.
 *
 * <p>It uses the legacy context itself rather than calling {@code ContextAdapters}: a rule's adapter is on its library
 * side, its own uses of the legacy class are not sites, but another adapter's are, and under a rule naming this one
 * they would be redirected back here.
 */
@SuppressWarnings("removal") // an adapter of the legacy context stands in for its members
public final class FlakyContextAdapters {
  /** The prefix of the user ids for whom building the context fails. */
  public static final String FAILS_FOR = "flaky-";

  private FlakyContextAdapters() {}

  /**
   * {@code new AgentExecutionContext(run, manager)}, except for a user whose id starts with {@value #FAILS_FOR}.
   *
   * @throws IllegalStateException for such a user
   */
  public static AgentExecutionContext contextFor(UserExecutionContext run, WebSocketManager manager) {
    if (run.userId().startsWith(FAILS_FOR)) {
      throw new IllegalStateException("the test's adapter fails for this user");
    }
    return new AgentExecutionContext(run, manager);
  }

  /** A read of {@code context.websocketManager}: the run's unified manager, or null as the field holds none. */
  public static WebSocketManager managerOf(AgentExecutionContext context) {
    return context.websocketManager == null ? null : UnifiedWebSocketManager.createForUser(context.userContext);
  }

  /** A read of {@code context.userContext}. */
  public static UserExecutionContext getUserContext(AgentExecutionContext context) {
    return context.userContext;
  }
}
