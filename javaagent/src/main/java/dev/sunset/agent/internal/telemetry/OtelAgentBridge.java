package dev.sunset.agent.internal.telemetry;

import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.agent.internal.registry.CallSiteSnapshot;
import dev.sunset.agent.internal.registry.FirstCallListener;
import dev.sunset.agent.internal.rewrite.ConstantPoolRemapper;
import dev.sunset.agent.internal.telemetry.data.CallSiteMetrics;
import dev.sunset.agent.internal.telemetry.data.EventSink;
import dev.sunset.agent.internal.telemetry.otel.OtelBinding;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Sends Sunset's telemetry through the OpenTelemetry Java agent's SDK when that agent is attached too: one
 * pipeline, with that agent's resource and exporters, and first-call events in its trace context.
 *
 * <p>The OpenTelemetry Java agent keeps its API, relocated to {@code io.opentelemetry.javaagent.shaded.io.
 * opentelemetry}, on the boot class path, where every class loader sees it. Sunset copies the classes of its
 * API-only package ({@code telemetry.otel}, compiled against the API and relocated into Sunset's jar) into a
 * small class loader of its own, rewriting their references from Sunset's relocated API to that agent's, and
 * binds them to that agent's global OpenTelemetry, which is its SDK. No extension jar and no configuration are
 * needed, and the two agents may be given in either order.
 *
 * <p>It binds only once that agent has installed its SDK (asking earlier would install a no-op in its place):
 * at Sunset's start when that agent started first, else at the first call of any call site or from a
 * short-lived background thread, whichever comes first.
 */
final class OtelAgentBridge implements Telemetry {
  private static final String BINDING_PACKAGE = OtelBinding.class.getPackageName() + ".";
  private static final String BRIDGED_PACKAGE = OtelAgentBridge.class.getPackageName() + ".viaotelagent.";
  private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);

  private final CallSiteMetrics metrics;
  private final Supplier<CallSiteSnapshot> snapshots;
  private final String version;
  private volatile EventSink sink;
  private volatile boolean failed;

  private OtelAgentBridge(CallSiteMetrics metrics, Supplier<CallSiteSnapshot> snapshots, String version) {
    this.metrics = metrics;
    this.snapshots = snapshots;
    this.version = version;
  }

  /** Binds now if the OpenTelemetry Java agent is ready, else as soon as it is. */
  static Telemetry start(CallSiteMetrics metrics, Supplier<CallSiteSnapshot> snapshots,
      Consumer<FirstCallListener> listeners, String version) {
    OtelAgentBridge bridge = new OtelAgentBridge(metrics, snapshots, version);
    listeners.accept(new FirstCallEvents(bridge::connect, null));
    if (bridge.connect() == null && !bridge.failed) {
      bridge.connectInBackground();
    }
    return bridge;
  }

  @Override
  public String description() {
    return "through the OpenTelemetry Java agent (its SDK, resource and exporters)";
  }

  @Override
  public void shutdown(Duration timeout) {
    // the OpenTelemetry Java agent flushes its SDK, Sunset's instruments included, at its own exit
  }

  /** The event sink bound to the OpenTelemetry Java agent, or null while that agent is not ready. */
  synchronized EventSink connect() {
    if (sink != null || failed) {
      return sink;
    }
    if (!OtelAgentDetection.agentReady()) {
      return null;
    }
    try {
      Class<?> binding = new BridgeClassLoader(OtelAgentBridge.class.getClassLoader(), prefixes())
          .loadClass(BRIDGED_PACKAGE + OtelBinding.class.getSimpleName());
      MethodHandle bindGlobal = MethodHandles.publicLookup().findStatic(binding, "bindGlobal",
          MethodType.methodType(binding, CallSiteMetrics.class, Supplier.class, String.class));
      sink = (EventSink) bindGlobal.invoke(metrics, snapshots, version);
      AgentLog.info("telemetry: " + description());
    } catch (Throwable t) {
      failed = true;
      AgentLog.failureOnce(LogTopic.TELEMETRY_BRIDGE,
          "telemetry: cannot use the OpenTelemetry Java agent's SDK; Sunset's"
          + " telemetry is off (the report is unaffected)", t);
    }
    return sink;
  }

  private void connectInBackground() {
    Thread thread = new Thread(() -> {
      long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
      long pause = 20;
      try {
        while (connect() == null && !failed) {
          if (System.nanoTime() > deadline) {
            AgentLog.info("telemetry: the OpenTelemetry Java agent did not install its SDK within "
                + GIVE_UP_AFTER.toMinutes() + " minutes; Sunset's telemetry stays off until a call site first runs");
            return;
          }
          Thread.sleep(pause);
          pause = Math.min(pause * 2, 1000);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "sunset-otel-bridge");
    thread.setDaemon(true);
    thread.start();
  }

  /** Sunset's relocated OpenTelemetry to the agent's, and the binding's package to the bridged copy's. */
  private static Map<String, String> prefixes() {
    String api = OpenTelemetry.class.getName(); // <relocated prefix>api.OpenTelemetry
    String sunsetOtel = api.substring(0, api.length() - "api.OpenTelemetry".length());
    Map<String, String> prefixes = new LinkedHashMap<>();
    prefixes.put(internal(BINDING_PACKAGE), internal(BRIDGED_PACKAGE));
    prefixes.put(internal(sunsetOtel), internal(OtelAgentDetection.AGENT_API));
    return prefixes;
  }

  private static String internal(String packagePrefix) {
    return packagePrefix.replace('.', '/');
  }

  /**
   * Defines the bridged copies of the binding's classes, rewritten to the OpenTelemetry Java agent's API; every
   * other class comes from Sunset's class loader (and, through it, the boot class path).
   */
  private static final class BridgeClassLoader extends ClassLoader {
    static {
      registerAsParallelCapable();
    }

    private final Map<String, String> prefixes;

    BridgeClassLoader(ClassLoader parent, Map<String, String> prefixes) {
      super("sunset-otel-bridge", parent);
      this.prefixes = prefixes;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith(BRIDGED_PACKAGE)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          c = findClass(name);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      String original = BINDING_PACKAGE + name.substring(BRIDGED_PACKAGE.length());
      try (InputStream in = getParent().getResourceAsStream(original.replace('.', '/') + ".class")) {
        if (in == null) {
          throw new ClassNotFoundException(name);
        }
        byte[] bytes = ConstantPoolRemapper.remap(in.readAllBytes(), prefixes);
        return defineClass(name, bytes, 0, bytes.length, OtelAgentBridge.class.getProtectionDomain());
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
    }
  }
}
