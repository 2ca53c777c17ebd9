package dev.sunset.core.match;

import dev.sunset.core.resolve.ResolvedRule;

/**
 * An invoke instruction or method reference that reaches a rule's legacy method.
 *
 * @param rule the rule
 * @param calledOwner internal name of the class the instruction names: the legacy owner, or a subtype that
 *     inherits the legacy method
 */
public record CallMatch(ResolvedRule rule, String calledOwner) {
  /** Whether the instruction names a subtype that inherits the legacy method rather than its owner. */
  public boolean throughSubtype() {
    return !calledOwner.equals(rule.legacy().owner());
  }
}
