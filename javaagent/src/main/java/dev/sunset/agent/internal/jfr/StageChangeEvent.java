package dev.sunset.agent.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A rule's stage, or one call site's, changed while the application ran. */
@Name(StageChangeEvent.NAME)
@Label("Stage Change")
@Category({"Sunset"})
@Description("A rule's stage, or the stage one of its call sites runs at, changed while the application ran")
@StackTrace(false)
final class StageChangeEvent extends Event {
  static final String NAME = "dev.sunset.StageChange";

  @Label("Rule")
  String rule;

  @Label("Scope")
  @Description("rule: the stage the rule sets; site: the stage one call site runs at (allow lists and baselines"
      + " applied)")
  String scope;

  @Label("Caller Class")
  @Description("The call site's calling class; empty for a rule")
  String callerClass;

  @Label("Caller Method")
  String callerMethod;

  @Label("Line")
  int line;

  @Label("From")
  String from;

  @Label("To")
  String to;

  @Label("Why")
  @Description("What moved it: reload (the rules file was edited), attach (a second attach switched the rules file),"
      + " jmx, schedule (a date was reached), baseline (a baseline file changed) or rollback (a redirected site's"
      + " replacement threw too often there)")
  String cause;
}
