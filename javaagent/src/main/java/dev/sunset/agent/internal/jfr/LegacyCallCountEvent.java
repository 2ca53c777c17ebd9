package dev.sunset.agent.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * A call site's count, from a periodic hook: at the start and end of every chunk by default (so every recording file
 * ends with each site's total), or at the period a recording sets ({@code dev.sunset.LegacyCallCount#period=10s}).
 * Only sites called at least once are listed.
 */
@Name(LegacyCallCountEvent.NAME)
@Label("Legacy Call Count")
@Category({"Sunset"})
@Description("How many times a legacy call site has been called in this JVM run, and since the previous count")
@Period("everyChunk")
@StackTrace(false)
final class LegacyCallCountEvent extends Event {
  static final String NAME = "dev.sunset.LegacyCallCount";

  @Label("Rule")
  String rule;

  @Label("Stage")
  @Description("The stage the site runs at now: observe, redirect, warn or deny; empty when its rule is gone")
  String stage;

  @Label("Caller Class")
  String callerClass;

  @Label("Caller Method")
  String callerMethod;

  @Label("Line")
  int line;

  @Label("Calls")
  @Description("Every call of the site in this JVM run, at any stage, as the agent's report counts them")
  long calls;

  @Label("Calls Since Last")
  @Description("Calls since the previous Legacy Call Count event of this site (in any recording)")
  long callsSinceLast;

  @Label("Site Id")
  @Description("The call site's id in this JVM run, as in Legacy Call events")
  int siteId;

  @Label("Use")
  @Description("How the site uses the legacy API, as in Legacy Call events: two sites of a class rule on one line"
      + " differ by it or by their member")
  String use;

  @Label("Member")
  @Description("For a class rule's site, the member it uses, as in Legacy Call events; empty for a method rule's site")
  String member;
}
