package dev.sunset.agent.internal.registry;

/**
 * How calls reach the legacy method from a call site: through an instruction the agent rewrote, or, for
 * calls no rewritten instruction covers, through the guard at the legacy method's entry.
 */
public enum Reach {
  /** An invoke instruction rewritten as the class loaded. */
  REWRITTEN_CALL(null),
  /** A method reference ({@code Legacy::create}) rewritten as the class loaded. */
  REWRITTEN_REFERENCE(null),
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

  Reach(String via) {
    this.via = via;
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
