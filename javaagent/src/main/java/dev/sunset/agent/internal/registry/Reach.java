package dev.sunset.agent.internal.registry;

import dev.sunset.core.format.Use;

/**
 * How calls reach the legacy method from a call site: through an instruction the agent rewrote, or, for
 * calls no rewritten instruction covers, through the guard at the legacy method's entry; for a class rule's uses
 * other than calls, through the counted instruction put before the use.
 */
public enum Reach {
  /** An invoke instruction rewritten as the class loaded. */
  REWRITTEN_CALL(null),
  /** A method reference ({@code Legacy::create}) rewritten as the class loaded. */
  REWRITTEN_REFERENCE(null),
  /** {@code new} of a class rule's class: counted before its constructor call. */
  REWRITTEN_NEW(null, Use.NEW),
  /** A read of a class rule's field: counted before the instruction. */
  REWRITTEN_FIELD_READ(null, Use.FIELD_READ),
  /** A write of a class rule's field: counted before the instruction. */
  REWRITTEN_FIELD_WRITE(null, Use.FIELD_WRITE),
  /**
   * {@code new} of a class rule's class whose constructor has a counterpart in the rule's adapter: the {@code new},
   * its {@code dup} and its constructor call became one counted instruction that makes the object (the constructor,
   * the adapter's factory, or the denial, by stage).
   */
  REPLACED_NEW(null, Use.NEW, true),
  /** A read of a class rule's field with a getter in the adapter: the instruction itself became a counted one. */
  REPLACED_FIELD_READ(null, Use.FIELD_READ, true),
  /** A write of a class rule's field with a setter in the adapter: the instruction itself became a counted one. */
  REPLACED_FIELD_WRITE(null, Use.FIELD_WRITE, true),
  /** A class extending or implementing a class rule's type: counted when it initialises. */
  REWRITTEN_SUBCLASS(null, Use.SUBCLASS),
  /** A lookup of a class rule's class by a constant name: counted before the lookup. */
  REWRITTEN_CLASS_LOOKUP(null, Use.CLASS_LOOKUP),
  /** {@code Method.invoke} and the rest of core reflection, caught at the legacy method. */
  REFLECTION("reflection"),
  /** A {@code MethodHandle} looked up at run time, caught at the legacy method. */
  METHOD_HANDLE("method-handle"),
  /** A method reference the agent could not rewrite (a serializable one), caught at the legacy method. */
  METHOD_REFERENCE("method-reference"),
  /**
   * A plain call the agent did not rewrite (a class loaded before the agent, compiled before Java 7, or
   * defined by the boot or platform loader; a call through a subtype the agent could not resolve), caught at
   * the legacy method.
   */
  UNREWRITTEN("unrewritten");

  private final String via;
  private final Use use;
  private final boolean replaced;

  Reach(String via) {
    this(via, Use.CALL);
  }

  Reach(String via, Use use) {
    this(via, use, false);
  }

  Reach(String via, Use use, boolean replaced) {
    this.via = via;
    this.use = use;
    this.replaced = replaced;
  }

  /** How the site uses the legacy API. */
  public Use use() {
    return use;
  }

  /**
   * Whether the site is a class rule's use other than a call: counted by an instruction put before the one that uses
   * the class, or by the instruction that replaced it ({@code new}, a field access).
   */
  public boolean isUse() {
    return use != Use.CALL;
  }

  /**
   * Whether the site is only counted: an instruction put before the use, which runs nothing of the legacy member, so
   * that the site can observe, warn or deny but never redirect.
   */
  public boolean countsOnly() {
    return isUse() && !replaced;
  }

  /** How a rewritten site of this use is reached: counted before its instruction. */
  public static Reach rewritten(Use use) {
    return find(use, false);
  }

  /** How a site of this use is reached whose instruction itself was replaced: {@code new} or a field access. */
  public static Reach replaced(Use use) {
    return find(use, true);
  }

  private static Reach find(Use use, boolean replaced) {
    for (Reach r : values()) {
      if (r.via == null && r.use == use && use != Use.CALL && r.replaced == replaced) {
        return r;
      }
    }
    throw new IllegalArgumentException("no rewritten site uses the legacy API as " + use.id()
        + (replaced ? " by a replaced instruction" : ""));
  }

  /** The report's {@code via} for calls caught at the legacy method, or null for rewritten sites. */
  public String via() {
    return via;
  }

  /** Whether calls from this site are caught at the legacy method rather than at a rewritten instruction. */
  public boolean caughtAtLegacyMethod() {
    return via != null;
  }
}
