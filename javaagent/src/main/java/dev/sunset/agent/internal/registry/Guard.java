package dev.sunset.agent.internal.registry;

import dev.sunset.agent.internal.rules.LoaderRules;

/**
 * A guard woven into the entry of a legacy method's body, which catches the calls that no rewritten call
 * site covers; a private copy of the body (the twin) serves the rewritten sites, so that no call is seen
 * twice. A legacy class loaded before the agent attached cannot gain a twin (the JVM adds no method to a class
 * it redefines): its guard has none, and rewritten sites tell it that they counted the call already.
 *
 * @param id the id the woven prologue carries
 * @param scope the rules of the guarded class's loader
 * @param ruleId the rule the guard enforces
 * @param legacyMember the rule's legacy method as {@code owner.name descriptor}, when the guard was woven
 * @param guardedClass binary name of the class whose method carries the guard (the legacy owner, or an
 *     implementation of an abstract legacy method)
 * @param methodName the guarded method's name
 * @param methodDescriptor the guarded method's descriptor
 * @param twinName the name of the unguarded private copy of the body, or null when the guard has none
 * @param canRedirect whether the prologue can call the replacement (class files of Java 7 or later)
 */
public record Guard(int id, LoaderRules scope, String ruleId, String legacyMember, String guardedClass,
    String methodName, String methodDescriptor, String twinName, boolean canRedirect) {
  /** Whether the guarded method has a twin: it was woven as its class was defined, not redefined. */
  public boolean hasTwin() {
    return twinName != null;
  }

  /** The name of the private copy of a guarded method's body. */
  public static String twinNameOf(String methodName) {
    return "sunset$direct$" + methodName;
  }
}
