package dev.sunset.agent.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A legacy call site's first call, with the stack trace of that call. No argument or return value of the call is
 * recorded.
 */
@Name(LegacyCallEvent.NAME)
@Label("Legacy Call")
@Category({"Sunset"})
@Description("The first call of a legacy call site: where it is, the rule it matched and the stage it ran at; the"
    + " stack trace is that call's")
@StackTrace(true)
final class LegacyCallEvent extends Event {
  static final String NAME = "dev.sunset.LegacyCall";

  @Label("Rule")
  @Description("The id of the rule the call matched")
  String rule;

  @Label("Stage")
  @Description("The stage the call ran at: observe, redirect, warn or deny")
  String stage;

  @Label("Legacy Method")
  @Description("The legacy method called, as the rule names it; for a class rule, the class")
  String legacyMethod;

  @Label("Caller Class")
  @Description("The binary name of the calling class")
  String callerClass;

  @Label("Caller Method")
  String callerMethod;

  @Label("Source File")
  @Description("The source file the calling class names, if any")
  String sourceFile;

  @Label("Line")
  @Description("The source line of the call; 0 when the class has no line numbers")
  int line;

  @Label("Code Source")
  @Description("The jar or folder the calling class was loaded from")
  String codeSource;

  @Label("Via")
  @Description("How the call reached the legacy method when no rewritten instruction did: reflection, method-handle,"
      + " method-reference or unrewritten; empty for rewritten calls")
  String via;

  @Label("Site Id")
  @Description("The call site's id in this JVM run, as in Legacy Call Count events")
  int siteId;

  @Label("Use")
  @Description("How the site uses the legacy API: call (every site of a method rule), or for a class rule's site new,"
      + " field-read, field-write, subclass or class-lookup too")
  String use;

  @Label("Member")
  @Description("For a class rule's site, the member it uses: create(java.lang.String), <init>(), a field's name, or"
      + " <class>; empty for a method rule's site, whose Legacy Method it is")
  String member;
}
