package dev.sunset.benchmarks;

/**
 * {@link LegacyPoint}'s twin under a method rule at {@code observe} ({@code bench-observed-point}, naming
 * {@link #value()} only): the call its class-rule counterpart is compared with.
 */
public final class ObservedPoint {
  public int x;

  public ObservedPoint(int x) {
    this.x = x;
  }

  /** The same body as {@link LegacyPoint#value()}. */
  public int value() {
    return x + 1;
  }
}
