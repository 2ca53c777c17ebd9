package dev.sunset.agent.internal.linkage;

import dev.sunset.agent.internal.log.AgentLog;
import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The bootstrap method of every rewritten call site: hands the call site to the agent's linker.
 *
 * <p>Rewritten classes name it through the dispatcher that {@link BootstrapInstaller} defines in
 * {@code java.lang.invoke}, so that it is reachable from every class loader; when that is not possible they
 * name this class directly.
 */
public final class IndyBootstrap {
  /** Internal name of this class, for rewritten instructions. */
  public static final String INTERNAL_NAME = "dev/sunset/agent/internal/linkage/IndyBootstrap";
  /** Name of the bootstrap method. */
  public static final String METHOD = "bootstrap";
  /** Descriptor of the bootstrap method. */
  public static final String DESCRIPTOR = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
      + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;I)Ljava/lang/invoke/CallSite;";

  private static volatile CallSiteLinker linker;

  private IndyBootstrap() {}

  /** Installs the linker that call sites are handed to. */
  public static void install(CallSiteLinker installed) {
    linker = installed;
  }

  /** The bootstrap method; never throws: a failure links the legacy method as it was. */
  public static CallSite bootstrap(MethodHandles.Lookup caller, String name, MethodType type, MethodHandle legacy,
      int siteId) {
    CallSiteLinker current = linker;
    if (current == null) {
      AgentLog.once("no-linker", "a rewritten call site ran before the agent finished starting; it runs the legacy method");
      return new ConstantCallSite(legacy.asType(type));
    }
    return current.link(caller, name, type, legacy, siteId);
  }

  /** A handle to {@link #bootstrap}, for the dispatcher. */
  static MethodHandle handle() throws ReflectiveOperationException {
    return MethodHandles.lookup().findStatic(IndyBootstrap.class, METHOD,
        MethodType.fromMethodDescriptorString(DESCRIPTOR, IndyBootstrap.class.getClassLoader()));
  }
}
