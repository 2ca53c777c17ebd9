package dev.sunset.agent.internal;

import dev.sunset.agent.internal.linkage.CallSiteLinker;
import dev.sunset.agent.internal.linkage.LegacyGuards;
import dev.sunset.agent.internal.linkage.Rollbacks;
import dev.sunset.agent.internal.linkage.StageChange;
import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.registry.CallCounters;
import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.CallSiteRegistry;
import dev.sunset.agent.internal.registry.CounterSlots;
import dev.sunset.agent.internal.registry.SiteStages;
import dev.sunset.agent.internal.rules.Baselines;
import dev.sunset.agent.internal.rules.RulesInForce;
import dev.sunset.agent.internal.rules.StageResolver;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.Stage;
import dev.sunset.core.text.Counted;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps every site at the stage its rule gives it as things change: the rules (a reload, an attach), a baseline file,
 * the date, an operator through JMX, a rollback. Each change relinks the sites and the guards and tells the stage
 * changes; one change at a time (this object's lock).
 */
final class StageKeeper {
  private final RulesInForce rules;
  private final StageResolver stages;
  private final SiteStages siteStages;
  private final Baselines baselines;
  private final CallSiteRegistry registry;
  private final CallCounters counters;
  private final CallSiteLinker linker;
  private final LegacyGuards guards;
  /** Each rule's stage as last seen, to tell its changes (guarded by {@code this}). */
  private final Map<String, Stage> ruleStagesSeen = new HashMap<>();
  /** Only the agent's thread reads and writes it. */
  private LocalDate lastEvaluatedDay;

  StageKeeper(RulesInForce rules, SiteStages siteStages, Baselines baselines, CallSiteRegistry registry,
      CallCounters counters, CallSiteLinker linker, LegacyGuards guards) {
    this.rules = rules;
    this.stages = siteStages.rules();
    this.siteStages = siteStages;
    this.baselines = baselines;
    this.registry = registry;
    this.counters = counters;
    this.linker = linker;
    this.guards = guards;
    this.lastEvaluatedDay = stages.today();
  }

  /** Notes the stage of each rule not seen before, so that its later changes can be told. */
  synchronized void noteRuleStages() {
    for (RuleSpec r : rules.all()) {
      if (!ruleStagesSeen.containsKey(r.id())) {
        ruleStagesSeen.put(r.id(), stages.ruleStage(r));
      }
    }
  }

  /** The rules in force changed (a reload, an attach): relinks every site; returns how many were relinked. */
  synchronized int rulesChanged(StageChange.Cause cause) {
    linker.rulesChanged();
    return relinkAll(cause);
  }

  /** Moves sites to a new stage when a baseline file changed or the date moved on. */
  void checkBaselinesAndDate() {
    noteRuleStages();
    boolean baselinesChanged = baselines.refresh();
    LocalDate today = stages.today();
    boolean newDay = !today.equals(lastEvaluatedDay);
    lastEvaluatedDay = today;
    if (baselinesChanged || newDay) {
      int relinked;
      synchronized (this) {
        relinked = relinkAll(newDay ? StageChange.Cause.SCHEDULE : StageChange.Cause.BASELINE);
      }
      if (relinked > 0) {
        AgentLog.info((newDay ? "date is now " + today : "a baseline changed") + "; "
            + Counted.of(relinked, "call site") + " moved to a new stage");
      }
    }
  }

  /**
   * Rolls back to {@code observe} each redirected site whose replacement threw more often than its rule's
   * {@code rollback} allows within its window, and says so once per rollback. Off the call path: the errors, then the
   * counters, are read as sums, and only when some site is watched.
   */
  void judgeRollbacks() {
    Rollbacks rollbacks = linker.rollbacks();
    if (!rollbacks.watching()) {
      return;
    }
    Map<Integer, Long> errors = rollbacks.errorsNow(); // first: every error read has its call counted
    long[] totals = counters.snapshot(CounterSlots.slots(registry.idsReserved()));
    for (Rollbacks.Verdict v : rollbacks.judge(errors, totals, Instant.now(), siteStages::specOf)) {
      synchronized (this) {
        linker.relinkSite(v.site(), StageChange.Cause.ROLLBACK);
      }
      AgentLog.info("rule '" + v.rule().id() + "': " + v.site().callerForPeople() + " rolled back to observe: "
          + v.rolledBack().reason() + "; the legacy method runs there until the rule changes or JMX resetRollback");
    }
  }

  /** Sets or (with null) clears a rule's stage override (JMX) and relinks; returns the sites relinked. */
  synchronized int overrideStage(String ruleId, Stage stage) {
    if (stage == null) {
      stages.clearOverride(ruleId);
    } else {
      stages.override(ruleId, stage);
    }
    int relinked = relinkAll(StageChange.Cause.JMX);
    AgentLog.info("rule '" + ruleId + "' " + (stage == null ? "override cleared" : "set to " + stage.id())
        + " through JMX; " + Counted.of(relinked, "call site") + " relinked");
    return relinked;
  }

  /** Ends the rollbacks of a rule's sites (JMX) and relinks them; returns how many. */
  synchronized int resetRollback(String ruleId) {
    List<CallSiteInfo> reset = siteStages.rolledBackSites().reset(ruleId, registry.all());
    for (CallSiteInfo site : reset) {
      linker.relinkSite(site, StageChange.Cause.JMX);
    }
    AgentLog.info("rule '" + ruleId + "': rollback reset through JMX; " + Counted.of(reset.size(), "call site")
        + " back at the rule's stage");
    return reset.size();
  }

  /** Brings every site to the stage its rule now gives it, telling the stage changes moved by {@code cause}. */
  private int relinkAll(StageChange.Cause cause) {
    tellRuleStageChanges(cause);
    guards.stagesChanged(cause);
    return linker.relinkAll(cause);
  }

  /** Tells each rule's stage change since it was last seen (a rule added or removed is no change of stage). */
  private void tellRuleStageChanges(StageChange.Cause cause) {
    for (RuleSpec r : rules.all()) {
      Stage now = stages.ruleStage(r);
      Stage before = ruleStagesSeen.put(r.id(), now);
      if (before != null && before != now) {
        linker.tellStageChange(new StageChange(r.id(), null, before, now, cause));
      }
    }
  }
}
