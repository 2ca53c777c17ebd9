package dev.sunset.agent.internal.linkage;

import dev.sunset.agent.LegacyCallDeniedException;
import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.agent.internal.log.AppLog;
import dev.sunset.agent.internal.registry.CallCounters;
import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.CallSiteRegistry;
import dev.sunset.agent.internal.registry.CounterSlots;
import dev.sunset.agent.internal.registry.FirstCallListener;
import dev.sunset.agent.internal.registry.GuardRegistry;
import dev.sunset.agent.internal.registry.SiteStages;
import dev.sunset.core.resolve.ReplacementMethod;
import dev.sunset.core.resolve.ResolvedRule;
import dev.sunset.core.rules.Rollback;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.Stage;
import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Links each rewritten call site when it first runs, and relinks it when its stage changes: the linked
 * target counts the call in the slot of its stage, then runs the legacy method, the replacement, or throws
 * the denial; a site prints its warning and tells the first-call listeners on its first call, then relinks
 * itself without that step.
 *
 * <p>Nothing is checked on the call path: every decision is made at link time. Where the legacy method
 * carries a guard (for calls no rewritten site covers), a rewritten site at {@code observe} runs the
 * guard-free copy of its body, so that its calls are never counted twice.
 */
public final class CallSiteLinker {
  /** The handles links are built from, made when the first site links rather than when the agent starts. */
  static final class Handles {
    static final MethodHandle REQUIRE_NON_NULL;
    static final MethodHandle ON_FIRST_CALL;
    static final MethodHandle DENIAL;
    static final MethodHandle ILLEGAL_STATE;

    static {
      try {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        REQUIRE_NON_NULL = lookup.findStatic(Objects.class, "requireNonNull",
            MethodType.methodType(Object.class, Object.class));
        ON_FIRST_CALL = lookup.findVirtual(CallSiteLinker.class, "onFirstCall",
            MethodType.methodType(void.class, SunsetCallSite.class));
        DENIAL = lookup.findConstructor(LegacyCallDeniedException.class,
            MethodType.methodType(void.class, String.class, String.class));
        ILLEGAL_STATE = lookup.findConstructor(IllegalStateException.class,
            MethodType.methodType(void.class, String.class));
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private Handles() {}
  }

  private final CallSiteRegistry registry;
  private final CallCounters counters;
  private final GuardRegistry guards;
  private final SiteStages siteStages;
  private final Consumer<String> warnings;
  private final List<FirstCallListener> firstCallListeners = new CopyOnWriteArrayList<>();
  private volatile StageChange.Listener stageChanges;
  /** {@code (CallSiteInfo, Stage)void}, folded into the first-call step ahead of it; null until set. */
  private volatile MethodHandle firstCallHook;
  private final Map<TemplateKey, MethodHandle> templates = new ConcurrentHashMap<>();
  private final Map<LinkedRule, LinkedRule> linkedRules = new ConcurrentHashMap<>();
  private final Rollbacks rollbacks;
  private final ReferenceLinker references;
  private final GuardReplacementLinker guardReplacements;

  /**
   * A linker for the sites of {@code registry}, counting into {@code counters}, with twins of the legacy methods
   * guarded in {@code guards}.
   */
  public CallSiteLinker(CallSiteRegistry registry, CallCounters counters, GuardRegistry guards, SiteStages siteStages,
      Consumer<String> warnings) {
    this.registry = registry;
    this.counters = counters;
    this.guards = guards;
    this.siteStages = siteStages;
    this.rollbacks = new Rollbacks(siteStages.rolledBackSites());
    this.references = new ReferenceLinker(registry);
    this.guardReplacements = new GuardReplacementLinker(guards);
    this.warnings = warnings;
  }

  /** The rules' rollbacks: which sites are watched, and which rolled back. */
  public Rollbacks rollbacks() {
    return rollbacks;
  }

  /** The stage each site runs at, as the linker links it. */
  public SiteStages siteStages() {
    return siteStages;
  }

  /**
   * Links a method reference to a legacy method that was rewritten in a class loaded before the agent attached
   * ({@link ReferenceLinker}); {@code args} are the {@code LambdaMetafactory} bootstrap's static arguments followed by
   * the reference's site id.
   */
  public CallSite linkReference(MethodHandles.Lookup caller, String name, MethodType factoryType, Object[] args)
      throws Throwable {
    return references.link(caller, name, factoryType, args);
  }

  /** Links a guard's call to the replacement, from inside the guarded legacy method ({@link GuardReplacementLinker}). */
  public CallSite linkGuardReplacement(MethodHandles.Lookup guarded, MethodType type, int guardId) {
    return guardReplacements.link(guarded, type, guardId);
  }

  /** The counters the linked sites count into. */
  public CallCounters counters() {
    return counters;
  }

  /** Adds a listener told of the first call of every site from now on. */
  public void addFirstCallListener(FirstCallListener listener) {
    firstCallListeners.add(listener);
  }

  /** Tells {@code listener} of every linked site's stage change from now on (one listener; null: none). */
  public void onStageChanges(StageChange.Listener listener) {
    this.stageChanges = listener;
  }

  /**
   * Folds {@code hook}, of type {@code (CallSiteInfo, Stage)void}, into the first-call step of every site linked or
   * relinked from now on, ahead of that step: it runs on the calling thread, straight from the linked target, so the
   * only frames between it and the calling method are the JVM's hidden method-handle frames. It runs until the site
   * has been called (and as long as the step stays linked: racing first calls, a first call at {@code warn}), so it
   * must tell a first call for itself ({@link CallSiteInfo#hasBeenCalled}), be quick, and never throw.
   */
  public void firstCallHook(MethodHandle hook) {
    this.firstCallHook = hook.asType(MethodType.methodType(void.class, CallSiteInfo.class, Stage.class));
  }

  /** How many ids either side of its own {@link #sharedLookup} looks at for a linked site of the same class. */
  private static final int LOOKUP_NEIGHBOURS = 8;
  /**
   * Links a call site when the JVM first runs it. {@code legacy} is the legacy method as the caller's
   * class resolves it. Any failure links the legacy method unchanged, uncounted, and is logged once.
   */
  public CallSite link(MethodHandles.Lookup caller, String name, MethodType type, MethodHandle legacy, int siteId) {
    // a class rule's use other than a call runs nothing of its own: the instruction after it does the work
    MethodHandle plain = IndyBootstrap.USE.equals(name) ? MethodHandles.empty(type) : legacy.asType(type);
    try {
      CallSiteInfo site = registry.site(siteId);
      if (site == null) {
        AgentLog.once(LogTopic.UNKNOWN_SITE, "call site " + siteId + " in " + caller.lookupClass().getName()
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
        SunsetCallSite callSite = new SunsetCallSite(site, sharedLookup(caller, site), plain);
        synchronized (callSite) {
          // published before its stage is computed, so a concurrent relinkAll cannot pass it by
          site.linkedTo(callSite);
          relink(callSite, null);
        }
        return callSite;
      }
    } catch (Throwable t) {
      AgentLog.failureOnce(LogTopic.LINK, siteId, "could not link call site " + siteId + " in "
          + caller.lookupClass().getName() + "; the legacy method runs uncounted", t);
      return new ConstantCallSite(plain);
    }
  }

  /**
   * The caller's lookup as a linked site of the same class near this one (by id: a class's sites are registered
   * together) already keeps it, else {@code caller}: the sites of a class then share one {@code Lookup}, which lives
   * as long as any of them, rather than keeping one each (docs/benchmarks.md, "Memory per site"). Only a lookup of the
   * same class with the same access is shared; the JVM hands every bootstrap of a class an equal one.
   */
  private MethodHandles.Lookup sharedLookup(MethodHandles.Lookup caller, CallSiteInfo site) {
    int from = Math.max(0, site.id() - LOOKUP_NEIGHBOURS);
    int to = Math.min(registry.idsReserved() - 1, site.id() + LOOKUP_NEIGHBOURS);
    for (int id = from; id <= to; id++) {
      CallSiteInfo other = id == site.id() ? null : registry.site(id);
      if (other != null && other.className().equals(site.className())
          && other.linkedCallSite() instanceof SunsetCallSite s && sameAccess(s.caller, caller)) {
        return s.caller;
      }
    }
    return caller;
  }

  private static boolean sameAccess(MethodHandles.Lookup kept, MethodHandles.Lookup caller) {
    return kept.lookupClass() == caller.lookupClass() && kept.lookupModes() == caller.lookupModes()
        && kept.previousLookupClass() == caller.previousLookupClass();
  }

  /**
   * What a site runs at {@code observe}: the legacy method, or, when its body carries a guard, the
   * guard-free copy of the body the call would dispatch to (or, for a guard without a copy, the legacy method
   * marked so that the guard does not count the call again).
   */
  private MethodHandle observeTarget(SunsetCallSite cs, MethodHandle legacy, MethodType type) {
    MethodHandles.Lookup caller = cs.caller;
    if (guards.isEmpty() || cs.site.reach().isUse()) {
      return legacy.asType(type);
    }
    MethodHandleInfo info;
    try {
      info = caller.revealDirect(legacy);
    } catch (RuntimeException e) {
      return legacy.asType(type);
    }
    Class<?> declaring = info.getDeclaringClass();
    boolean isStatic = info.getReferenceKind() == MethodHandleInfo.REF_invokeStatic;
    if (isStatic || !Twins.overridable(declaring, info)) {
      return Twins.guardFree(guards, declaring, info.getName(), info.getMethodType(), isStatic, legacy, type);
    }
    return Twins.dispatching(guards, legacy, info, type);
  }

  /**
   * Brings every linked site to the stage its rule now gives it; returns the number of sites relinked.
   * Sites that have not run yet link at the current stage when they first run.
   */
  public int relinkAll() {
    return relinkAll(null);
  }

  /**
   * {@link #relinkAll()}, telling the stage-change listener of each site now at another stage, moved by {@code cause}
   * (null: tell no one).
   */
  public int relinkAll(StageChange.Cause cause) {
    List<MutableCallSite> changed = new ArrayList<>();
    for (CallSiteInfo site : registry.all()) {
      MutableCallSite cs = site.linkedCallSite();
      if (cs instanceof SunsetCallSite s && relink(s, cause)) {
        changed.add(cs);
      }
    }
    guardReplacements.relinkAll();
    if (!changed.isEmpty()) {
      MutableCallSite.syncAll(changed.toArray(new MutableCallSite[0]));
    }
    return changed.size();
  }

  /**
   * Brings one site to the stage its rule now gives it (a rollback, or its end), telling the stage-change listener
   * of the change, moved by {@code cause}; returns whether it was relinked.
   */
  public boolean relinkSite(CallSiteInfo site, StageChange.Cause cause) {
    if (site.linkedCallSite() instanceof SunsetCallSite s && relink(s, cause)) {
      MutableCallSite.syncAll(new MutableCallSite[] {s});
      return true;
    }
    return false;
  }

  private boolean relink(SunsetCallSite cs, StageChange.Cause cause) {
    Stage before;
    Stage after;
    boolean relinked;
    synchronized (cs) {
      before = cs.linkedStage();
      relinked = relinkLocked(cs);
      after = cs.linkedStage();
    }
    if (cause != null && before != null && after != null && before != after) {
      tellStageChange(new StageChange(cs.site.ruleId(), cs.site, before, after, cause));
    }
    return relinked;
  }

  /** Tells the stage-change listener, if any; its failure is logged once and changes nothing. */
  public void tellStageChange(StageChange change) {
    StageChange.Listener listener = stageChanges;
    if (listener == null) {
      return;
    }
    try {
      listener.onStageChange(change);
    } catch (Throwable t) {
      AgentLog.failureOnce(LogTopic.STAGE_CHANGE_LISTENER, "a stage-change listener failed", t);
    }
  }

  private boolean relinkLocked(SunsetCallSite cs) {
    ResolvedRule rule = siteStages.ruleOf(cs.site);
    Stage wanted = rule == null ? Stage.OBSERVE : siteStages.stageFor(rule, cs.site);
    LinkedRule linkedRule = linkedRule(rule, cs.site);
    boolean firstCallPending = !cs.site.hasBeenCalled() || (wanted == Stage.WARN && !cs.site.hasWarned())
        || (wanted == Stage.DENY && AppLog.active() && !cs.site.hasLoggedDenial());
    boolean sameTarget = wanted == cs.wantedStage() && linkedRule.equals(cs.linkedRule);
    if (sameTarget && firstCallPending == cs.firstCallStepLinked) {
      return false;
    }
    if (sameTarget && !firstCallPending) {
      cs.firstCallStepLinked = false; // the first call happened: drop its step, keep the target built
      cs.setTarget(cs.steadyTarget);
      return true;
    }
    Stage linked = wanted;
    MethodHandle target;
    try {
      target = target(cs, rule, wanted);
    } catch (Throwable t) {
      AgentLog.failureOnce(LogTopic.LINK_TARGET, List.of(cs.site.id(), wanted),
          "cannot link " + cs.site.callerForPeople()
          + " at stage " + wanted.id() + "; it observes instead", t);
      linked = Stage.OBSERVE;
      rollbacks.unwatch(cs.site.id());
      target = MethodHandles.insertArguments(counting(cs.legacy), 0, cell(cs.site, Stage.OBSERVE));
    }
    cs.steadyTarget = target;
    if (firstCallPending) {
      target = MethodHandles.foldArguments(target, Handles.ON_FIRST_CALL.bindTo(this).bindTo(cs));
      MethodHandle hook = firstCallHook;
      if (hook != null && !cs.site.hasBeenCalled()) {
        // ahead of the step: it runs first, straight from the target, before the step records the first call
        target = MethodHandles.foldArguments(target, MethodHandles.insertArguments(hook, 0, cs.site, linked));
      }
    }
    cs.linkedAt(wanted, linked);
    cs.linkedRule = linkedRule;
    cs.firstCallStepLinked = firstCallPending;
    cs.setTarget(target);
    return true;
  }


  /**
   * What of a site's rule its linked target was built from, besides the stage: a reload that leaves these as they were
   * need not rebuild the target. Shared by every site with the same ones ({@link #linkedRule}), so that a linked site
   * keeps one reference rather than a string of its own (docs/benchmarks.md, "Memory per site").
   */
  record LinkedRule(ReplacementMethod replacement, String message, Rollback rollback) {
    static final LinkedRule NONE = new LinkedRule(null, null, null);
  }

  /** The shared {@link LinkedRule} of a site under {@code rule} (null: the rule is gone). */
  private LinkedRule linkedRule(ResolvedRule rule, CallSiteInfo site) {
    if (rule == null) {
      return LinkedRule.NONE;
    }
    LinkedRule made = new LinkedRule(rule.replacementFor(site.reach().use()), rule.spec().message(),
        rule.spec().rollback());
    LinkedRule shared = linkedRules.putIfAbsent(made, made);
    return shared == null ? made : shared;
  }

  /** The shape of a linked target, shared by every site of one rule, stage and call type. */
  private record TemplateKey(ResolvedRule rule, Stage stage, MethodType type) {}

  /**
   * The target of a site at a stage: the template its rule, stage and call type share, with the site's own
   * counter cell (and, to deny, its message) bound in; so a linked site costs one bound handle and one cell,
   * not a chain of combinators of its own.
   */
  private MethodHandle target(SunsetCallSite cs, ResolvedRule rule, Stage stage) throws ReflectiveOperationException {
    CallCounters.Cell cell = cell(cs.site, stage);
    if (rule == null) {
      rollbacks.unwatch(cs.site.id());
      return MethodHandles.insertArguments(counting(cs.legacy), 0, cell);
    }
    if (stage.runsReplacement() && SiteStages.redirects(rule, cs.site) && rule.spec().rollback() != null) {
      // a rule with a rollback: this site's own target, counting the exceptions the replacement throws here
      MethodHandle watched = rollbacks.countingErrors(cs.site, rule.spec(), base(cs, rule, Stage.REDIRECT));
      return MethodHandles.insertArguments(counting(watched), 0, cell);
    }
    rollbacks.unwatch(cs.site.id());
    TemplateKey key = new TemplateKey(rule, stage == Stage.WARN ? Stage.REDIRECT : stage, cs.type());
    MethodHandle template = templates.get(key);
    if (template == null) {
      template = counting(base(cs, rule, key.stage()));
      MethodHandle raced = templates.putIfAbsent(key, template);
      template = raced == null ? template : raced;
    }
    return stage == Stage.DENY
        ? MethodHandles.insertArguments(template, 0, cell, SiteMessages.denial(cs.site, rule.spec()))
        : MethodHandles.insertArguments(template, 0, cell);
  }

  private CallCounters.Cell cell(CallSiteInfo site, Stage stage) {
    return counters.cell(CounterSlots.slot(site.id(), stage));
  }

  /** What a stage runs, without counting: the legacy body (or its twin), the replacement, or the denial. */
  private MethodHandle base(SunsetCallSite cs, ResolvedRule rule, Stage stage) throws ReflectiveOperationException {
    MethodType type = cs.type();
    return switch (stage) {
      case OBSERVE -> observeTarget(cs, cs.legacy, type);
      // a use without a replacement (a class rule's without an adapter or a counterpart) runs the legacy member at
      // warn, and warns
      case REDIRECT, WARN -> SiteStages.redirects(rule, cs.site)
          ? adaptedReplacement(cs.caller, rule, rule.replacementFor(cs.site.reach().use()), type)
          : observeTarget(cs, cs.legacy, type);
      case DENY -> {
        // (String message, args...) -> throw new LegacyCallDeniedException(rule, message)
        MethodHandle make = MethodHandles.insertArguments(Handles.DENIAL, 0, rule.id());
        MethodHandle thrower = MethodHandles.throwException(type.returnType(), LegacyCallDeniedException.class);
        thrower = MethodHandles.dropArguments(thrower, 1, type.insertParameterTypes(0, String.class).parameterList());
        yield MethodHandles.foldArguments(thrower, make);
      }
    };
  }

  /** {@code (Cell, rest...)}: counts one call in the cell, then runs {@code target(rest...)}. */
  private static MethodHandle counting(MethodHandle target) {
    return MethodHandles.foldArguments(MethodHandles.dropArguments(target, 0, CallCounters.Cell.class),
        CallCounters.hitHandle());
  }

  /**
   * Forgets the shared templates: the rules were reloaded, and their resolutions are new; and the rollbacks of sites
   * whose rule changed (a rules-file edit of a rule ends its sites' rollbacks).
   */
  public void rulesChanged() {
    templates.clear();
    linkedRules.clear(); // sites linked before keep theirs, compared by value
    for (CallSiteInfo site : registry.all()) {
      ResolvedRule rule = siteStages.ruleOf(site);
      siteStages.rolledBackSites().forgetUnless(site, rule == null ? null : rule.spec());
    }
  }

  /**
   * The replacement {@code r} of the rule's legacy member, found through {@code lookup}, adapted to a use of
   * {@code type} (the legacy receiver first for instance methods and fields): the receiver dropped or passed on, null
   * receivers refused as the legacy call or field access would, a result dropped for a void call.
   */
  static MethodHandle adaptedReplacement(MethodHandles.Lookup lookup, ResolvedRule rule, ReplacementMethod r,
      MethodType type) throws ReflectiveOperationException {
    if (r == null) {
      throw new IllegalStateException("rule " + rule.id() + " has no replacement for " + rule.legacy().forPeople());
    }
    ClassLoader loader = lookup.lookupClass().getClassLoader();
    Class<?> owner = lookup.findClass(r.owner().replace('/', '.'));
    MethodType replType = MethodType.fromMethodDescriptorString(r.descriptor(), loader);
    MethodHandle repl = lookup.findStatic(owner, r.name(), replType);
    if (rule.legacy().hasReceiver()) {
      Class<?> receiver = type.parameterType(0);
      if (!r.takesReceiver()) {
        repl = MethodHandles.dropArguments(repl, 0, receiver);
      }
      // a null receiver must fail as the legacy call would, whatever the replacement does with it
      MethodHandle nullCheck = Handles.REQUIRE_NON_NULL.asType(MethodType.methodType(receiver, receiver));
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
  @SuppressWarnings("unused") // called through Handles.ON_FIRST_CALL
  private void onFirstCall(SunsetCallSite cs) {
    ResolvedRule rule = siteStages.ruleOf(cs.site);
    firstCall(cs.site, cs.linkedStage(), rule == null ? null : rule.spec(), cs.caller.lookupClass());
    try {
      relink(cs, null); // drops this step: the site has been called (and has warned)
    } catch (Throwable t) {
      AgentLog.failureOnce(LogTopic.FIRST_CALL_RELINK, cs.site.id(), "cannot relink " + cs.site.callerForPeople(), t);
    }
  }

  /**
   * What a site's first call (and its first call at {@code warn}, and at {@code deny} while the application's log is
   * written to) does, for rewritten sites and for calls caught at the legacy method alike: records the time, tells
   * the listeners, prints the warning once; the warning and the denial also go to the application's log of
   * {@code caller}'s loader ({@link AppLog}), once.
   */
  void firstCall(CallSiteInfo site, Stage stage, RuleSpec rule, Class<?> caller) {
    try {
      if (site.claimFirstCall(Instant.now())) { // real time; the rules clock may be rehearsing a date
        for (FirstCallListener listener : firstCallListeners) {
          listener.onFirstCall(site, stage);
        }
      }
      if (stage == Stage.WARN && site.claimWarning()) {
        String message = SiteMessages.warning(site, rule);
        warnings.accept(message);
        if (AppLog.active()) {
          AppLog.siteLine(caller, SiteMessages.appLine(SiteMessages.withoutWarnPrefix(message), site, rule, stage));
        }
      } else if (stage == Stage.DENY && AppLog.active() && rule != null && site.claimDenialLine()) {
        AppLog.siteLine(caller, SiteMessages.appLine(SiteMessages.denial(site, rule), site, rule, stage));
      }
    } catch (Throwable t) {
      AgentLog.failureOnce(LogTopic.FIRST_CALL, site.id(),
          "first-call handling failed for " + site.callerForPeople(), t);
    }
  }


}
