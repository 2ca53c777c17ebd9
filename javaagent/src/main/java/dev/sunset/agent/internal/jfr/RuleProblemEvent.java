package dev.sunset.agent.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timestamp;

/** A problem with a rules file or one of its rules: the agent's one line for it, in parts. */
@Name(RuleProblemEvent.NAME)
@Label("Rule Problem")
@Category({"Sunset"})
@Description("A problem with a rules file or one of its rules, as the agent's line on standard error says it")
@StackTrace(false)
final class RuleProblemEvent extends Event {
  static final String NAME = "dev.sunset.RuleProblem";

  @Label("Rules File")
  @Description("The file's path, or the resource URL of rules a jar ships")
  String rulesFile;

  @Label("Line")
  @Description("The line in the file; 0 when unknown")
  int line;

  @Label("Rule")
  @Description("The rule's id; empty for a problem with the whole file")
  String rule;

  @Label("Kind")
  @Description("file: no rule is read from the file; rule: this rule is refused, the others apply; resolution: the rule"
      + " does not apply in one class loader")
  String kind;

  @Label("Edit Refused")
  @Description("Whether an edit of the rules file was refused for this problem: the rules in force stay as they were")
  boolean editRefused;

  @Label("Where")
  @Description("The class loader a resolution problem is about")
  String where;

  @Label("Problem")
  String problem;

  @Label("Found At")
  @Description("When the agent found it: earlier than the event when found before the recording started")
  @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
  long foundAt;
}
