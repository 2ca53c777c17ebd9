package dev.sunset.core.resolve;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.format.Use;
import dev.sunset.core.rules.RuleSpec;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A rule resolved against the class files of one class loader or artifact set, for one legacy member: a method
 * rule's legacy method and its replacement with their JVM descriptors, or one of the members a class rule covers with,
 * when the rule names an adapter class, its counterparts there.
 *
 * @param spec the rule as written
 * @param legacy the legacy member
 * @param replacement what runs instead of the member when it is redirected, or null when nothing does: a method rule's
 *     replacement; for a class rule's member its counterpart in the adapter (a method's adapter method, receiver first
 *     for an instance method; a constructor's factory; a field's getter)
 * @param legacyLocation the jar or folder the legacy owner's class file came from
 * @param setter for a class rule's field, the adapter's setter that runs instead of a write of it, or null
 */
@API(status = INTERNAL, since = "0.1.0")
public record ResolvedRule(RuleSpec spec, LegacyMember legacy, ReplacementMethod replacement,
    String legacyLocation, ReplacementMethod setter) {
  /** A rule resolved for a member without a setter (any but a class rule's field with one). */
  public ResolvedRule(RuleSpec spec, LegacyMember legacy, ReplacementMethod replacement, String legacyLocation) {
    this(spec, legacy, replacement, legacyLocation, null);
  }

  /** The rule's id. */
  public String id() {
    return spec.id();
  }

  /** Whether an invoke instruction with this owner, name and descriptor calls the legacy method directly. */
  public boolean matches(String owner, String name, String descriptor) {
    return legacy.owner().equals(owner) && legacy.name().equals(name) && legacy.descriptor().equals(descriptor);
  }

  /** Whether the rule names whole classes: a class, or a package ({@link #isPackageRule()}). */
  public boolean isClassRule() {
    return spec.legacy().isClass();
  }

  /** Whether the rule names a package: every class of it. */
  public boolean isPackageRule() {
    return spec.legacy().isPackage();
  }

  /**
   * The member a site of this rule uses, as reports, scans and verdicts name it: for a class rule {@link
   * LegacyMember#forPeople()} ({@code create(java.lang.String)}), for a package rule {@link
   * LegacyMember#forPeopleInPackage()}, its class first ({@code Factory.create(java.lang.String)}); null for a
   * method rule, whose sites all call its one method.
   */
  public String memberForPeople() {
    return !isClassRule() ? null : isPackageRule() ? legacy.forPeopleInPackage() : legacy.forPeople();
  }

  /** Whether a call of the member (a read of a field, a constructor call) has something to run instead of it. */
  public boolean hasReplacement() {
    return replacement != null;
  }

  /**
   * What runs instead of this use of the member when its site is redirected, or null when nothing does (the site then
   * stays at {@code observe}): the replacement for a call, a constructor call or a field read, the setter for a field
   * write; nothing for a subclass, a lookup by name or a type reference.
   */
  public ReplacementMethod replacementFor(Use use) {
    return switch (use) {
      case CALL, NEW, FIELD_READ -> replacement;
      case FIELD_WRITE -> setter;
      case SUBCLASS, CLASS_LOOKUP, TYPE_REFERENCE -> null;
    };
  }

  /** Whether this use of the member has something to run instead of it: {@link #replacementFor} is not null. */
  public boolean redirects(Use use) {
    return replacementFor(use) != null;
  }

  /** Whether another resolution of the same rule links calls to the same members. */
  public boolean sameMembers(ResolvedRule other) {
    return legacy.equals(other.legacy) && Objects.equals(replacement, other.replacement)
        && Objects.equals(setter, other.setter);
  }
}
