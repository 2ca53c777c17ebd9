package dev.sunset.core.match;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.resolve.ResolvedRule;
import org.apiguardian.api.API;

/**
 * An invoke instruction or method reference that reaches a rule's legacy method.
 *
 * @param rule the rule
 * @param calledOwner internal name of the class the instruction names: the legacy owner, or a subtype that
 *     inherits the legacy method
 */
@API(status = INTERNAL, since = "0.1.0")
public record CallMatch(ResolvedRule rule, String calledOwner) {
  /** Whether the instruction names a subtype that inherits the legacy method rather than its owner. */
  public boolean throughSubtype() {
    return !calledOwner.equals(rule.legacy().owner());
  }
}
