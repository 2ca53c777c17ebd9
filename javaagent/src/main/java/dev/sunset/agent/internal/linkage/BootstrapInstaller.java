package dev.sunset.agent.internal.linkage;

import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;

/**
 * Makes the bootstrap method of rewritten call sites reachable from every class loader.
 *
 * <p>It defines one small class, {@code java.lang.SunsetBootstrapDispatcher}, in the boot loader's
 * {@code java.lang} package (exported to everyone; {@code java.lang.invoke} refuses private lookups),
 * whose bootstrap method forwards to {@link IndyBootstrap}. This avoids appending a jar to the boot class
 * path, which would cost class-data sharing for every other loader. The class is defined by an installer
 * class alone in a class loader of its own, and {@code java.lang} is opened to that loader's unnamed module
 * only, never to the class path's. If the JVM refuses, rewritten classes name
 * {@link IndyBootstrap} directly and only classes whose loader can see the agent are rewritten.
 */
public final class BootstrapInstaller {
  /** Internal name of the dispatcher class defined in {@code java.lang}. */
  public static final String DISPATCHER = "java/lang/SunsetBootstrapDispatcher";
  /** Name of the guard entry point: {@code static int guard(int guardId)}. */
  public static final String GUARD_METHOD = "guard";
  /** Descriptor of the guard entry point. */
  public static final String GUARD_DESCRIPTOR = "(I)I";
  /** Name of the bootstrap method of a guard's call to the replacement. */
  public static final String GUARD_LINK_METHOD = "guardLink";
  /** Descriptor of the bootstrap method of a guard's call to the replacement. */
  public static final String GUARD_LINK_DESCRIPTOR = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
      + "Ljava/lang/invoke/MethodType;I)Ljava/lang/invoke/CallSite;";
  /** Name of the dispatcher's {@code static int registerExitHook(Runnable)}. */
  static final String EXIT_HOOK_METHOD = "registerExitHook";
  /** Descriptor of {@link #EXIT_HOOK_METHOD}. */
  static final String EXIT_HOOK_DESCRIPTOR = "(Ljava/lang/Runnable;)I";
  /**
   * The system shutdown hook slots the agent's exit hook may take, tried from the last down: the JDK itself
   * uses slots 0 (the console), 1 (every application hook) and 2 (files deleted on exit).
   */
  static final int LAST_EXIT_SLOT = 9;
  /** The first slot after the application hooks' (1) and the JDK's own (2). */
  static final int FIRST_EXIT_SLOT = 3;
  static final String TARGET_FIELD = "target";
  static final String GUARD_FIELD = "guardTarget";
  static final String GUARD_LINK_FIELD = "guardLinkTarget";
  static final String REFERENCE_FIELD = "referenceTarget";

  /** The class that java.lang is opened to, alone in its loader, so that it can define the dispatcher. */
  static final String INSTALLER_CLASS = "dev.sunset.boot.DispatcherInstaller";

  private BootstrapInstaller() {}

  /**
   * Where rewritten call sites find their bootstrap method.
   *
   * @param owner internal name of the class holding the bootstrap method (and the guard entry points)
   * @param visibleEverywhere whether every class loader can see it (the dispatcher); otherwise only loaders
   *     that see the agent, and no guard can be woven
   */
  public record Target(String owner, boolean visibleEverywhere) {}

  /**
   * The dispatcher once defined: where rewritten classes find the entry points, and the step that points
   * the entry points at the agent, which needs method handles and so is left off the JVM's start-up until
   * a rewritten class is about to run (or the agent's own thread gets to it first).
   */
  public static final class Installation {
    private final Target target;
    private final Class<?> installer;
    private final Class<?> dispatcher;
    private volatile boolean active;

    Installation(Target target, Class<?> installer, Class<?> dispatcher) {
      this.target = target;
      this.installer = installer;
      this.dispatcher = dispatcher;
      this.active = dispatcher == null;
    }

    /** No dispatcher: rewritten classes name {@link IndyBootstrap} directly, and no guard is woven. */
    public static Installation withoutDispatcher() {
      return new Installation(new Target(IndyBootstrap.INTERNAL_NAME, false), null, null);
    }

    /** Where rewritten call sites find their bootstrap method. */
    public Target target() {
      return target;
    }

    /** Points the dispatcher's entry points at the agent, once; never throws. */
    public void activate() {
      if (active) {
        return;
      }
      synchronized (this) {
        if (active) {
          return;
        }
        try {
          Method set = installer.getMethod("set", Class.class, String.class, MethodHandle.class);
          set.invoke(null, dispatcher, GUARD_LINK_FIELD, IndyBootstrap.guardLinkHandle());
          set.invoke(null, dispatcher, GUARD_FIELD, IndyBootstrap.guardHandle());
          set.invoke(null, dispatcher, REFERENCE_FIELD, IndyBootstrap.referenceHandle());
          set.invoke(null, dispatcher, TARGET_FIELD, IndyBootstrap.handle());
        } catch (Throwable t) {
          AgentLog.failureOnce(LogTopic.DISPATCHER_ACTIVATE, "cannot point the bootstrap dispatcher at the agent;"
              + " rewritten call sites will fail to link", t);
        }
        active = true;
      }
    }

    /**
     * Registers {@code hook} to run once the JVM has run every application shutdown hook to its end (a system
     * shutdown hook in a slot after the one that runs them), and returns the slot; -1 when that cannot be done
     * (no dispatcher, every slot taken, a JDK without that entry point, or the JVM already past the application
     * hooks), which is logged once. It may be called while the JVM runs the application hooks: an application
     * hook (the agent's own) registers it then, so that the JVM's start-up pays nothing for it. Never throws.
     */
    public int registerExitHook(Runnable hook) {
      Throwable why;
      try {
        if (dispatcher == null) {
          throw new IllegalStateException("there is no bootstrap dispatcher in java.lang");
        }
        Object slot = dispatcher.getMethod(EXIT_HOOK_METHOD, Runnable.class).invoke(null, hook);
        if ((Integer) slot >= 0) {
          return (Integer) slot;
        }
        why = new IllegalStateException("every shutdown hook slot from " + FIRST_EXIT_SLOT + " to " + LAST_EXIT_SLOT
            + " is taken");
      } catch (InvocationTargetException e) {
        why = e.getCause();
      } catch (Throwable t) {
        why = t;
      }
      AgentLog.failureOnce(LogTopic.EXIT_HOOK,
          "cannot wait for the application's shutdown hooks to end; the report at exit"
          + " is written beside them and may miss the calls they make", why);
      return -1;
    }
  }

  /** Defines the dispatcher, or falls back to {@link IndyBootstrap}; never throws. */
  public static Installation install(Instrumentation instrumentation) {
    try {
      Class<?> installer = installerInItsOwnLoader();
      // open java.lang to the installer's module only: opening it to the agent would open it to the whole
      // class path, which shares the agent's unnamed module
      instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
          Map.of("java.lang", Set.of(installer.getModule())), Set.of(), Map.of());
      Class<?> dispatcher = findExisting();
      if (dispatcher == null) {
        dispatcher = (Class<?>) installer.getMethod("define", byte[].class)
            .invoke(null, (Object) DispatcherClassFiles.dispatcher());
      }
      return new Installation(new Target(DISPATCHER, true), installer, dispatcher);
    } catch (Throwable t) {
      AgentLog.failureOnce(LogTopic.DISPATCHER, "cannot define the bootstrap dispatcher in java.lang; only classes"
          + " whose loader sees the agent jar are rewritten", t);
      return Installation.withoutDispatcher();
    }
  }

  private static Class<?> findExisting() {
    try {
      return Class.forName(DISPATCHER.replace('/', '.'), false, null);
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  /**
   * Defines the installer class in a class loader of its own, so that it lives in that loader's unnamed
   * module, which no other code shares, and returns it.
   */
  private static Class<?> installerInItsOwnLoader() throws IOException {
    return new InstallerLoader().define(DispatcherClassFiles.installer());
  }

  /** The loader of the installer class alone; its unnamed module is the only one java.lang is opened to. */
  private static final class InstallerLoader extends ClassLoader {
    InstallerLoader() {
      super("sunset-installer", ClassLoader.getPlatformClassLoader());
    }

    Class<?> define(byte[] bytes) {
      return defineClass(INSTALLER_CLASS, bytes, 0, bytes.length);
    }
  }

}
