package dev.sunset.core.resolve;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import org.apiguardian.api.API;

/** The outcome of resolving one rule against one class loader's (or artifact set's) class files. */
@API(status = INTERNAL, since = "0.1.0")
public sealed interface Resolution {
  /**
   * The rule applies there: to its one legacy method (a method rule), or to each member its class declares and to
   * the class itself (a class rule), the class first.
   */
  record Resolved(List<ResolvedRule> members) implements Resolution {
    /** The members; the list is copied and may not be empty. */
    public Resolved {
      members = List.copyOf(members);
      if (members.isEmpty()) {
        throw new IllegalArgumentException("a resolved rule applies to at least one member");
      }
    }

    /** The one member of a method rule (the class itself for a class rule). */
    public ResolvedRule rule() {
      return members.get(0);
    }

    /** The jar or folder the legacy class came from. */
    public String legacyLocation() {
      return members.get(0).legacyLocation();
    }
  }

  /** The legacy class is not there at all: the rule has nothing to apply to. */
  record OwnerMissing(String owner) implements Resolution {}

  /** The legacy class is there, but the rule does not fit it (a missing method, a replacement that does not fit). */
  record Refused(String message) implements Resolution {}
}
