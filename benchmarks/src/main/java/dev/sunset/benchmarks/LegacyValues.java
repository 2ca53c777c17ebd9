package dev.sunset.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

/**
 * The legacy counterpart of {@link UnifiedValues}: a shim that delegates to it, and that counts how often its
 * own body runs so that a benchmark can prove the agent rewrote its callers.
 *
 * <p>The benchmark rules ({@code bench-rules.yaml}) redirect every call to {@link #compute(int)} to
 * {@link UnifiedValues#compute(int)}; under the agent this body therefore never runs from a rewritten class,
 * and {@link #bodyCalls()} stays where it was.
 */
public final class LegacyValues {
  // A plain field on purpose: one load and one store, the cheapest possible evidence that the body ran.
  // The benchmark set-up checks read it before and after their own call while holding the class's lock.
  private static long bodyCalls;

  /**
   * {@link #compute(int)} looked up at run time: calls through it name no legacy class at the call site, so no
   * rewritten site covers them and the agent catches them at the legacy method's entry (its guard).
   */
  static final MethodHandle COMPUTE_HANDLE;
  /** {@link #compute(int)} for {@link Method#invoke}: the reflective path to the legacy method. */
  static final Method COMPUTE_METHOD;

  static {
    try {
      COMPUTE_HANDLE = MethodHandles.lookup().findStatic(LegacyValues.class, "compute",
          MethodType.methodType(int.class, int.class));
      COMPUTE_METHOD = LegacyValues.class.getMethod("compute", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private LegacyValues() {}

  /** Delegates to {@link UnifiedValues#compute(int)}, counting the call. */
  public static int compute(int x) {
    bodyCalls++;
    return UnifiedValues.compute(x);
  }

  /** How many times the body of {@link #compute(int)} ran in this JVM (as seen by the calling thread). */
  public static long bodyCalls() {
    return bodyCalls;
  }
}
