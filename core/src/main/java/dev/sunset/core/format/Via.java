package dev.sunset.core.format;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * How calls reach a legacy method from a call site that no rewritten instruction covers, so that the agent caught
 * them at the legacy method itself; a report's {@code via}. Rewritten call sites have none.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public enum Via {
  /** {@code Method.invoke} and the rest of core reflection. */
  REFLECTION("reflection"),
  /** A {@code MethodHandle} looked up at run time. */
  METHOD_HANDLE("method-handle"),
  /** A method reference the agent could not rewrite (a serializable one, or one in a class loaded before it). */
  METHOD_REFERENCE("method-reference"),
  /**
   * A plain call the agent did not rewrite: a class loaded before the agent, compiled before Java 7, or defined by
   * the boot or platform loader.
   */
  UNREWRITTEN("unrewritten");

  private final String id;

  Via(String id) {
    this.id = id;
  }

  /** The name the formats use. */
  public String id() {
    return id;
  }

  /** The value of that name, or null when it is none. */
  public static Via parse(String id) {
    for (Via v : values()) {
      if (v.id.equals(id)) {
        return v;
      }
    }
    return null;
  }
}
