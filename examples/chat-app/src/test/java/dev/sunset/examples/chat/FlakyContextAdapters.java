package dev.sunset.examples.chat;

import com.example.ws.AgentExecutionContext;
import com.example.ws.ContextAdapters;
import com.example.ws.UserExecutionContext;
import com.example.ws.WebSocketManager;

/**
 * An adapter of the legacy agent context made to fail for some users, for the test of a rollback: the shim's
 * {@link ContextAdapters} for every counterpart, except that building the context throws for a user whose id starts
 * with {@value #FAILS_FOR}. The switch lives here, in the test, not in the shim or the chat app.
 */
@SuppressWarnings("removal") // an adapter of the legacy context stands in for its members
public final class FlakyContextAdapters {
  /** The prefix of the user ids for whom building the context fails. */
  public static final String FAILS_FOR = "flaky-";

  private FlakyContextAdapters() {}

  /**
   * {@code new AgentExecutionContext(run, manager)}, through the shim's adapter, except for a user whose id starts
   * with {@value #FAILS_FOR}.
   *
   * @throws IllegalStateException for such a user
   */
  public static AgentExecutionContext contextFor(UserExecutionContext run, WebSocketManager manager) {
    if (run.userId().startsWith(FAILS_FOR)) {
      throw new IllegalStateException("the test's adapter fails for this user");
    }
    return ContextAdapters.contextFor(run, manager);
  }

  /** A read of {@code context.websocketManager}, as the shim's adapter does it. */
  public static WebSocketManager managerOf(AgentExecutionContext context) {
    return ContextAdapters.managerOf(context);
  }

  /** A read of {@code context.userContext}, as the shim's adapter does it. */
  public static UserExecutionContext getUserContext(AgentExecutionContext context) {
    return ContextAdapters.getUserContext(context);
  }
}
