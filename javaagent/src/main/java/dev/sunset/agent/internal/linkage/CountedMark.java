package dev.sunset.agent.internal.linkage;

import dev.sunset.agent.internal.registry.Guard;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Tells a guard without a twin that the call entering it comes from a rewritten call site, which counted it
 * already, so that no call is counted twice.
 *
 * <p>A guard woven when its class was defined has a twin, the guard-free copy of the body that rewritten sites
 * run at {@code observe}. A legacy class loaded before the agent attached has none (the JVM adds no method to a
 * class it redefines): rewritten sites then call the legacy method itself, with a mark of this thread naming the
 * guard they expect, set just before the call and cleared when it returns or throws. The guard consumes a mark
 * that names it and runs the body uncounted; any other call, on this thread or another, is counted as usual. Only
 * sites whose legacy method has such a guard pay for the mark (two thread-local reads and writes); the call path
 * of every other site is as it was.
 */
final class CountedMark {
  /** This thread's mark: the guard the rewritten call being made expects, or null. */
  private static final class Mark {
    Guard expected;
  }

  private static final ThreadLocal<Mark> MARKS = new ThreadLocal<>() {
    @Override
    protected Mark initialValue() {
      return new Mark();
    }
  };

  /** The handles marks are built from, made when the first marked site links. */
  private static final class Handles {
    static final MethodHandle SET;
    static final MethodHandle CLEAR;

    static {
      try {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        SET = lookup.findStatic(CountedMark.class, "set", MethodType.methodType(void.class, Guard.class));
        CLEAR = lookup.findStatic(CountedMark.class, "clear", MethodType.methodType(void.class));
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private Handles() {}
  }

  private CountedMark() {}

  private static void set(Guard guard) {
    MARKS.get().expected = guard;
  }

  private static void clear() {
    MARKS.get().expected = null;
  }

  /** Whether this thread's call into {@code guard} comes from a rewritten site that counted it; consumes the mark. */
  static boolean consume(Guard guard) {
    Mark mark = MARKS.get();
    if (mark.expected == guard) {
      mark.expected = null;
      return true;
    }
    return false;
  }

  /**
   * {@code target}, with this thread marked as making a call {@code guard} must not count, from just before the call
   * until it returns or throws (the call may dispatch to a body without that guard, which leaves the mark unused).
   */
  static MethodHandle around(MethodHandle target, Guard guard) {
    MethodType type = target.type();
    MethodHandle marked = MethodHandles.foldArguments(target, Handles.SET.bindTo(guard));
    MethodHandle cleanup;
    if (type.returnType() == void.class) {
      cleanup = MethodHandles.dropArguments(Handles.CLEAR, 0, Throwable.class);
    } else {
      // (Throwable, result) -> clear(); return result
      cleanup = MethodHandles.dropArguments(MethodHandles.identity(type.returnType()), 0, Throwable.class);
      cleanup = MethodHandles.foldArguments(cleanup, Handles.CLEAR);
    }
    return MethodHandles.tryFinally(marked, cleanup);
  }
}
