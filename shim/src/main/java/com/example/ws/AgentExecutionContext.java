package com.example.ws;

import java.util.Objects;

/**
 * The legacy agent context: what executors were handed before {@link UserExecutionContext} was the one context of a
 * run, the run and, in a public field, the manager to emit through. Kept so un-migrated executors compile and keep
 * working; they read {@code context.websocketManager}.
 *
 * @deprecated pass the run's {@link UserExecutionContext} and emit through
 *     {@link UnifiedWebSocketManager#createForUser(UserExecutionContext)}
 */
@Deprecated(forRemoval = true, since = "1.0")
@SuppressWarnings("removal")
public final class AgentExecutionContext {
  /** The run this context is for. */
  public final UserExecutionContext userContext;

  /**
   * The manager the run's events go through; null in contexts made for runs that emit nothing.
   *
   * @deprecated emit through {@link UnifiedWebSocketManager#createForUser(UserExecutionContext)} of
   *     {@link #userContext}
   */
  @Deprecated(forRemoval = true, since = "1.0")
  public final WebSocketManager websocketManager;

  /** A context for the run of {@code userContext}, its events going through {@code websocketManager}. */
  public AgentExecutionContext(UserExecutionContext userContext, WebSocketManager websocketManager) {
    this.userContext = Objects.requireNonNull(userContext, "userContext");
    this.websocketManager = websocketManager;
  }
}
