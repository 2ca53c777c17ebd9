package com.example.ws;

/**
 * The adapter a class rule retiring {@link LegacyWebSocketManagerAdapter} sends its constructions to (its
 * {@code replacement:}, with {@code members: {"<init>(com.example.ws.WebSocketManager)": wrap}}).
 *
 * <p>Only the constructor has a counterpart: the adapter's own methods are reached through {@link WebSocketManager},
 * whose rules already redirect them, and its subclasses stay subclasses until they are rewritten. Like the legacy
 * adapter, this class goes when the legacy adapter goes.
 */
@SuppressWarnings("removal") // the adapter of the legacy adapter: it names it to stand in for its constructor
public final class ManagerWrappers {
  private ManagerWrappers() {}

  /**
   * {@code new LegacyWebSocketManagerAdapter(manager)}: the same wrapper, whose events reach {@code manager}'s user
   * through {@link LegacyAdapters} (directly for a unified manager).
   *
   * @throws NullPointerException if {@code manager} is null, as the constructor does
   */
  public static LegacyWebSocketManagerAdapter wrap(WebSocketManager manager) {
    return new LegacyWebSocketManagerAdapter(manager);
  }
}
