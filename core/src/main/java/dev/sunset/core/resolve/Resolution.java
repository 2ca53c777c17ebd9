package dev.sunset.core.resolve;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
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

    /**
     * For a class rule with an adapter class, each member of its class (not of its member classes, which are never
     * redirected) that has no counterpart there, as people read it, in the members' order: a method or constructor,
     * {@code describe()}, {@code <init>(int)}; a field without either accessor, {@code name}; a field missing one,
     * {@code name (get)} or {@code name (set)} (a final field needs no setter). Those uses stay at {@code observe}
     * while the rule redirects. Empty for a method rule and a class rule without an adapter.
     */
    public List<String> withoutCounterpart() {
      ResolvedRule first = members.get(0);
      if (!first.spec().hasAdapter()) {
        return List.of();
      }
      String owner = first.legacy().owner(); // the class itself comes first
      List<String> names = new ArrayList<>();
      for (ResolvedRule m : members) {
        LegacyMember member = m.legacy();
        if (!member.owner().equals(owner)) {
          continue;
        }
        switch (member.kind()) {
          case METHOD, CONSTRUCTOR -> {
            if (m.replacement() == null) {
              names.add(member.forPeople());
            }
          }
          case FIELD -> {
            boolean get = m.replacement() != null;
            boolean set = m.setter() != null || member.isFinal();
            if (!get || !set) {
              names.add(member.forPeople() + (!get && !set ? "" : get ? " (set)" : " (get)"));
            }
          }
          case CLASS -> { } // a subclass or a lookup by name has no counterpart to run
        }
      }
      return List.copyOf(names);
    }
  }

  /** The legacy class is not there at all: the rule has nothing to apply to. */
  record OwnerMissing(String owner) implements Resolution {}

  /** The legacy class is there, but the rule does not fit it (a missing method, a replacement that does not fit). */
  record Refused(String message) implements Resolution {}
}
