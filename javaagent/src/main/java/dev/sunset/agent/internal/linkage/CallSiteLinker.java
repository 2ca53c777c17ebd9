package dev.sunset.agent.internal.linkage;

import dev.sunset.agent.LegacyCallDeniedException;
import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.registry.CallCounters;
import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.CallSiteRegistry;
import dev.sunset.agent.internal.rules.Rule;
import dev.sunset.agent.internal.rules.RuleBook;
import dev.sunset.agent.internal.rules.Stage;
import dev.sunset.agent.internal.rules.StageResolver;
import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Links each rewritten call site when it first runs, and relinks it when its stage changes: the linked
 * target counts the call in the slot of its stage, then runs the legacy method, the replacement, or throws
 * the denial; a site at {@code warn} prints its warning on its first call and relinks itself without it.
 *
 * <p>Nothing is checked on the call path: every decision is made at link time.
 */
public final class CallSiteLinker {
  private static final MethodHandle REQUIRE_NON_NULL;
  private static final MethodHandle ON_FIRST_CALL;
  private static final MethodHandle DENIAL;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      REQUIRE_NON_NULL = lookup.findStatic(Objects.class, "requireNonNull",
          MethodType.methodType(Object.class, Object.class));
      ON_FIRST_CALL = lookup.findVirtual(CallSiteLinker.class, "onFirstCall",
          MethodType.methodType(void.class, SunsetCallSite.class));
      DENIAL = lookup.findConstructor(LegacyCallDeniedException.class,
          MethodType.methodType(void.class, String.class, String.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final CallSiteRegistry registry;
  private final RuleBook rules;
  private final StageResolver stages;
  private final Consumer<String> warnings;
  private final List<FirstCallListener> firstCallListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** A linker for the sites of {@code registry} under the rules of {@code rules}. */
  public CallSiteLinker(CallSiteRegistry registry, RuleBook rules, StageResolver stages, Consumer<String> warnings) {
    this.registry = registry;
    this.rules = rules;
    this.stages = stages;
    this.warnings = warnings;
  }

  /** Adds a listener told of the first call of every site from now on. */
  public void addFirstCallListener(FirstCallListener listener) {
    firstCallListeners.add(listener);
  }

  /** The slot of a site's counts at a stage. */
  public static int slot(int siteId, Stage stage) {
    return siteId * Stage.COUNT + stage.ordinal();
  }

  /**
   * Links a call site when the JVM first runs it. {@code legacy} is the legacy method as the caller's
   * class resolves it. Any failure links the legacy method unchanged, uncounted, and is logged once.
   */
  public CallSite link(MethodHandles.Lookup caller, String name, MethodType type, MethodHandle legacy, int siteId) {
    MethodHandle plain = legacy.asType(type);
    try {
      CallSiteInfo site = registry.site(siteId);
      if (site == null) {
        AgentLog.once("unknown-site", "call site " + siteId + " in " + caller.lookupClass().getName()
            + " is not registered; the legacy method runs uncounted");
        return new ConstantCallSite(plain);
      }
      // Threads that run a site for the first time together all bootstrap it, and the JVM keeps one
      // result: hand them all the same call site, so the one kept is the one relinked later.
      synchronized (site) {
        MutableCallSite existing = site.linkedCallSite();
        if (existing != null && existing.type().equals(type)) {
          return existing;
        }
        SunsetCallSite callSite = new SunsetCallSite(site, caller, plain);
        synchronized (callSite) {
          // published before its stage is computed, so a concurrent relinkAll cannot pass it by
          site.linkedTo(callSite);
          relink(callSite);
        }
        return callSite;
      }
    } catch (Throwable t) {
      AgentLog.failureOnce("link:" + siteId, "could not link call site " + siteId + " in "
          + caller.lookupClass().getName() + "; the legacy method runs uncounted", t);
      return new ConstantCallSite(plain);
    }
  }

  /**
   * Brings every linked site to the stage its rule now gives it; returns the number of sites relinked.
   * Sites that have not run yet link at the current stage when they first run.
   */
  public int relinkAll() {
    List<MutableCallSite> changed = new ArrayList<>();
    for (CallSiteInfo site : registry.all()) {
      MutableCallSite cs = site.linkedCallSite();
      if (cs instanceof SunsetCallSite && relink((SunsetCallSite) cs)) {
        changed.add(cs);
      }
    }
    if (!changed.isEmpty()) {
      MutableCallSite.syncAll(changed.toArray(new MutableCallSite[0]));
    }
    return changed.size();
  }

  /**
   * The stage a site runs at: the stage it is linked at, or, if it has not run yet, the stage it would be
   * linked at now; null if its rule is gone.
   */
  public Stage currentStage(CallSiteInfo site) {
    MutableCallSite cs = site.linkedCallSite();
    if (cs instanceof SunsetCallSite) {
      Stage linked = ((SunsetCallSite) cs).linkedStage;
      if (linked != null) {
        return ruleOf(site) == null ? null : linked;
      }
    }
    Rule rule = ruleOf(site);
    return rule == null ? null : stages.stageFor(rule, site.className(), site.methodName(), site.line());
  }

  private boolean relink(SunsetCallSite cs) {
    synchronized (cs) {
      return relinkLocked(cs);
    }
  }

  private boolean relinkLocked(SunsetCallSite cs) {
    Rule rule = ruleOf(cs.site);
    Stage wanted = rule == null ? Stage.OBSERVE
        : stages.stageFor(rule, cs.site.className(), cs.site.methodName(), cs.site.line());
    String fingerprint = rule == null ? "" : rule.replacementOwner() + "." + rule.replacementName()
        + rule.replacementDescriptor() + "|" + rule.message();
    boolean firstCallPending = !cs.site.hasBeenCalled() || (wanted == Stage.WARN && !cs.site.hasWarned());
    boolean sameTarget = wanted == cs.wantedStage && fingerprint.equals(cs.linkedRuleFingerprint);
    if (sameTarget && firstCallPending == cs.firstCallStepLinked) {
      return false;
    }
    if (sameTarget && !firstCallPending) {
      cs.firstCallStepLinked = false; // the first call happened: drop its step, keep the target built
      cs.setTarget(cs.steadyTarget);
      return true;
    }
    if (!fingerprint.equals(cs.linkedRuleFingerprint)) {
      cs.replacement = null; // the replacement changed: resolve it again
    }
    Stage linked = wanted;
    MethodHandle target;
    try {
      target = target(cs, rule, wanted);
    } catch (Throwable t) {
      AgentLog.failureOnce("target:" + cs.site.id() + ":" + wanted, "cannot link " + cs.site.callerForPeople()
          + " at stage " + wanted.id() + "; it observes instead", t);
      linked = Stage.OBSERVE;
      target = counted(cs.legacy, cs.site.id(), Stage.OBSERVE);
    }
    cs.steadyTarget = target;
    if (firstCallPending) {
      target = MethodHandles.foldArguments(target, ON_FIRST_CALL.bindTo(this).bindTo(cs));
    }
    cs.wantedStage = wanted;
    cs.linkedStage = linked;
    cs.linkedRuleFingerprint = fingerprint;
    cs.firstCallStepLinked = firstCallPending;
    cs.setTarget(target);
    return true;
  }

  /** The rule in force for a site: null if its rule was removed or now names another legacy method. */
  private Rule ruleOf(CallSiteInfo site) {
    Rule rule = rules.rule(site.ruleId());
    return rule != null && rule.legacyMember().equals(site.legacyMember()) ? rule : null;
  }

  private MethodHandle target(SunsetCallSite cs, Rule rule, Stage stage) throws ReflectiveOperationException {
    MethodType type = cs.type();
    switch (stage) {
      case OBSERVE:
        return counted(cs.legacy, cs.site.id(), stage);
      case REDIRECT:
        return counted(replacement(cs, rule), cs.site.id(), stage);
      case WARN:
        return counted(replacement(cs, rule), cs.site.id(), stage);
      case DENY: {
        String message = denialMessage(cs.site, rule);
        MethodHandle make = MethodHandles.insertArguments(DENIAL, 0, rule.id(), message);
        MethodHandle thrower = MethodHandles.throwException(type.returnType(), LegacyCallDeniedException.class);
        thrower = MethodHandles.dropArguments(thrower, 1, type.parameterList());
        return counted(MethodHandles.foldArguments(thrower, make), cs.site.id(), stage);
      }
      default:
        throw new IllegalStateException("unknown stage " + stage);
    }
  }

  private static MethodHandle counted(MethodHandle target, int siteId, Stage stage) {
    return MethodHandles.foldArguments(target, CallCounters.incrementer(slot(siteId, stage)));
  }

  /** The replacement adapted to the call's type, resolved once per site through the caller's lookup. */
  private static MethodHandle replacement(SunsetCallSite cs, Rule rule) throws ReflectiveOperationException {
    MethodHandle resolved = cs.replacement;
    if (resolved == null) {
      resolved = resolveReplacement(cs, rule);
      cs.replacement = resolved;
    }
    return resolved;
  }

  private static MethodHandle resolveReplacement(SunsetCallSite cs, Rule rule) throws ReflectiveOperationException {
    MethodHandles.Lookup caller = cs.caller;
    ClassLoader loader = caller.lookupClass().getClassLoader();
    Class<?> owner = caller.findClass(rule.replacementOwner().replace('/', '.'));
    MethodType replType = MethodType.fromMethodDescriptorString(rule.replacementDescriptor(), loader);
    MethodHandle repl = caller.findStatic(owner, rule.replacementName(), replType);
    MethodType type = cs.type();
    if (!rule.legacyStatic()) {
      Class<?> receiver = type.parameterType(0);
      if (!rule.replacementTakesReceiver()) {
        repl = MethodHandles.dropArguments(repl, 0, receiver);
      }
      // a null receiver must fail as the legacy call would, whatever the replacement does with it
      MethodHandle nullCheck = REQUIRE_NON_NULL.asType(MethodType.methodType(receiver, receiver));
      repl = MethodHandles.filterArguments(repl.asType(repl.type().changeParameterType(0, receiver)), 0, nullCheck);
    }
    if (type.returnType() == void.class && repl.type().returnType() != void.class) {
      repl = MethodHandles.dropReturn(repl);
    }
    return repl.asType(type);
  }

  /**
   * Runs on the first call of a site, and on its first call at {@code warn}: tells the listeners, prints
   * the warning once, then relinks the site without this step.
   */
  @SuppressWarnings("unused") // called through ON_FIRST_CALL
  private void onFirstCall(SunsetCallSite cs) {
    Stage stage = cs.linkedStage;
    try {
      if (cs.site.claimFirstCall(java.time.Instant.now())) { // real time; the rules clock may be rehearsing a date
        for (FirstCallListener listener : firstCallListeners) {
          listener.onFirstCall(cs.site, stage);
        }
      }
      if (stage == Stage.WARN && cs.site.claimWarning()) {
        warnings.accept(warningMessage(cs.site, rules.rule(cs.site.ruleId())));
      }
    } catch (Throwable t) {
      AgentLog.failureOnce("first-call:" + cs.site.id(), "first-call handling failed for " + cs.site.callerForPeople(), t);
    }
    try {
      relink(cs); // drops this step: the site has been called (and has warned)
    } catch (Throwable t) {
      AgentLog.failureOnce("first-call-relink:" + cs.site.id(), "cannot relink " + cs.site.callerForPeople(), t);
    }
  }

  static String warningMessage(CallSiteInfo site, Rule rule) {
    StringBuilder sb = new StringBuilder("WARN legacy call ");
    sb.append(rule == null ? site.ruleId() : rule.legacyText()).append(" from ").append(site.callerForPeople())
        .append(" in ").append(site.codeSource()).append(" [rule ").append(site.ruleId()).append("]");
    if (rule != null && rule.replacementForPeople() != null) {
      sb.append(": use ").append(rule.replacementForPeople());
    }
    if (rule != null && !rule.message().isEmpty()) {
      sb.append(" - ").append(rule.message());
    }
    return sb.toString();
  }

  static String denialMessage(CallSiteInfo site, Rule rule) {
    StringBuilder sb = new StringBuilder("legacy call denied by rule ").append(site.ruleId()).append(": ")
        .append(site.callerForPeople()).append(" called ").append(rule.legacyText());
    if (rule.replacementForPeople() != null) {
      sb.append("; use ").append(rule.replacementForPeople());
    }
    if (!rule.message().isEmpty()) {
      sb.append(" (").append(rule.message()).append(")");
    }
    return sb.toString();
  }
}
