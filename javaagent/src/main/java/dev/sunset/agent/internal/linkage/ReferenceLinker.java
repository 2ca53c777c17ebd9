package dev.sunset.agent.internal.linkage;

import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.CallSiteRegistry;
import dev.sunset.agent.internal.registry.ReferenceHelper;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaConversionException;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;

/**
 * Links the method references to legacy methods rewritten in classes loaded before a late attach: each reference's
 * implementation becomes its helper class's method, which calls the legacy method through a counted call site.
 */
final class ReferenceLinker {
  private final CallSiteRegistry registry;

  ReferenceLinker(CallSiteRegistry registry) {
    this.registry = registry;
  }

  /**
   * Links a method reference to a legacy method that was rewritten in a class loaded before the agent attached.
   * {@code args} are the {@code LambdaMetafactory} bootstrap's static arguments followed by the reference's site id.
   * The reference's implementation becomes the static method of its helper class (defined now, in the referencing
   * class's package and loader), which calls the legacy method through a counted call site like any rewritten
   * reference; {@code LambdaMetafactory} makes the functional object as it would have. Any failure makes it from the
   * original arguments, as without the agent, and is logged once.
   */
  CallSite link(MethodHandles.Lookup caller, String name, MethodType factoryType, Object[] args)
      throws Throwable {
    Object[] original = Arrays.copyOf(args, args.length - 1);
    int siteId = (Integer) args[args.length - 1];
    MethodHandle implementation;
    try {
      CallSiteInfo site = registry.site(siteId);
      ReferenceHelper helper = registry.referenceHelper(siteId);
      if (site == null || helper == null) {
        throw new IllegalStateException("method reference " + siteId + " is not registered");
      }
      ClassLoader loader = caller.lookupClass().getClassLoader();
      Class<?> helperClass = helperClass(caller, site, helper);
      checkHelperReaches(helperClass, helper, loader);
      implementation = caller.findStatic(helperClass, helper.methodName(),
          MethodType.fromMethodDescriptorString(helper.methodDescriptor(), loader));
    } catch (Throwable t) {
      AgentLog.failureOnce(LogTopic.REFERENCE, siteId, "could not link the method reference " + siteId + " in "
          + caller.lookupClass().getName() + "; its calls reach the legacy method as without the agent (counted there"
          + " if its guard can)", t);
      return lambdaMetafactory(caller, name, factoryType, original);
    }
    Object[] rewritten = original.clone();
    rewritten[1] = implementation;
    return lambdaMetafactory(caller, name, factoryType, rewritten);
  }

  /** {@code LambdaMetafactory}'s {@code metafactory} (three static arguments) or {@code altMetafactory} (more). */
  static CallSite lambdaMetafactory(MethodHandles.Lookup caller, String name, MethodType factoryType, Object[] args)
      throws LambdaConversionException {
    if (args.length == 3) {
      return LambdaMetafactory.metafactory(caller, name, factoryType, (MethodType) args[0], (MethodHandle) args[1],
          (MethodType) args[2]);
    }
    return LambdaMetafactory.altMetafactory(caller, name, factoryType, args);
  }

  /** The reference's helper class: defined on its first link (once, whichever thread gets there first). */
  private Class<?> helperClass(MethodHandles.Lookup caller, CallSiteInfo site, ReferenceHelper helper)
      throws ReflectiveOperationException {
    synchronized (site) {
      ReferenceHelper now = registry.referenceHelper(helper.siteId());
      if (now != null && now.bytes() != null) {
        Class<?> defined = caller.defineClass(now.bytes());
        registry.referenceHelperDefined(helper.siteId());
        return defined;
      }
    }
    return Class.forName(helper.className(), false, caller.lookupClass().getClassLoader());
  }

  /**
   * Fails unless the helper class may call the legacy method as the reference names it: it shares the referencing
   * class's package and loader, but not its nest or its superclasses (a protected method of another package, a
   * private method of a nestmate).
   */
  private static void checkHelperReaches(Class<?> helperClass, ReferenceHelper helper, ClassLoader loader)
      throws ReflectiveOperationException {
    MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(helperClass, MethodHandles.lookup());
    Class<?> owner = Class.forName(helper.legacyOwner().replace('/', '.'), false, loader);
    MethodType type = MethodType.fromMethodDescriptorString(helper.legacyDescriptor(), loader);
    if (helper.legacyTag() == MethodHandleInfo.REF_invokeStatic) {
      lookup.findStatic(owner, helper.legacyName(), type);
    } else {
      lookup.findVirtual(owner, helper.legacyName(), type);
    }
  }

}
