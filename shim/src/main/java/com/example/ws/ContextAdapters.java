package com.example.ws;

/**
 * The adapter a class rule retiring {@link AgentExecutionContext} sends the context's uses to (its {@code replacement:};
 * see docs/rollout.md, "Class by class"): the agent redirects each use to its counterpart here as classes load, and
 * {@code sunset recipe} rewrites the sources to call it.
 *
 * <p>Each counterpart is a public static method taking what the use passes (the context first for a field read) and
 * returning what the use leaves. The class rule names the ones whose names differ from the defaults in its
 * {@code members:}: {@code contextFor} for the constructor, {@code managerOf} for reads of {@code websocketManager};
 * {@link #getUserContext} has the default name. Like the legacy context, this class goes when the context goes.
 */
@SuppressWarnings("removal") // the adapter of the legacy context: it names the context to stand in for its members
public final class ContextAdapters {
  private ContextAdapters() {}

  /**
   * {@code new AgentExecutionContext(run, manager)}: the same context. Executors still take one until their signatures
   * change; this is where its construction goes meanwhile.
   */
  public static AgentExecutionContext contextFor(UserExecutionContext run, WebSocketManager manager) {
    return new AgentExecutionContext(run, manager);
  }

  /**
   * A read of {@code context.websocketManager}: the run's unified manager,
   * {@link UnifiedWebSocketManager#createForUser(UserExecutionContext)} of the context's run, rather than the manager
   * the context was given (a legacy adapter, say, which adds to what the events carry); null, as the field is, for a
   * context made for a run that emits nothing.
   *
   * @throws NullPointerException if {@code context} is null, as the read of the field would
   */
  public static WebSocketManager managerOf(AgentExecutionContext context) {
    return context.websocketManager == null ? null : UnifiedWebSocketManager.createForUser(context.userContext);
  }

  /**
   * A read of {@code context.userContext}: the context's run.
   *
   * @throws NullPointerException if {@code context} is null, as the read of the field would
   */
  public static UserExecutionContext getUserContext(AgentExecutionContext context) {
    return context.userContext;
  }
}
