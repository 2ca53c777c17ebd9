package com.example.ws;

import java.util.Objects;

/**
 * The adapter a class rule retiring {@link WebSocketManagerFactory} sends the factory's uses to (its
 * {@code replacement:}): every manager it would create comes from
 * {@link UnifiedWebSocketManager#createForUser(UserExecutionContext)}, the factory instance a call was made on unused.
 *
 * <p>The rules this jar ships name each of the factory's methods, and a method rule overrides its class's rule for
 * that method: beside them these counterparts run for none of the factory's calls. They are what a class rule alone
 * (an application that takes the class rule without the shipped ones, or a factory method the shipped rules do not
 * name) redirects to. {@link WebSocketManagerFactory#getWebSocketManagerFactory()} has none: it returns the factory
 * itself. Like the factory, this class goes when the factory goes.
 */
@SuppressWarnings("removal") // the adapter of the legacy factory: it names it to stand in for its methods
public final class FactoryAdapters {
  private FactoryAdapters() {}

  /**
   * {@code factory.createForUser(context)}: the unified manager of the context's user.
   *
   * @throws NullPointerException if {@code factory} is null, as the call on it would
   */
  public static WebSocketManager createForUser(WebSocketManagerFactory factory, UserExecutionContext context) {
    Objects.requireNonNull(factory, "factory");
    return UnifiedWebSocketManager.createForUser(context);
  }

  /**
   * {@code factory.createManager(context)}: the unified manager of the context's user.
   *
   * @throws NullPointerException if {@code factory} is null, as the call on it would
   */
  public static WebSocketManager createManager(WebSocketManagerFactory factory, UserExecutionContext context) {
    Objects.requireNonNull(factory, "factory");
    return UnifiedWebSocketManager.createForUser(context);
  }

  /** {@code WebSocketManagerFactory.createWebSocketManager(context)}: the unified manager of the context's user. */
  public static WebSocketManager createWebSocketManager(UserExecutionContext context) {
    return UnifiedWebSocketManager.createForUser(context);
  }
}
