package dev.sunset.core.resolve;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.rules.RuleSpec;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A rule resolved against the class files of one class loader or artifact set, for one legacy member: a method
 * rule's legacy method and its replacement with their JVM descriptors, or one of the members a class rule covers.
 *
 * @param spec the rule as written
 * @param legacy the legacy member
 * @param replacement the replacement, or null when the rule has none
 * @param legacyLocation the jar or folder the legacy owner's class file came from
 */
@API(status = INTERNAL, since = "0.1.0")
public record ResolvedRule(RuleSpec spec, LegacyMember legacy, ReplacementMethod replacement,
    String legacyLocation) {
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

  /** Whether the rule has a replacement. */
  public boolean hasReplacement() {
    return replacement != null;
  }

  /** Whether another resolution of the same rule links calls to the same members. */
  public boolean sameMembers(ResolvedRule other) {
    return legacy.equals(other.legacy) && Objects.equals(replacement, other.replacement);
  }
}
