package dev.sunset.benchmarks;

import com.example.ws.UnifiedWebSocketManager;
import com.example.ws.UserExecutionContext;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Benchmarks run in forks WITH the agent attached: legacy calls whose call sites the agent rewrote, as
 * classes loaded, into counted {@code invokedynamic} sites redirected to the unified method; plus the direct
 * calls again, as a control measured in the same kind of JVM.
 *
 * <p>Each {@code ...TwoThreads} method is run by two threads at once; as the method's bytecode holds one
 * call site, both threads go through the same linked site (each counting in its own per-thread slot).
 * Before measuring, {@link #checkRedirected()} calls every legacy-calling benchmark method once and fails
 * the run unless the agent redirected it: {@link LegacyValues}'s body must not run, and the legacy factory
 * method must not be on the stack.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@SuppressWarnings("removal") // calls the deprecated legacy factory on purpose
public class AgentBenchmarks {
  int x;
  UserExecutionContext ctx;
  LegacyPoint point;
  ObservedPoint observed;

  /** Sets the inputs and fails the run unless the agent is attached and redirects every measured legacy call. */
  @Setup(Level.Trial)
  public void checkRedirected() throws Throwable {
    x = 0x5EED;
    ctx = UserExecutionContext.of("user-1", "thread-1", "run-1", "request-1");
    PathChecks.requireAgent(true, AgentBenchmarks.class.getName());
    point = new LegacyPoint(x);
    observed = new ObservedPoint(x);
    PathChecks.require(PathChecks.deniedByAgent(DeniedPoint::new), "the Sunset agent did not deny new DeniedPoint()"
        + " in " + AgentBenchmarks.class.getName() + ": the class rules of bench-rules.yaml are not in force, so the"
        + " classRule figures would measure calls the agent does not count");

    synchronized (LegacyValues.class) { // the threads of a two-thread benchmark set up concurrently
      long before = LegacyValues.bodyCalls();
      int expected = UnifiedValues.compute(x);
      PathChecks.require(redirectedValue() == expected && redirectedValueTwoThreads() == expected
          && viaMethodHandle(0) == expected && viaReflection(0) == expected
          && viaMethodHandle(Depth.DEEPEST) == expected && viaReflection(Depth.DEEPEST) == expected,
          "the redirected legacy call returned a wrong value");
      PathChecks.require(LegacyValues.bodyCalls() == before, "the Sunset agent did not redirect "
          + "LegacyValues.compute in " + AgentBenchmarks.class.getName() + ": the legacy body ran (" + before
          + " -> " + LegacyValues.bodyCalls() + " calls), directly, through a method handle or reflectively. The "
          + "figures would measure the un-redirected path; look for rule problems in the agent's output above");
    }

    UserExecutionContext saved = ctx;
    ctx = null;
    try {
      for (Runnable call : new Runnable[] {this::redirectedWs, this::redirectedWsTwoThreads}) {
        PathChecks.require(!PathChecks.legacyFactoryOnStack(call), "the Sunset agent did not redirect "
            + "WebSocketManagerFactory.createWebSocketManager in " + AgentBenchmarks.class.getName() + ": the legacy "
            + "factory method ran. Is the shim's META-INF/sunset/rules.yaml on the class path?");
      }
    } finally {
      ctx = saved;
    }
  }

  /** Control: the cheap unified call, called directly, in a JVM with the agent attached. */
  @Benchmark
  public int directValue() {
    return UnifiedValues.compute(x);
  }

  /** Control: {@code UnifiedWebSocketManager.createForUser(ctx)}, called directly, with the agent attached. */
  @Benchmark
  public UnifiedWebSocketManager directWs() {
    return UnifiedWebSocketManager.createForUser(ctx);
  }

  /** Control: the cheap unified call from two threads, with the agent attached. */
  @Benchmark
  @Threads(2)
  public int directValueTwoThreads() {
    return UnifiedValues.compute(x);
  }

  /** Control: {@code UnifiedWebSocketManager.createForUser(ctx)} from two threads, with the agent attached. */
  @Benchmark
  @Threads(2)
  public UnifiedWebSocketManager directWsTwoThreads() {
    return UnifiedWebSocketManager.createForUser(ctx);
  }

  /** 3: {@code LegacyValues.compute(x)} as written, redirected by the agent to the unified method, one thread. */
  @Benchmark
  public int redirectedValue() {
    return LegacyValues.compute(x);
  }

  /** 3: the same redirected call, from two threads sharing this method's one call site. */
  @Benchmark
  @Threads(2)
  public int redirectedValueTwoThreads() {
    return LegacyValues.compute(x);
  }

  /**
   * How deep the stack is below the guarded calls' caller: {@code extraFrames} more frames of the caller's own method
   * between the benchmark method and the call. The guard reads no frame below the caller, so its cost should not move.
   */
  @State(Scope.Thread)
  public static class Depth {
    /** The deepest {@link #extraFrames} measured, which the set-up check runs too. */
    static final int DEEPEST = 64;

    /** Frames of the caller's own method below the one that calls. */
    @Param({"0", "16", "64"})
    public int extraFrames;
  }

  /**
   * 5: the legacy method through a method handle looked up at run time: no rewritten site covers the call, so the
   * legacy method's guard walks the stack for the caller (at most 64 frames), counts the call and redirects it.
   */
  @Benchmark
  public int guardedValueViaMethodHandle(Depth depth) throws Throwable {
    return viaMethodHandle(depth.extraFrames);
  }

  /** 5: the legacy method through {@code Method.invoke}, caught, counted and redirected by its guard. */
  @Benchmark
  public int guardedValueViaReflection(Depth depth) throws ReflectiveOperationException {
    return viaReflection(depth.extraFrames);
  }

  /** The method-handle call, made {@code frames} frames of this method deeper. */
  int viaMethodHandle(int frames) throws Throwable {
    if (frames > 0) {
      return viaMethodHandle(frames - 1);
    }
    return (int) LegacyValues.COMPUTE_HANDLE.invokeExact(x);
  }

  /** The reflective call, made {@code frames} frames of this method deeper. */
  int viaReflection(int frames) throws ReflectiveOperationException {
    if (frames > 0) {
      return viaReflection(frames - 1);
    }
    return (int) LegacyValues.COMPUTE_METHOD.invoke(null, x);
  }

  /** 3: {@code WebSocketManagerFactory.createWebSocketManager(ctx)} as written, redirected by the shim's rules. */
  @Benchmark
  public com.example.ws.WebSocketManager redirectedWs() {
    return com.example.ws.WebSocketManagerFactory.createWebSocketManager(ctx);
  }

  /** 3: the same redirected factory call, from two threads sharing this method's one call site. */
  @Benchmark
  @Threads(2)
  public com.example.ws.WebSocketManager redirectedWsTwoThreads() {
    return com.example.ws.WebSocketManagerFactory.createWebSocketManager(ctx);
  }

  /** Class rule, {@code new}: constructing the legacy class ({@code bench-legacy-point} at observe under the agent). */
  @Benchmark
  public LegacyPoint classRuleNew() {
    return new LegacyPoint(x);
  }

  /** Class rule, a field read of the legacy class. */
  @Benchmark
  public int classRuleFieldRead() {
    return point.x;
  }

  /** Class rule, a call of a method the legacy class declares. */
  @Benchmark
  public int classRuleCall() {
    return point.value();
  }

  /** Method rule at observe: the same call as {@link #classRuleCall()}, on a class a method rule names instead. */
  @Benchmark
  public int methodRuleCall() {
    return observed.value();
  }
}
