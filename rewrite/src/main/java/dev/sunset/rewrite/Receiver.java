package dev.sunset.rewrite;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/** What a replacement method does with the receiver of the legacy call it replaces. */
@API(status = EXPERIMENTAL, since = "0.1.0")
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
