package dev.sunset.benchmarks;

import com.example.ws.UnifiedWebSocketManager;
import com.example.ws.UserExecutionContext;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Benchmarks run in forks WITHOUT the agent: the direct call to the unified methods (the floor), the legacy
 * call through the plain delegating shim, and a hand-written shim that finds its caller with
 * {@link StackWalker} on every call.
 *
 * <p>Inputs are read from non-final fields of this per-thread state so the JIT cannot fold the calls, and
 * every result is returned so that JMH consumes it in a blackhole. Before measuring, {@link #checkPaths()}
 * proves the agent is absent and that the legacy bodies really run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@SuppressWarnings("removal") // calls the deprecated legacy factory on purpose
public class NoAgentBenchmarks {
  int x;
  UserExecutionContext ctx;
  LegacyPoint point;
  ObservedPoint observed;

  /** Sets the inputs and fails the run if this fork does not take the paths its benchmarks claim to measure. */
  @Setup(Level.Trial)
  public void checkPaths() throws Throwable {
    x = 0x5EED;
    ctx = UserExecutionContext.of("user-1", "thread-1", "run-1", "request-1");
    PathChecks.requireAgent(false, NoAgentBenchmarks.class.getName());
    point = new LegacyPoint(x);
    observed = new ObservedPoint(x);

    synchronized (LegacyValues.class) { // the threads of a two-thread benchmark set up concurrently
      long before = LegacyValues.bodyCalls();
      PathChecks.require(legacyValueViaShim() == directValue() && LegacyValues.bodyCalls() == before + 1,
          "LegacyValues.compute did not run its body without the agent");
      PathChecks.require(legacyValueViaMethodHandle() == directValue() && legacyValueViaReflection() == directValue()
          && LegacyValues.bodyCalls() == before + 3,
          "LegacyValues.compute did not run its body when called through a method handle and reflection");
    }

    UserExecutionContext saved = ctx;
    ctx = null;
    try {
      PathChecks.require(PathChecks.legacyFactoryOnStack(this::legacyWsViaShim),
          "WebSocketManagerFactory.createWebSocketManager was not on the stack without the agent");
    } finally {
      ctx = saved;
    }

    stackWalkerShimWs();
    stackWalkerShimValue();
    String prefix = NoAgentBenchmarks.class.getName() + "#stackWalkerShim";
    PathChecks.require(NaiveStackWalkerShim.callsByCaller().keySet().stream().filter(k -> k.startsWith(prefix))
        .count() == 2, "the StackWalker shim did not attribute its calls to the benchmark methods: "
        + NaiveStackWalkerShim.callsByCaller());
  }

  /** 1: the cheap unified call, called directly. */
  @Benchmark
  public int directValue() {
    return UnifiedValues.compute(x);
  }

  /** 1, from two threads at once: the machine's own two-thread cost, for reading the agent's two-thread figure. */
  @Benchmark
  @Threads(2)
  public int directValueTwoThreads() {
    return UnifiedValues.compute(x);
  }

  /** 1: {@code UnifiedWebSocketManager.createForUser(ctx)}, called directly. */
  @Benchmark
  public UnifiedWebSocketManager directWs() {
    return UnifiedWebSocketManager.createForUser(ctx);
  }

  /** 1, from two threads at once (allocation and GC shared by both threads). */
  @Benchmark
  @Threads(2)
  public UnifiedWebSocketManager directWsTwoThreads() {
    return UnifiedWebSocketManager.createForUser(ctx);
  }

  /** 2: the legacy call through the plain delegating shim, no agent. */
  @Benchmark
  public int legacyValueViaShim() {
    return LegacyValues.compute(x);
  }

  /** 2: {@code WebSocketManagerFactory.createWebSocketManager(ctx)} through the shim jar, no agent. */
  @Benchmark
  public com.example.ws.WebSocketManager legacyWsViaShim() {
    return com.example.ws.WebSocketManagerFactory.createWebSocketManager(ctx);
  }

  /** 5: the legacy method through a method handle looked up at run time, no agent: its body runs. */
  @Benchmark
  public int legacyValueViaMethodHandle() throws Throwable {
    return (int) LegacyValues.COMPUTE_HANDLE.invokeExact(x);
  }

  /** 5: the legacy method through {@code Method.invoke}, no agent: its body runs. */
  @Benchmark
  public int legacyValueViaReflection() throws ReflectiveOperationException {
    return (int) LegacyValues.COMPUTE_METHOD.invoke(null, x);
  }

  /** 4: a shim that walks the stack for its caller and counts per caller, then delegates (cheap target). */
  @Benchmark
  public int stackWalkerShimValue() {
    return NaiveStackWalkerShim.compute(x);
  }

  /** 4: the same StackWalker shim in front of {@code UnifiedWebSocketManager.createForUser(ctx)}. */
  @Benchmark
  public com.example.ws.WebSocketManager stackWalkerShimWs() {
    return NaiveStackWalkerShim.createWebSocketManager(ctx);
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
