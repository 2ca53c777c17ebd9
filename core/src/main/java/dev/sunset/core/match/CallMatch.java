package dev.sunset.core.match;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.format.Use;
import dev.sunset.core.resolve.ResolvedRule;
import org.apiguardian.api.API;

/**
 * An instruction, method reference or declaration that uses a rule's legacy member: an invoke instruction or method
 * reference that reaches a legacy method, or, for a class rule, a constructor call, a field access, a subclass, a
 * lookup by name or a type reference.
 *
 * @param rule the rule, resolved for the member used
 * @param calledOwner internal name of the class the instruction names: the legacy owner, or a subtype that
 *     inherits the legacy member
 * @param use how the site uses it
 */
@API(status = INTERNAL, since = "0.1.0")
public record CallMatch(ResolvedRule rule, String calledOwner, Use use) {
  /** A call of a legacy method. */
  public CallMatch(ResolvedRule rule, String calledOwner) {
    this(rule, calledOwner, Use.CALL);
  }

  /** Whether the instruction names a subtype that inherits the legacy member rather than its owner. */
  public boolean throughSubtype() {
    return !calledOwner.equals(rule.legacy().owner());
  }
}
