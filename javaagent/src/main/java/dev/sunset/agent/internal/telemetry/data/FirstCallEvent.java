package dev.sunset.agent.internal.telemetry.data;

import dev.sunset.agent.internal.registry.ClassUse;
import java.time.Instant;

/**
 * The first call of one call site, as its {@code sunset.call_site.first_call} event carries it: call-site
 * metadata only, never an argument or a return value.
 *
 * @param rule the rule id
 * @param stage the stage the call ran at
 * @param function the calling class and method
 * @param filePath the source path of the call, or null when unknown
 * @param line the source line, or 0 when unknown
 * @param codeSource the calling class's jar or folder
 * @param classUse for a class rule's call site, how it uses the class and which member; null for a method rule's
 * @param callerForPeople the caller as a stack trace shows it
 * @param at when the call happened
 * @param appSpan the span the application had made current on the calling thread through its own copy of
 *     the OpenTelemetry API, or null (only looked up when Sunset runs its own SDK)
 */
public record FirstCallEvent(String rule, String stage, String function, String filePath, long line,
    String codeSource, ClassUse classUse, String callerForPeople, Instant at, SpanIds appSpan) {

  /**
   * The call site as the event's body names it: the caller as a stack trace shows it, and for a class rule's site its
   * use and member, {@code com.acme.Checkout.run(Checkout.java:42) new <init>()}.
   */
  public String siteForPeople() {
    return classUse == null ? callerForPeople : callerForPeople + " " + classUse.forPeople();
  }

  /**
   * The ids of a span, as hexadecimal strings.
   *
   * @param traceId 32 hexadecimal digits
   * @param spanId 16 hexadecimal digits
   * @param flags the trace flags
   */
  public record SpanIds(String traceId, String spanId, byte flags) {}
}
