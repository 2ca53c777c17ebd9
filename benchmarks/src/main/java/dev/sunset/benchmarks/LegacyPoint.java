package dev.sunset.benchmarks;

/**
 * A legacy class the benchmark rules retire with a class rule at {@code observe} ({@code bench-legacy-point}): its
 * constructor calls, field reads and method calls are each a counted site under the agent.
 */
public final class LegacyPoint {
  public int x;

  public LegacyPoint(int x) {
    this.x = x;
  }

  /** A cheap method, so that the call path, not the body, is measured. */
  public int value() {
    return x + 1;
  }
}
