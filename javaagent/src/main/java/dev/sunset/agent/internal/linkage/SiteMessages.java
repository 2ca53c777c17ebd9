package dev.sunset.agent.internal.linkage;

import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.AppLog;
import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.ClassUse;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.Stage;
import java.util.ArrayList;
import java.util.List;

/**
 * What a call site says to people: its warning at {@code warn}, the message of a denied call's exception, and its line
 * for the application's own log. Built from the rule and the class file only, never from an argument or value of the
 * call; shared by the linker (rewritten sites) and the guards (calls caught at the legacy method).
 */
final class SiteMessages {
  /** What {@link AgentLog} takes as a warning: the prefix is its level, not part of the text. */
  private static final String WARN_PREFIX = "WARN ";

  private SiteMessages() {}

  /** The warning's text without the prefix that makes {@link AgentLog} print it as a warning. */
  static String withoutWarnPrefix(String warning) {
    return warning.startsWith(WARN_PREFIX) ? warning.substring(WARN_PREFIX.length()) : warning;
  }

  /**
   * A site's line for the application's log: the message, and the site, rule, legacy method, replacement (when the
   * rule has one) and stage as key-value pairs. Names from the rule and the class file only: no argument or value of
   * the call.
   */
  static AppLog.Line appLine(String message, CallSiteInfo site, RuleSpec rule, Stage stage) {
    List<AppLog.KeyValue> pairs = new ArrayList<>(5);
    pairs.add(new AppLog.KeyValue("site", site.callerForPeople()));
    pairs.add(new AppLog.KeyValue("rule", site.ruleId()));
    pairs.add(new AppLog.KeyValue("legacy", rule == null ? site.legacyMember() : used(site, rule)));
    if (rule != null && rule.replacementForPeople() != null) {
      pairs.add(new AppLog.KeyValue("replacement", rule.replacementForPeople()));
    }
    pairs.add(new AppLog.KeyValue("stage", stage.id()));
    return new AppLog.Line(message, pairs);
  }

  /**
   * What a site uses, as people read it: a method rule's legacy method as written; for a class rule, the class, how it
   * is used and which member, {@code com.acme.Factory (new <init>(int))}.
   */
  static String used(CallSiteInfo site, RuleSpec rule) {
    if (rule == null) {
      return site.ruleId();
    }
    if (!rule.legacy().isClass()) {
      return rule.legacyText();
    }
    ClassUse use = site.classUse();
    return rule.legacyText() + (use == null ? "" : " (" + use.forPeople() + ")");
  }

  /** A site's warning at {@code warn}, once per site: where the call is, what it calls, and what to use instead. */
  static String warning(CallSiteInfo site, RuleSpec rule) {
    StringBuilder sb = new StringBuilder(WARN_PREFIX + (site.reach().isUse() ? "legacy use " : "legacy call "));
    sb.append(used(site, rule)).append(" from ").append(site.callerForPeople())
        .append(" in ").append(site.codeSource());
    if (site.reach().via() != null) {
      sb.append(" (via ").append(site.reach().via()).append(")");
    }
    sb.append(" [rule ").append(site.ruleId()).append("]");
    if (rule != null && rule.replacementForPeople() != null) {
      sb.append(": use ").append(rule.replacementForPeople());
    }
    if (rule != null && !rule.message().isEmpty()) {
      sb.append(" - ").append(rule.message());
    }
    return sb.toString();
  }

  /** The message of the exception a denied call throws: who called what, and what to use instead. */
  static String denial(CallSiteInfo site, RuleSpec rule) {
    StringBuilder sb = new StringBuilder("legacy call denied by rule ").append(site.ruleId()).append(": ")
        .append(site.callerForPeople()).append(site.reach().isUse() ? " used " : " called ").append(used(site, rule));
    if (rule.replacementForPeople() != null) {
      sb.append("; use ").append(rule.replacementForPeople());
    }
    if (!rule.message().isEmpty()) {
      sb.append(" (").append(rule.message()).append(")");
    }
    return sb.toString();
  }
}
