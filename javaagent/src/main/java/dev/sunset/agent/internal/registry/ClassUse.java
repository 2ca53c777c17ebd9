package dev.sunset.agent.internal.registry;

import dev.sunset.core.format.Use;

/**
 * What a class rule's call site uses of its class: how, and which member. A report's site says it in {@code use} and
 * {@code member}, telemetry in {@code sunset.use} and {@code sunset.member}, JFR, JMX and the exit table alike. Two
 * sites of one class rule on one line (a {@code new} and a field read, {@code new Factory().name}) differ by it.
 *
 * @param use how the site uses the class: a call, {@code new}, a field read or write, a subclass, a lookup by name
 * @param member the member it uses as people read it: {@code create(java.lang.String)}, {@code <init>()}, a field's
 *     name, or {@code <class>} for the class itself
 */
public record ClassUse(Use use, String member) {
  /** As the exit table shows it after the caller: {@code new <init>()}, {@code field-read name}. */
  public String forPeople() {
    return use.id() + " " + member;
  }
}
