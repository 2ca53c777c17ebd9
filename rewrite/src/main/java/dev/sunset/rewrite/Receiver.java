package dev.sunset.rewrite;

/** What a replacement method does with the receiver of the legacy call it replaces. */
public enum Receiver {
  /**
   * The replacement takes the legacy method's parameters and no receiver: {@code factory.create(ctx)} becomes
   * {@code Service.create(ctx)}. Also the only form for a static legacy method.
   */
  DROPPED,
  /**
   * The replacement takes the legacy receiver first, then the legacy method's parameters:
   * {@code manager.send(a, b)} becomes {@code Adapters.send(manager, a, b)}.
   */
  FIRST
}
