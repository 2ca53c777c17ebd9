package dev.sunset.agent.internal.linkage;

import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.agent.internal.registry.Guard;
import dev.sunset.agent.internal.registry.GuardRegistry;
import dev.sunset.core.resolve.ReplacementMethod;
import dev.sunset.core.resolve.ResolvedRule;
import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Links the call a guard makes to the replacement from inside the guarded legacy method, and relinks it when the
 * rule's replacement changes.
 */
final class GuardReplacementLinker {
  private final GuardRegistry guards;
  private final Map<Integer, WeakReference<GuardReplacementSite>> sites = new ConcurrentHashMap<>();

  GuardReplacementLinker(GuardRegistry guards) {
    this.guards = guards;
  }

  /**
   * Links a guard's call to the replacement, from inside the guarded legacy method ({@code guarded} is its
   * class's lookup). Linked to the guard-free body when the rule has no replacement there.
   */
  CallSite link(MethodHandles.Lookup guarded, MethodType type, int guardId) {
    Guard guard = guards.guard(guardId);
    GuardReplacementSite site = new GuardReplacementSite(guard, guarded, type);
    relink(site);
    sites.put(guardId, new WeakReference<>(site));
    return site;
  }

  /** Relinks every guard's call whose rule's replacement changed. */
  void relinkAll() {
    for (WeakReference<GuardReplacementSite> ref : sites.values()) {
      GuardReplacementSite g = ref.get();
      if (g != null) {
        relink(g);
      }
    }
  }

  private void relink(GuardReplacementSite site) {
    ResolvedRule rule = site.guard == null ? null : site.guard.scope().resolved(site.guard.ruleId(), site.guard.legacyMember());
    ReplacementMethod replacement = rule == null ? null : rule.replacement();
    if (site.linked && Objects.equals(replacement, site.linkedReplacement)) {
      return;
    }
    MethodHandle target;
    try {
      target = replacement == null ? Twins.ownTwin(site.guarded, site.guard, site.type())
          : CallSiteLinker.adaptedReplacement(site.guarded, rule, replacement, site.type());
    } catch (Throwable t) {
      AgentLog.failureOnce(LogTopic.GUARD_LINK, (site.guard == null ? -1 : site.guard.id()),
          "cannot link the replacement"
          + " called by the guard of " + (site.guard == null ? "?" : site.guard.guardedClass() + "."
          + site.guard.methodName()) + "; that guard runs the legacy method", t);
      target = MethodHandles.throwException(site.type().returnType(), IllegalStateException.class);
      target = MethodHandles.foldArguments(MethodHandles.dropArguments(target, 1, site.type().parameterList()),
          MethodHandles.insertArguments(CallSiteLinker.Handles.ILLEGAL_STATE, 0, "Sunset guard not linked"));
    }
    site.linkedReplacement = replacement;
    site.linked = true;
    site.setTarget(target);
  }

  /** The call site of a guard's call to the replacement, relinked when the rule's replacement changes. */
  private static final class GuardReplacementSite extends MutableCallSite {
    final Guard guard;
    final MethodHandles.Lookup guarded;
    ReplacementMethod linkedReplacement;
    boolean linked;

    GuardReplacementSite(Guard guard, MethodHandles.Lookup guarded, MethodType type) {
      super(type);
      this.guard = guard;
      this.guarded = guarded;
    }
  }}
