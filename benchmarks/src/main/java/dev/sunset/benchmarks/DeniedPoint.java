package dev.sunset.benchmarks;

/**
 * A class the benchmark rules deny with a class rule ({@code bench-denied-point}): the agent forks' set-up constructs
 * one and requires the denial, which proves the class rules are in force there before anything is measured.
 */
public final class DeniedPoint {
  public DeniedPoint() {}
}
