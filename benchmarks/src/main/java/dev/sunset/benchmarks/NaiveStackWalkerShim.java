package dev.sunset.benchmarks;

import com.example.ws.UnifiedWebSocketManager;
import com.example.ws.UserExecutionContext;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A hand-written deprecation shim of the kind the agent replaces: every call walks the stack to find its
 * caller, counts the call per caller in a {@code ConcurrentHashMap<String, LongAdder>}, then delegates to
 * the unified method.
 *
 * <p>It is the baseline that shows what per-caller telemetry costs when it is computed on every call rather
 * than decided once per call site, as the agent does when it links the site.
 */
public final class NaiveStackWalkerShim {
  private static final StackWalker WALKER = StackWalker.getInstance();
  private static final ConcurrentHashMap<String, LongAdder> CALLS_BY_CALLER = new ConcurrentHashMap<>();

  private NaiveStackWalkerShim() {}

  /** The shim of {@code WebSocketManagerFactory.createWebSocketManager}: records the caller, then delegates. */
  @SuppressWarnings("removal") // returns the legacy interface, as the legacy factory does
  public static com.example.ws.WebSocketManager createWebSocketManager(UserExecutionContext context) {
    recordCaller();
    return UnifiedWebSocketManager.createForUser(context);
  }

  /** The shim of {@link LegacyValues#compute(int)}: records the caller, then delegates. */
  public static int compute(int x) {
    recordCaller();
    return UnifiedValues.compute(x);
  }

  /** Calls counted so far, by caller ({@code class#method:line}). */
  public static Map<String, Long> callsByCaller() {
    Map<String, Long> copy = new TreeMap<>();
    CALLS_BY_CALLER.forEach((caller, count) -> copy.put(caller, count.sum()));
    return copy;
  }

  private static void recordCaller() {
    // frame 0 is this method, frame 1 the shim method, frame 2 its caller
    String caller = WALKER.walk(frames -> frames.skip(2).findFirst()
        .map(f -> f.getClassName() + "#" + f.getMethodName() + ":" + f.getLineNumber())
        .orElse("unknown"));
    CALLS_BY_CALLER.computeIfAbsent(caller, k -> new LongAdder()).increment();
  }
}
