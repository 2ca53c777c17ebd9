package dev.sunset.agent.internal.registry;

import dev.sunset.agent.internal.rules.LoaderRules;
import dev.sunset.core.report.SiteKey;
import dev.sunset.core.report.UseKey;
import dev.sunset.core.resolve.LegacyMember;
import dev.sunset.core.resolve.ResolvedRule;
import dev.sunset.core.rules.MemberRef;
import dev.sunset.core.rules.Stage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MutableCallSite;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.time.Instant;

/**
 * One call site of a legacy method (or, for a class rule, one use of its class): where it is (class, method, file,
 * line, code source), which rule it matched, how calls reach the legacy method from it, and, once it has run, the JVM
 * call site it is linked to (for rewritten sites).
 */
public final class CallSiteInfo {
  private static final VarHandle STATE;
  private static final long NOT_CALLED = Long.MIN_VALUE;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final int CALLED = 1;
  private static final int WARNED = 2;
  private static final int DENIAL_LOGGED = 4;
  /**
   * Set once, before the site is published, and never cleared: the site's rule names a whole class. Kept in the state
   * word rather than a field of its own, so that a site costs what it did (72 bytes, {@code docs/benchmarks.md}).
   */
  private static final int OF_CLASS_RULE = 8;
  /** Set with {@link #OF_CLASS_RULE} when the site's rule names a package: its members are named with their class. */
  private static final int OF_PACKAGE_RULE = 16;
  /**
   * The three bits above the flags hold the stage the site's JVM call site is linked at, as its ordinal plus one (0:
   * not linked), set by the linker at every link so that whoever reads the site (a snapshot) need not ask the linker.
   */
  private static final int LINKED_SHIFT = 5;
  private static final int LINKED_MASK = 7 << LINKED_SHIFT;
  private static final Stage[] STAGES = Stage.values();
  /**
   * The state word's low bits hold the flags and the linked stage above, its high bits the site's line, signed (a
   * class file's lines are below 65,536; a stack frame's may be -1 or -2): so that the first call's time can be a
   * {@code long} and a site still costs 72 bytes ({@code docs/benchmarks.md}, "Memory per site").
   */
  private static final int LINE_SHIFT = 8;
  private static final int LINE_MAX = Integer.MAX_VALUE >> LINE_SHIFT;
  private static final int LINE_MIN = Integer.MIN_VALUE >> LINE_SHIFT;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(CallSiteInfo.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final int id;
  private final String ruleId;
  private final String legacyMember;
  private final String className;
  private final String methodName;
  private final String methodDescriptor;
  private final String sourceFile;
  private final String codeSource;
  private final Reach reach;
  private final String calledThrough;
  private final LoaderRules scope;

  private volatile WeakReference<MutableCallSite> linked;
  @SuppressWarnings("unused") // through STATE
  private volatile int state;
  /**
   * When the site was first called, in nanoseconds since the epoch ({@link #NOT_CALLED} before): a {@code long} in the
   * site rather than an {@link Instant} of its own (docs/benchmarks.md, "Memory per site").
   */
  private volatile long firstCallNanos = NOT_CALLED;

  /**
   * Describes a call site.
   *
   * @param ruleNames whether the rule the site matched names one method or a whole class
   * @param legacyMember the legacy member as {@code owner.name descriptor} with internal names
   *     ({@link LegacyMember#key()})
   * @param line 0 when the class has no line numbers
   * @param calledThrough binary name of the subtype the call names instead of the legacy owner, or null
   * @param scope the rules the site was matched under (its class loader's), for relinking
   */
  public CallSiteInfo(int id, String ruleId, MemberRef.Kind ruleNames, String legacyMember, String className,
      String methodName, String methodDescriptor, String sourceFile, int line, String codeSource, Reach reach,
      String calledThrough, LoaderRules scope) {
    this.id = id;
    this.ruleId = ruleId;
    int kind = switch (ruleNames) {
      case METHOD -> 0;
      case CLASS -> OF_CLASS_RULE;
      case PACKAGE -> OF_CLASS_RULE | OF_PACKAGE_RULE;
    };
    this.state = (line < LINE_MIN || line > LINE_MAX ? 0 : line) << LINE_SHIFT | kind;
    this.legacyMember = legacyMember;
    this.className = className;
    this.methodName = methodName;
    this.methodDescriptor = methodDescriptor;
    this.sourceFile = sourceFile;
    this.codeSource = codeSource;
    this.reach = reach;
    this.calledThrough = calledThrough;
    this.scope = scope;
  }

  /** The id, unique in this JVM, that the rewritten instruction carries. */
  public int id() {
    return id;
  }

  /** The id of the rule the call matched. */
  public String ruleId() {
    return ruleId;
  }

  /** The legacy member the site uses, as {@code owner.name descriptor} with internal names. */
  public String legacyMember() {
    return legacyMember;
  }

  /** Whether the rule the site matched names whole classes (a class, or a package), rather than one method. */
  public boolean ofClassRule() {
    return (state & OF_CLASS_RULE) != 0;
  }

  /** Whether the rule the site matched names a package. */
  public boolean ofPackageRule() {
    return (state & OF_PACKAGE_RULE) != 0;
  }

  /**
   * For a class rule's site, how it uses the class and which member ({@code new <init>()}); null for a method rule's
   * site, whose rule names the one method all its sites call.
   *
   * <p>The member is named from the member its rule resolved to, not read back from its key: a field's or method's
   * name may hold a parenthesis or a colon (only {@code . ; [ /} are barred), which a key cannot tell from its
   * descriptor. Only when the rule no longer covers the member (edited away) is the key read. Naming never fails: a
   * name that cannot be read as people read it is given as it is, so that no output (the report first) is lost to it.
   */
  public ClassUse classUse() {
    if (!ofClassRule()) {
      return null;
    }
    ResolvedRule rule = scope == null ? null : scope.resolved(ruleId, legacyMember);
    LegacyMember member = rule != null && rule.legacy().hasKey(legacyMember) ? rule.legacy() : null;
    return new ClassUse(reach.use(), forPeople(member, legacyMember, ofPackageRule()));
  }

  /**
   * What a baseline matches the site on, as reports and scans list it: rule, class, method, line, its use and, for a
   * class rule's site, its member ({@link #classUse()}).
   */
  public UseKey useKey() {
    ClassUse use = classUse();
    return new UseKey(new SiteKey(ruleId, className, methodName, line()), reach.use(), use == null ? null : use.member());
  }

  /**
   * The member as people read it (a package rule's with its class first), or, if it cannot be read so, its name as the
   * class file gives it.
   */
  private static String forPeople(LegacyMember member, String key, boolean inPackage) {
    try {
      if (inPackage) {
        return member != null ? member.forPeopleInPackage() : LegacyMember.forPeopleInPackage(key);
      }
      return member != null ? member.forPeople() : LegacyMember.forPeople(key);
    } catch (RuntimeException unreadable) {
      return member != null ? member.name() : key.substring(key.indexOf('.') + 1);
    }
  }

  /** Binary name of the calling class. */
  public String className() {
    return className;
  }

  /** Name of the calling method. */
  public String methodName() {
    return methodName;
  }

  /** Descriptor of the calling method. */
  public String methodDescriptor() {
    return methodDescriptor;
  }

  /** Source file named by the class, or null. */
  public String sourceFile() {
    return sourceFile;
  }

  /** Source line of the call, or 0 when unknown. */
  public int line() {
    return state >> LINE_SHIFT;
  }

  /** Location of the jar or folder the class was loaded from, or {@code unknown}. */
  public String codeSource() {
    return codeSource;
  }

  /** How calls from this site reach the legacy method. */
  public Reach reach() {
    return reach;
  }

  /** Whether the site is a rewritten method reference ({@code Legacy::method}) rather than a direct call. */
  public boolean methodReference() {
    return reach == Reach.REWRITTEN_REFERENCE;
  }

  /** Binary name of the subtype the call names instead of the legacy owner, or null. */
  public String calledThrough() {
    return calledThrough;
  }

  /** The rules the site was matched under. */
  public LoaderRules scope() {
    return scope;
  }

  /** The caller as people read it: {@code com.acme.Checkout.run(Checkout.java:42)}. */
  public String callerForPeople() {
    return className + "." + methodName + "(" + (sourceFile == null ? "Unknown Source" : sourceFile)
        + (line() > 0 ? ":" + line() : "") + ")";
  }

  /** The linked JVM call site, or null if the site never ran, is not rewritten, or its class was unloaded. */
  public MutableCallSite linkedCallSite() {
    WeakReference<MutableCallSite> ref = linked;
    return ref == null ? null : ref.get();
  }

  /** Records the JVM call site this site was linked to. */
  public void linkedTo(MutableCallSite callSite) {
    this.linked = new WeakReference<>(callSite);
  }

  /** The stage the site's JVM call site was last linked at, or null if it was never linked. */
  public Stage linkedStage() {
    int ordinal = (state & LINKED_MASK) >>> LINKED_SHIFT;
    return ordinal == 0 ? null : STAGES[ordinal - 1];
  }

  /** Records the stage the site's JVM call site is now linked at (the linker, at every link). */
  public void linkedAt(Stage stage) {
    int bits = (stage.ordinal() + 1) << LINKED_SHIFT;
    while (true) {
      int s = state;
      if ((s & LINKED_MASK) == bits || STATE.compareAndSet(this, s, (s & ~LINKED_MASK) | bits)) {
        return;
      }
    }
  }

  /** Whether the site has been called at least once. */
  public boolean hasBeenCalled() {
    return (state & CALLED) != 0;
  }

  /** When the site was first called, or null. */
  public Instant firstCallAt() {
    long nanos = firstCallNanos;
    return nanos == NOT_CALLED ? null
        : Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
  }

  /**
   * Returns true exactly once: for the first call of this site, whose time it records (to the nanosecond between the
   * years 1678 and 2261, the nearest of those years outside them).
   */
  public boolean claimFirstCall(Instant now) {
    if (claim(CALLED)) {
      firstCallNanos = epochNanos(now);
      return true;
    }
    return false;
  }

  private static long epochNanos(Instant at) {
    long limit = Long.MAX_VALUE / NANOS_PER_SECOND - 1; // whole seconds whose nanoseconds a long holds either side
    long seconds = Math.max(-limit, Math.min(limit, at.getEpochSecond()));
    return seconds * NANOS_PER_SECOND + at.getNano();
  }

  /** Whether this site's warning has been printed. */
  public boolean hasWarned() {
    return (state & WARNED) != 0;
  }

  /** Returns true exactly once: for the first caller that asks to print this site's warning. */
  public boolean claimWarning() {
    return claim(WARNED);
  }

  /** Whether this site's denial has been written to the application's log. */
  public boolean hasLoggedDenial() {
    return (state & DENIAL_LOGGED) != 0;
  }

  /** Returns true exactly once: for the first caller that asks to write this site's denial to the application's log. */
  public boolean claimDenialLine() {
    return claim(DENIAL_LOGGED);
  }

  private boolean claim(int bit) {
    while (true) {
      int s = state;
      if ((s & bit) != 0) {
        return false;
      }
      if (STATE.compareAndSet(this, s, s | bit)) {
        return true;
      }
    }
  }
}
