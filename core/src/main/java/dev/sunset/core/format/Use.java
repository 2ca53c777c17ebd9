package dev.sunset.core.format;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * How a call site uses the legacy API; a site's {@code use} in reports and scans. A method rule's sites are all
 * calls; a class rule's sites are every use of its class.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public enum Use {
  /** A call of a legacy method, or a method reference to one. */
  CALL("call"),
  /** {@code new} of the legacy class: a constructor call. */
  NEW("new"),
  /** A read of a legacy field. */
  FIELD_READ("field-read"),
  /** A write of a legacy field. */
  FIELD_WRITE("field-write"),
  /** A class that extends or implements the legacy type: counted once, when it initialises. */
  SUBCLASS("subclass"),
  /** {@code Class.forName} or {@code ClassLoader.loadClass} of the legacy class's name, written as a constant. */
  CLASS_LOOKUP("class-lookup"),
  /**
   * The legacy type named without running it: in a signature, a cast, {@code instanceof}, a class literal, an array
   * or a {@code catch}. Listed by {@code scan} only: none of them runs the legacy class's code, yet each stops the
   * class from being deleted.
   */
  TYPE_REFERENCE("type-reference");

  private final String id;

  Use(String id) {
    this.id = id;
  }

  /** The name the formats use. */
  public String id() {
    return id;
  }

  /** Whether uses of this kind are counted at run time (every kind but type references). */
  public boolean runs() {
    return this != TYPE_REFERENCE;
  }

  /**
   * A class rule's use as people read it, this use and the member used: {@code new <init>(int)},
   * {@code field-read name}, {@code type-reference <class>}; the use alone when {@code member} is null.
   */
  public String forPeople(String member) {
    return member == null ? id : id + " " + member;
  }

  /** The value of that name, or null when it is none. */
  public static Use parse(String id) {
    for (Use u : values()) {
      if (u.id.equals(id)) {
        return u;
      }
    }
    return null;
  }
}
