package dev.sunset.benchmarks;

/**
 * The replacement of {@link LegacyValues}: a static method cheap enough that the cost of reaching it (a
 * plain call, a delegating shim, a call site rewritten by the agent) dominates what the benchmarks measure.
 */
public final class UnifiedValues {
  private UnifiedValues() {}

  /** Mixes the bits of {@code x}: a few ALU instructions, nothing the JIT can fold when {@code x} is unknown. */
  public static int compute(int x) {
    int h = x * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
