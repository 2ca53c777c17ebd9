package dev.sunset.agent.internal.linkage;

import dev.sunset.agent.LegacyCallDeniedException;
import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.agent.internal.log.AppLog;
import dev.sunset.agent.internal.registry.CallCounters;
import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.CallSiteRegistry;
import dev.sunset.agent.internal.registry.CounterSlots;
import dev.sunset.agent.internal.registry.Guard;
import dev.sunset.agent.internal.registry.GuardRegistry;
import dev.sunset.agent.internal.registry.OriginalLines;
import dev.sunset.agent.internal.registry.Reach;
import dev.sunset.agent.internal.registry.SharedNames;
import dev.sunset.core.match.LegacyCallMatcher;
import dev.sunset.core.resolve.ResolvedRule;
import dev.sunset.core.rules.Stage;
import java.io.Serializable;
import java.lang.StackWalker.StackFrame;
import java.security.CodeSource;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The run-time side of the guards woven into legacy methods: a call that reaches a guarded legacy method
 * without passing a rewritten call site (reflection, a method handle, a serializable method reference, an
 * unrewritten class, a call through a subtype the agent could not resolve) is attributed to its caller,
 * counted exactly under the rule's stage for that caller, and then runs the legacy body, the replacement,
 * or is denied.
 *
 * <p>The caller is the first frame above the legacy method that is neither reflection nor method-handle
 * machinery. Finding it costs one stack walk per call, of at most {@value #MAX_FRAMES} frames, reading only their
 * classes; the caller's instruction is then found among those seen before by its method and offset
 * ({@link CallerFrames}), and its line read only at its first call. Only calls
 * that no rewritten site covers pay it (rewritten sites never enter the guard, or, for a guard without a twin,
 * enter it with a {@link CountedMark} and are let through uncounted). Calls from the rule's own legacy owner and
 * replacement class run the legacy body uncounted.
 *
 * <p>A method reference made before the agent attached is a lambda class of its own, which calls the legacy
 * method directly: when it is the reference's only one to that method in its class, its calls are counted at the
 * reference's own site (where the scan lists it), as those made through the reference since.
 */
public final class LegacyGuards {
  /** The guard's answer: run the legacy body. */
  public static final int RUN_LEGACY = 0;
  /** The guard's answer: call the replacement instead. */
  public static final int RUN_REPLACEMENT = 1;
  /** The most frames inspected above the legacy method to find its caller. */
  static final int MAX_FRAMES = 64;

  /**
   * How many frames the walk asks the JVM for at first: the guard's own five (this class, {@code IndyBootstrap}, two
   * method-handle frames, the dispatcher), the guarded method, the plumbing of a method handle (two frames) or of
   * reflection (three or four on Java 17, six on Java 25), and the caller: 9 to 13 frames, and one to spare. A second
   * batch costs about as much as the first (docs/benchmarks.md), each frame more only its share; frames below the
   * caller are never fetched.
   */
  static final int FIRST_BATCH = 14;

  /** The stack walker, made when the first guard is entered. */
  private static final class Walker {
    static final StackWalker WALKER = StackWalker.getInstance(Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE,
        StackWalker.Option.SHOW_REFLECT_FRAMES, StackWalker.Option.SHOW_HIDDEN_FRAMES), FIRST_BATCH);

    private Walker() {}
  }

  /**
   * What the walk found above the guarded method: the caller's frame and how the call came through to it, or the
   * rewritten method reference whose lambda (of class {@code host}'s nest) made the call.
   */
  private record Found(StackFrame frame, Reach reach, Class<?> host, CallSiteInfo reference) {}

  /** What a frame above the guarded method is, by its class: decided once per class. */
  private enum FrameKind {
    /** Core reflection: {@code Method.invoke} and its accessors. */
    REFLECTION,
    /** A lambda's class: a method reference's, when right above the guarded method. */
    LAMBDA,
    /** Method-handle machinery: {@code java.lang.invoke} and the JDK's hidden classes. */
    METHOD_HANDLE,
    /** Anything else: the caller. */
    CALLER;

    static final ClassValue<FrameKind> KINDS = new ClassValue<>() {
      @Override
      protected FrameKind computeValue(Class<?> c) {
        String name = c.getName();
        if (name.startsWith("java.lang.reflect.") || name.startsWith("jdk.internal.reflect.")) {
          return REFLECTION;
        } else if (c.isHidden() && name.contains("$$Lambda")) {
          return LAMBDA;
        } else if (name.startsWith("java.lang.invoke.") || (c.isHidden() && name.startsWith("java."))) {
          return METHOD_HANDLE;
        }
        return CALLER;
      }
    };
  }

  /** A caller as the guard attributes it: where it is, and the site its call is counted at when known already. */
  private record Caller(Class<?> type, String method, String descriptor, int bci, int line, String file, Reach reach,
      CallSiteInfo site) {}

  private final GuardRegistry guards;
  private final CallSiteRegistry registry;
  private final CallSiteLinker linker;
  private final AtomicInteger generation = new AtomicInteger();
  /**
   * Whether guards count and stage the calls they catch. Attaching late turns them off until every class already
   * loaded has been rewritten: until then a call from a class not rewritten yet could not be told apart from one its
   * rewritten site will count, nor a lambda's call be given to its reference; so calls are caught from the moment the
   * attach returns, each at its own site.
   */
  private volatile boolean armed = true;
  private final ClassValue<CallerFrames> callers = new ClassValue<>() {
    @Override
    protected CallerFrames computeValue(Class<?> type) {
      return new CallerFrames(type);
    }
  };
  private final Map<Integer, CallerFrames.Linked> linkedStages = new ConcurrentHashMap<>();

  /** Guards counting into the linker's counters, registering the sites they find in {@code registry}. */
  public LegacyGuards(GuardRegistry guards, CallSiteRegistry registry, CallSiteLinker linker) {
    this.guards = guards;
    this.registry = registry;
    this.linker = linker;
  }

  /** Turns counting and staging at the guards on or off (off while a late attach rewrites the classes loaded). */
  public void arm(boolean on) {
    armed = on;
  }

  /** Forgets the stages computed for caught sites: the rules, a date, a baseline or an override changed. */
  public void stagesChanged() {
    stagesChanged(null);
  }

  /**
   * {@link #stagesChanged()}, and tells the linker's stage-change listener of each caught site that has run and is
   * now at another stage, moved by {@code cause} (null: tell no one). The new stage is kept for the site's next call.
   */
  public void stagesChanged(StageChange.Cause cause) {
    int now = generation.incrementAndGet();
    if (cause == null) {
      return;
    }
    for (Map.Entry<Integer, CallerFrames.Linked> e : linkedStages.entrySet()) {
      CallSiteInfo site = registry.site(e.getKey());
      Stage before = e.getValue().stage();
      Stage after = site == null ? null : stageOf(site);
      if (after != null && after != before) {
        linkedStages.put(e.getKey(), new CallerFrames.Linked(now, after));
        linker.tellStageChange(new StageChange(site.ruleId(), site, before, after, cause));
      }
    }
  }

  /**
   * Entered at the top of a guarded legacy method. Returns {@link #RUN_LEGACY} or {@link #RUN_REPLACEMENT},
   * or throws the denial; any failure of its own runs the legacy body.
   */
  public int enter(int guardId) {
    Guard guard = guards.guard(guardId);
    CallSiteInfo site;
    Stage stage;
    ResolvedRule rule;
    try {
      if (guard == null || !armed) {
        return RUN_LEGACY;
      }
      if (!guard.hasTwin() && CountedMark.consume(guard)) {
        return RUN_LEGACY; // a rewritten site made this call and counted it
      }
      rule = guard.scope().resolved(guard.ruleId(), guard.legacyMember());
      if (rule == null || !rule.legacy().hasKey(guard.legacyMember())) {
        return RUN_LEGACY; // the rule was removed or now names another method
      }
      Found found = Walker.WALKER.walk(frames -> callerOf(frames, guard, registry));
      CallerFrames.Entry caught = found == null ? null : caught(guard, rule, found);
      if (caught == null || caught.superCall || isLibrarySide(guard, rule, caught)) {
        return RUN_LEGACY;
      }
      site = caught.site();
      if (site == null) {
        site = siteFor(guard, rule, caught);
      }
      stage = stageOf(caught, rule);
      if (stage.runsReplacement() && !(guard.canRedirect() && rule.hasReplacement())) {
        // the legacy body runs: count it as such; a rule without a replacement (a class rule) still warns
        stage = stage == Stage.WARN && !rule.hasReplacement() ? Stage.WARN : Stage.OBSERVE;
      }
      linker.counters().increment(CounterSlots.slot(site.id(), stage));
      if (!site.hasBeenCalled() || (stage == Stage.WARN && !site.hasWarned())
          || (stage == Stage.DENY && AppLog.active() && !site.hasLoggedDenial())) {
        linker.firstCall(site, stage, rule.spec(), caught.caller);
      }
    } catch (Throwable t) {
      AgentLog.failureOnce(LogTopic.GUARD, guardId, "the guard of " + (guard == null ? "?" : guard.guardedClass() + "."
          + guard.methodName()) + " failed; the legacy method runs uncounted", t);
      return RUN_LEGACY;
    }
    return switch (stage) {
      case OBSERVE -> RUN_LEGACY;
      case REDIRECT, WARN -> rule.hasReplacement() ? RUN_REPLACEMENT : RUN_LEGACY;
      case DENY -> throw new LegacyCallDeniedException(rule.id(), SiteMessages.denial(site, rule.spec()));
    };
  }

  /** The stage a caught instruction's site runs at, kept on the instruction for the rules' generation. */
  private Stage stageOf(CallerFrames.Entry caught, ResolvedRule rule) {
    int now = generation.get();
    Stage stage = caught.stage(now);
    if (stage == null) {
      stage = stageOf(caught.site(), rule, now);
      caught.stage(now, stage);
    }
    return stage;
  }

  private Stage stageOf(CallSiteInfo site, ResolvedRule rule, int now) {
    CallerFrames.Linked linked = linkedStages.get(site.id());
    if (linked != null && linked.generation() == now) {
      return linked.stage();
    }
    Stage stage = linker.siteStages().stageFor(rule, site);
    linkedStages.put(site.id(), new CallerFrames.Linked(now, stage));
    return stage;
  }

  /** The stage a caught site runs at now. */
  public Stage stageOf(CallSiteInfo site) {
    ResolvedRule rule = linker.siteStages().ruleOf(site);
    return rule == null ? null : linker.siteStages().stageFor(rule, site);
  }

  /**
   * Whether the caller is the guarded class itself or on the rule's own library side, as the rewriter decides it
   * ({@link LegacyCallMatcher#isLibrarySide}): such a call runs the legacy body uncounted (an adapter falling back
   * to the legacy method must not come back to itself). The legacy owner or replacement of another rule is a
   * caller like any other. Decided once per instruction and rule.
   */
  private static boolean isLibrarySide(Guard guard, ResolvedRule rule, CallerFrames.Entry caught) {
    CallerFrames.LibrarySide known = caught.librarySide(rule);
    if (known == null) {
      String name = caught.caller.getName();
      known = new CallerFrames.LibrarySide(rule, name.equals(guard.guardedClass())
          || LegacyCallMatcher.isLibrarySide(rule, name.replace('.', '/')));
      caught.librarySide(known);
    }
    return known.is();
  }

  /**
   * Whether the caller is an override of the guarded method in a subclass calling it as {@code super.m(...)}: part of
   * that subclass, as the rewriter decides it (an {@code invokespecial} is no call site), so it runs the legacy body
   * uncounted. Redirecting it would send a replacement that falls back to the legacy method back into the override,
   * and round again, without end.
   */
  private static boolean isSuperCall(Guard guard, Caller caller) {
    return caller.reach() == Reach.UNREWRITTEN && caller.method().equals(guard.methodName())
        && caller.descriptor().equals(guard.methodDescriptor()) && !caller.type().getName().equals(guard.guardedClass())
        && isSubclassOf(caller.type(), guard.guardedClass());
  }

  private static boolean isSubclassOf(Class<?> type, String className) {
    for (Class<?> c = type.getSuperclass(); c != null; c = c.getSuperclass()) {
      if (c.getName().equals(className)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The first frame above the guarded method that is neither reflection nor method-handle machinery, or, when the
   * frame right above it is the lambda of a rewritten method reference, that reference. Only the frames' classes are
   * read on the way: the guarded method's frame is the first of its class (the frames above it are the guard's own
   * dispatch, in the agent and the JDK), and the caller's method, offset and line are read once it is found.
   */
  private static Found callerOf(Stream<StackFrame> frames, Guard guard, CallSiteRegistry registry) {
    Iterator<StackFrame> it = frames.iterator();
    boolean pastGuarded = false;
    Reach reach = Reach.UNREWRITTEN;
    int inspected = 0;
    while (it.hasNext() && inspected < MAX_FRAMES) {
      StackFrame f = it.next();
      Class<?> c = f.getDeclaringClass();
      if (!pastGuarded) {
        pastGuarded = c.getName().equals(guard.guardedClass());
        continue;
      }
      inspected++;
      FrameKind kind = FrameKind.KINDS.get(c);
      if (kind == FrameKind.REFLECTION) {
        reach = Reach.REFLECTION;
      } else if (kind == FrameKind.LAMBDA) {
        if (inspected == 1) {
          CallSiteInfo reference = referenceOf(c, guard, registry);
          if (reference != null) {
            return new Found(null, reference.reach(), c.getNestHost(), reference);
          }
        }
        if (reach != Reach.REFLECTION) {
          reach = Reach.METHOD_REFERENCE;
        }
      } else if (kind == FrameKind.METHOD_HANDLE) {
        if (reach == Reach.UNREWRITTEN) {
          reach = Reach.METHOD_HANDLE;
        }
      } else {
        return new Found(f, reach, c, null);
      }
    }
    return null;
  }

  /**
   * The instruction a call was caught from, with the site it is counted at. An instruction seen before is found by its
   * method's name and offset; at its first call, or from a class the agent redefined, the frame's line is read.
   */
  private CallerFrames.Entry caught(Guard guard, ResolvedRule rule, Found found) {
    if (found.reference() != null) {
      CallSiteInfo reference = found.reference();
      return new CallerFrames.Entry(found.host(), guard.id(), -1, reference.reach(), reference.methodName(),
          reference.methodDescriptor(), reference.methodDescriptor(), reference.line(), reference.sourceFile(),
          reference, false);
    }
    StackFrame f = found.frame();
    Class<?> type = found.host();
    CallerFrames frames = callers.get(type);
    OriginalLines original = frames.redefined(registry);
    if (original != null) {
      Caller caller = callerIn(original, f, found.reach(), guard);
      return new CallerFrames.Entry(type, guard.id(), caller.bci(), caller.reach(), caller.method(),
          caller.descriptor(), caller.descriptor(), caller.line(), caller.file(), caller.site(),
          isSuperCall(guard, caller));
    }
    String method = f.getMethodName();
    int bci = f.getByteCodeIndex();
    CallerFrames.Entry caught = frames.find(guard.id(), bci, found.reach(), method, f);
    if (caught == null) {
      String descriptor = f.getDescriptor();
      Caller caller = new Caller(type, method, descriptor, bci, Math.max(f.getLineNumber(), 0), f.getFileName(),
          found.reach(), null);
      caught = frames.add(new CallerFrames.Entry(type, guard.id(), bci, caller.reach(), method,
          frames.isOverloaded(method) ? descriptor : null, descriptor, caller.line(), caller.file(), null,
          isSuperCall(guard, caller)));
    }
    return caught;
  }

  /**
   * A caller in a class the agent redefined, attributed from its frame's line at every call. A frame running the code
   * its class had before the agent redefined it has no line from the JVM: the line is the one that code had, and a
   * plain call there is the call the agent rewrote in the new code.
   */
  private static Caller callerIn(OriginalLines original, StackFrame f, Reach reach, Guard guard) {
    int line = f.getLineNumber();
    String file = f.getFileName();
    CallSiteInfo rewritten = null;
    if (line < 0 && file == null) {
      line = original.lineOf(f.getMethodName(), f.getDescriptor(), f.getByteCodeIndex());
      file = original.sourceFile();
      if (reach == Reach.UNREWRITTEN) {
        rewritten = original.rewrittenCallAt(guard.ruleId(), guard.legacyMember(), f.getMethodName(),
            f.getDescriptor(), line);
      }
    }
    return new Caller(f.getDeclaringClass(), f.getMethodName(), f.getDescriptor(), f.getByteCodeIndex(),
        Math.max(line, 0), file, reach, rewritten);
  }

  /**
   * The rewritten method reference a lambda class calling the guarded method directly was made from: the one
   * reference to that method, under the guard's rule and loader, in the lambda's class (its nest host); null when
   * there is none, more than one, or the lambda is serializable (serializable references are never rewritten, so
   * the one reference seen might not be this lambda's).
   */
  private static CallSiteInfo referenceOf(Class<?> lambda, Guard guard, CallSiteRegistry registry) {
    if (Serializable.class.isAssignableFrom(lambda)) {
      return null;
    }
    Class<?> host = lambda.getNestHost();
    CallSiteInfo found = null;
    for (CallSiteInfo reference : registry.referencesIn(host.getName())) {
      if (reference.ruleId().equals(guard.ruleId()) && reference.legacyMember().equals(guard.legacyMember())
          && reference.scope() != null && reference.scope().isFor(host.getClassLoader())) {
        if (found != null) {
          return null;
        }
        found = reference;
      }
    }
    return found;
  }

  /** The site a caught instruction's calls are counted at, made and registered at its first counted call. */
  private CallSiteInfo siteFor(Guard guard, ResolvedRule rule, CallerFrames.Entry caught) {
    Map<CallerFrames.FrameKey, CallSiteInfo> sites = callers.get(caught.caller).sites;
    CallerFrames.FrameKey key = new CallerFrames.FrameKey(guard.id(), caught.method, caught.fullDescriptor, caught.bci,
        caught.reach);
    CallSiteInfo site = sites.get(key);
    if (site == null) {
      synchronized (sites) {
        site = sites.get(key);
        if (site == null) {
          site = new CallSiteInfo(registry.reserveId(), guard.ruleId(), rule.spec().legacy().kind(),
              guard.legacyMember(), caught.caller.getName(), caught.method, caught.fullDescriptor, caught.file,
              caught.line, SharedNames.of(codeSource(caught.caller)), caught.reach, null, guard.scope());
          registry.register(site);
          sites.put(key, site);
        }
      }
    }
    caught.site(site);
    return site;
  }

  private static String codeSource(Class<?> c) {
    try {
      CodeSource cs = c.getProtectionDomain() == null ? null : c.getProtectionDomain().getCodeSource();
      return cs == null || cs.getLocation() == null ? "unknown" : cs.getLocation().toString();
    } catch (RuntimeException e) {
      return "unknown";
    }
  }
}
