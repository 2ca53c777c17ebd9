package dev.sunset.agent.internal.jmx;

import java.util.List;

/**
 * The management interface registered as {@code dev.sunset:type=Rules}: lists the rules with their stages
 * and counts, and sets a rule's stage while the application runs (from jconsole, jmxterm or code).
 */
public interface RulesControlMXBean {
  /** Every rule in force with its stage and counts. */
  List<RuleStatus> getRules();

  /**
   * Every call counted so far, by call site id (index {@code i} is the site whose {@link CallSiteEntry#getId()} is
   * {@code i}; ids not used count 0), summed over stages and threads. Read-only and cheap: the counters summed, no
   * report built; what {@code sunset-junit} reads at each test's start and end to attribute calls to tests.
   */
  long[] getCallCounts();

  /**
   * Every call site registered so far, in id order: where it is, its rule, and what it uses (for a class rule's site,
   * how and which member); never any call's values.
   */
  List<CallSiteEntry> getCallSites();

  /**
   * Sets a rule's stage ({@code observe}, {@code redirect}, {@code warn} or {@code deny}); its call sites
   * are relinked at once. The override lasts until cleared or until the rules file changes that rule's
   * stage or schedule.
   *
   * @return what was done, in one line
   * @throws IllegalArgumentException if the rule or the stage does not exist, or the stage needs a
   *     replacement the rule lacks
   */
  String setStage(String ruleId, String stage);

  /** Drops an override set by {@link #setStage}; returns what was done, in one line. */
  String clearStage(String ruleId);

  /**
   * Ends the rollbacks of a rule's call sites (sites whose replacement threw more often than the rule's
   * {@code rollback} allows, and that observe since): they go back to the rule's stage at once, and their errors are
   * judged afresh from then on.
   *
   * @return what was done, in one line
   * @throws IllegalArgumentException if the rule does not exist
   */
  String resetRollback(String ruleId);
}
