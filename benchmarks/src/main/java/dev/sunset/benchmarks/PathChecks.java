package dev.sunset.benchmarks;

/**
 * Checks, run in each benchmark fork before measuring, that the code path about to be measured is the one
 * the benchmark claims: agent attached or not, legacy body run or skipped. A failed check throws, which
 * fails the benchmark and the whole run, so a figure can never silently measure the wrong path.
 */
final class PathChecks {
  /** A class of the agent jar; {@code -javaagent} appends that jar to the system class path. */
  static final String AGENT_CLASS = "dev.sunset.agent.SunsetAgent";

  private static final String UNIFIED_MANAGER = "com.example.ws.UnifiedWebSocketManager";
  private static final String LEGACY_FACTORY = "com.example.ws.WebSocketManagerFactory";

  private PathChecks() {}

  /** Whether the Sunset agent is attached to this JVM. */
  static boolean agentAttached() {
    try {
      Class.forName(AGENT_CLASS, false, ClassLoader.getSystemClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Fails unless the agent is attached ({@code expected}) or absent ({@code !expected}). */
  static void requireAgent(boolean expected, String benchmarkClass) {
    if (agentAttached() != expected) {
      throw new IllegalStateException(benchmarkClass + " must run " + (expected ? "with" : "without")
          + " the Sunset agent, but the agent is " + (expected ? "absent" : "attached")
          + " in this fork; run it through dev.sunset.benchmarks.BenchmarkRunner");
    }
  }

  /** Fails with {@code message} unless {@code condition} holds. */
  static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }

  /**
   * Runs a legacy-factory call made with a null context, which fails inside the unified manager, and tells
   * whether the legacy factory method was on the stack when it failed: it is on a call through the plain
   * shim and absent when the agent redirected the call site straight to the unified method.
   */
  static boolean legacyFactoryOnStack(Runnable callWithNullContext) {
    try {
      callWithNullContext.run();
    } catch (NullPointerException e) {
      boolean unified = false;
      boolean legacy = false;
      for (StackTraceElement frame : e.getStackTrace()) {
        unified |= frame.getClassName().equals(UNIFIED_MANAGER);
        legacy |= frame.getClassName().equals(LEGACY_FACTORY);
      }
      if (!unified) {
        throw new IllegalStateException("expected the null context to be refused by " + UNIFIED_MANAGER, e);
      }
      return legacy;
    }
    throw new IllegalStateException("a call with a null context did not fail; cannot tell which path it took");
  }

  /** Whether running {@code use} throws the agent's denial (found by class name: the agent's API is not on this path). */
  static boolean deniedByAgent(Runnable use) {
    try {
      use.run();
      return false;
    } catch (RuntimeException e) {
      return e.getClass().getName().equals("dev.sunset.agent.LegacyCallDeniedException");
    }
  }
}
