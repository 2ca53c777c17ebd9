package dev.sunset.agent.internal.telemetry;

import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.agent.internal.telemetry.data.FirstCallEvent.SpanIds;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Reads the span an application made current through its own copy of the OpenTelemetry API (the unshaded
 * {@code io.opentelemetry.api.trace.Span}, as the calling thread's context class loader sees it), so that
 * the events of Sunset's own, relocated SDK can be correlated with the application's traces.
 *
 * <p>Used only when Sunset runs its own SDK: with the OpenTelemetry Java agent the events are emitted in
 * that agent's context directly. The lookup happens once per call site, at its first call.
 */
public final class AppSpans {
  // Built at run time: the agent jar's relocation would otherwise rewrite these names to Sunset's own copy.
  private static final String API = String.join(".", "io", "opentelemetry", "api", "trace") + ".";

  private final Map<ClassLoader, Accessors> byLoader = new WeakHashMap<>();

  /** The span current on this thread in the application's OpenTelemetry API, or null. */
  public SpanIds current() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = ClassLoader.getSystemClassLoader();
    }
    Accessors accessors;
    synchronized (byLoader) {
      accessors = byLoader.computeIfAbsent(loader, Accessors::find);
    }
    return accessors.current();
  }

  /** Method handles on one loader's copy of the API, or none when it has no copy. */
  private static final class Accessors {
    static final Accessors NONE = new Accessors(null, null, null, null, null, null);

    private final MethodHandle current;
    private final MethodHandle spanContext;
    private final MethodHandle isValid;
    private final MethodHandle traceId;
    private final MethodHandle spanId;
    private final MethodHandle flags;

    private Accessors(MethodHandle current, MethodHandle spanContext, MethodHandle isValid, MethodHandle traceId,
        MethodHandle spanId, MethodHandle flags) {
      this.current = current;
      this.spanContext = spanContext;
      this.isValid = isValid;
      this.traceId = traceId;
      this.spanId = spanId;
      this.flags = flags;
    }

    static Accessors find(ClassLoader loader) {
      try {
        Class<?> span = Class.forName(API + "Span", false, loader);
        Class<?> context = Class.forName(API + "SpanContext", false, loader);
        Class<?> traceFlags = Class.forName(API + "TraceFlags", false, loader);
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        return new Accessors(
            lookup.findStatic(span, "current", MethodType.methodType(span)),
            lookup.findVirtual(span, "getSpanContext", MethodType.methodType(context)),
            lookup.findVirtual(context, "isValid", MethodType.methodType(boolean.class)),
            lookup.findVirtual(context, "getTraceId", MethodType.methodType(String.class)),
            lookup.findVirtual(context, "getSpanId", MethodType.methodType(String.class)),
            MethodHandles.filterReturnValue(
                lookup.findVirtual(context, "getTraceFlags", MethodType.methodType(traceFlags)),
                lookup.findVirtual(traceFlags, "asByte", MethodType.methodType(byte.class))));
      } catch (ClassNotFoundException | LinkageError e) {
        return NONE; // this loader has no OpenTelemetry API: no span to correlate with
      } catch (ReflectiveOperationException | RuntimeException e) {
        AgentLog.failureOnce(LogTopic.TELEMETRY_APP_SPAN, "telemetry: cannot read the application's current span", e);
        return NONE;
      }
    }

    SpanIds current() {
      if (current == null) {
        return null;
      }
      try {
        Object context = spanContext.invoke(current.invoke());
        if (!(boolean) isValid.invoke(context)) {
          return null;
        }
        return new SpanIds((String) traceId.invoke(context), (String) spanId.invoke(context),
            (byte) flags.invoke(context));
      } catch (Throwable t) {
        AgentLog.failureOnce(LogTopic.TELEMETRY_APP_SPAN, "telemetry: cannot read the application's current span", t);
        return null;
      }
    }
  }
}
