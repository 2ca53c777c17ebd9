package com.example.ws;

/**
 * The legacy factory of per-user WebSocket managers, kept so un-migrated code compiles and keeps working.
 *
 * <p>Without the Sunset agent every method delegates to
 * {@link UnifiedWebSocketManager#createForUser(UserExecutionContext)}; with the agent, calls to it are
 * rewritten as their classes load (see {@code META-INF/sunset/rules.yaml} in this jar).
 *
 * @deprecated use {@link UnifiedWebSocketManager#createForUser(UserExecutionContext)}
 */
@Deprecated(forRemoval = true, since = "1.0")
@SuppressWarnings("removal")
public final class WebSocketManagerFactory {
  private static final WebSocketManagerFactory INSTANCE = new WebSocketManagerFactory();

  private WebSocketManagerFactory() {}

  /**
   * Returns the process-wide factory.
   *
   * @deprecated use {@link UnifiedWebSocketManager#createForUser(UserExecutionContext)} directly
   */
  @Deprecated(forRemoval = true, since = "1.0")
  public static WebSocketManagerFactory getWebSocketManagerFactory() {
    return INSTANCE;
  }

  /**
   * Creates a manager for the context's user.
   *
   * @deprecated use {@link UnifiedWebSocketManager#createForUser(UserExecutionContext)}
   */
  @Deprecated(forRemoval = true, since = "1.0")
  public WebSocketManager createForUser(UserExecutionContext context) {
    return UnifiedWebSocketManager.createForUser(context);
  }

  /**
   * Creates a manager for the context's user.
   *
   * @deprecated use {@link UnifiedWebSocketManager#createForUser(UserExecutionContext)}
   */
  @Deprecated(forRemoval = true, since = "1.0")
  public WebSocketManager createManager(UserExecutionContext context) {
    return UnifiedWebSocketManager.createForUser(context);
  }

  /**
   * Creates a manager for the context's user.
   *
   * @deprecated use {@link UnifiedWebSocketManager#createForUser(UserExecutionContext)}
   */
  @Deprecated(forRemoval = true, since = "1.0")
  public static WebSocketManager createWebSocketManager(UserExecutionContext context) {
    return UnifiedWebSocketManager.createForUser(context);
  }
}
