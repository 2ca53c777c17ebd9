package dev.sunset.agent.internal.linkage;

import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;

/**
 * The entry points rewritten classes call: the bootstrap method of every rewritten call site, the guard at
 * the entry of a legacy method, and the bootstrap of a guard's call to the replacement. Each hands over to
 * the running agent's linker or guards.
 *
 * <p>Rewritten classes name them through the dispatcher that {@link BootstrapInstaller} defines in
 * {@code java.lang}, so that they are reachable from every class loader; when that is not possible they
 * name this class directly (and no guard is woven).
 */
public final class IndyBootstrap {
  /** Internal name of this class, for rewritten instructions. */
  public static final String INTERNAL_NAME = "dev/sunset/agent/internal/linkage/IndyBootstrap";
  /** Name of the bootstrap method. */
  public static final String METHOD = "bootstrap";
  /** Descriptor of the bootstrap method. */
  public static final String DESCRIPTOR = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
      + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;I)Ljava/lang/invoke/CallSite;";

  /**
   * The name of a class rule's counted use other than a call ({@code new}, a field access, a lookup by name, a
   * subclass's initialisation): an {@code invokedynamic} of type {@code ()V} through {@link #METHOD}, which links
   * to nothing but its count and its stage's warning or denial.
   */
  public static final String USE = "sunset$use";

  /**
   * The name of a class rule's field read whose instruction itself became an {@code invokedynamic} of the same stack
   * effect ({@code (LOwner;)T}, {@code ()T}), its static argument the field's getter handle.
   */
  public static final String FIELD_GET = "sunset$get";
  /** As {@link #FIELD_GET}, for a write ({@code (LOwner;T)V}, {@code (T)V}) and the field's setter handle. */
  public static final String FIELD_PUT = "sunset$put";
  /**
   * The name of a class rule's constructor call that, with its {@code new} and {@code dup}, became an
   * {@code invokedynamic} {@code (P...)LOwner;}, its static argument the constructor's handle.
   */
  public static final String NEW = "sunset$new";

  /** Name of the bootstrap method of method references rewritten in classes loaded before the agent. */
  public static final String REFERENCE_METHOD = "referenceBootstrap";
  /**
   * Descriptor of {@link #REFERENCE_METHOD}: the {@code LambdaMetafactory} bootstrap's own arguments, then its
   * static arguments followed by the reference's site id, collected into an array (the method is varargs).
   */
  public static final String REFERENCE_DESCRIPTOR = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
      + "Ljava/lang/invoke/MethodType;[Ljava/lang/Object;)Ljava/lang/invoke/CallSite;";

  private static volatile CallSiteLinker linker;
  private static volatile LegacyGuards guards;

  private IndyBootstrap() {}

  /** Installs the linker and guards that calls are handed to. */
  public static void install(CallSiteLinker installedLinker, LegacyGuards installedGuards) {
    guards = installedGuards;
    linker = installedLinker;
  }

  /** The bootstrap method; never throws: a failure links the legacy method as it was. */
  public static CallSite bootstrap(MethodHandles.Lookup caller, String name, MethodType type, MethodHandle legacy,
      int siteId) {
    CallSiteLinker current = linker;
    if (current == null) {
      AgentLog.once(LogTopic.NO_LINKER,
          "a rewritten call site ran before the agent finished starting; it runs the legacy method");
      return new ConstantCallSite(USE.equals(name) ? MethodHandles.empty(type) : legacy.asType(type));
    }
    return current.link(caller, name, type, legacy, siteId);
  }

  /** The guard at a legacy method's entry: 0 to run the legacy body, 1 to call the replacement; may throw a denial. */
  public static int guard(int guardId) {
    LegacyGuards current = guards;
    return current == null ? LegacyGuards.RUN_LEGACY : current.enter(guardId);
  }

  /** The bootstrap of a guard's call to the replacement, from inside the guarded method. */
  public static CallSite guardLink(MethodHandles.Lookup guarded, String name, MethodType type, int guardId) {
    return linker.linkGuardReplacement(guarded, type, guardId);
  }

  /**
   * The bootstrap of a method reference to a legacy method in a class loaded before the agent attached: the
   * {@code LambdaMetafactory} call the reference made (its static arguments, then its site id), with the reference's
   * implementation pointed at a counted call site; without a linker, or on any failure, the reference as it was.
   */
  public static CallSite referenceBootstrap(MethodHandles.Lookup caller, String name, MethodType type, Object... args)
      throws Throwable {
    CallSiteLinker current = linker;
    if (current == null) {
      return ReferenceLinker.lambdaMetafactory(caller, name, type, Arrays.copyOf(args, args.length - 1));
    }
    return current.linkReference(caller, name, type, args);
  }

  /** A handle to {@link #bootstrap}, for the dispatcher. */
  static MethodHandle handle() throws ReflectiveOperationException {
    return MethodHandles.lookup().findStatic(IndyBootstrap.class, METHOD,
        MethodType.fromMethodDescriptorString(DESCRIPTOR, IndyBootstrap.class.getClassLoader()));
  }

  /** A handle to {@link #guard}, for the dispatcher. */
  static MethodHandle guardHandle() throws ReflectiveOperationException {
    return MethodHandles.lookup().findStatic(IndyBootstrap.class, BootstrapInstaller.GUARD_METHOD,
        MethodType.methodType(int.class, int.class));
  }

  /** A handle to {@link #referenceBootstrap}, for the dispatcher. */
  static MethodHandle referenceHandle() throws ReflectiveOperationException {
    return MethodHandles.lookup().findStatic(IndyBootstrap.class, REFERENCE_METHOD,
        MethodType.fromMethodDescriptorString(REFERENCE_DESCRIPTOR, IndyBootstrap.class.getClassLoader()));
  }

  /** A handle to {@link #guardLink}, for the dispatcher. */
  static MethodHandle guardLinkHandle() throws ReflectiveOperationException {
    return MethodHandles.lookup().findStatic(IndyBootstrap.class, BootstrapInstaller.GUARD_LINK_METHOD,
        MethodType.fromMethodDescriptorString(BootstrapInstaller.GUARD_LINK_DESCRIPTOR,
            IndyBootstrap.class.getClassLoader()));
  }
}
