package dev.sunset.agent.internal.jmx;

import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.CallSiteSnapshot;
import dev.sunset.agent.internal.registry.ClassUse;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.Stage;
import dev.sunset.core.text.Counted;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.ObjectName;

/** The {@code dev.sunset:type=Rules} MBean, backed by the running agent. */
public final class RulesControl implements RulesControlMXBean {
  /** The MBean's name. */
  public static final String OBJECT_NAME = "dev.sunset:type=Rules";

  /** What the MBean needs of the running agent. */
  public interface Agent {
    /** A snapshot of every call site. */
    CallSiteSnapshot snapshot();

    /** Every call counted so far, by call site id, summed over stages. */
    long[] callCountsBySite();

    /** Every call site registered so far, in id order. */
    List<CallSiteInfo> callSites();

    /** Sets or (with null) clears a rule's stage override and relinks; returns the sites relinked. */
    int overrideStage(String ruleId, Stage stage);

    /** The rule in force with this id, or null. */
    RuleSpec rule(String ruleId);

    /** Where a rule's stage comes from now. */
    String stageSource(RuleSpec rule);

    /** Ends the rollbacks of a rule's call sites and relinks them; returns the sites whose rollback ended. */
    int resetRollback(String ruleId);
  }

  private final Agent agent;

  private RulesControl(Agent agent) {
    this.agent = agent;
  }

  /** Registers the MBean on the platform MBean server. */
  public static void register(Agent agent) throws Exception {
    ManagementFactory.getPlatformMBeanServer().registerMBean(new RulesControl(agent), new ObjectName(OBJECT_NAME));
  }

  @Override
  public List<RuleStatus> getRules() {
    CallSiteSnapshot snapshot = agent.snapshot();
    List<RuleStatus> list = new ArrayList<>();
    for (RuleSpec rule : snapshot.rules()) {
      long calls = 0;
      int sites = 0;
      int uncalled = 0;
      for (CallSiteSnapshot.Site s : snapshot.sites()) {
        if (s.info().ruleId().equals(rule.id())) {
          sites++;
          calls += s.total();
          if (s.total() == 0) {
            uncalled++;
          }
        }
      }
      list.add(new RuleStatus(rule.id(), rule.legacyText(), rule.replacementText(),
          snapshot.ruleStages().get(rule.id()).id(), agent.stageSource(rule), calls, sites, uncalled,
          rule.source().label()));
    }
    return list;
  }

  @Override
  public long[] getCallCounts() {
    return agent.callCountsBySite();
  }

  @Override
  public List<CallSiteEntry> getCallSites() {
    List<CallSiteEntry> list = new ArrayList<>();
    for (CallSiteInfo s : agent.callSites()) {
      ClassUse use = s.classUse();
      list.add(new CallSiteEntry(s.id(), s.ruleId(), s.className(), s.methodName(), s.methodDescriptor(),
          s.sourceFile(), s.line(), s.reach().via(), s.reach().use().id(), use == null ? null : use.member()));
    }
    return list;
  }

  @Override
  public String setStage(String ruleId, String stage) {
    RuleSpec rule = requireRule(ruleId);
    Stage s = Stage.parse(stage);
    if (s == null) {
      throw new IllegalArgumentException("unknown stage '" + stage + "' (known: observe, redirect, warn, deny)");
    }
    // a class rule without an adapter class warns while its legacy class runs, and cannot redirect; with one, its uses
    // that have a counterpart there redirect, the others observe (the adapter is its library side: no site in it)
    if (s.runsReplacement() && !rule.hasReplacement() && !(s == Stage.WARN && rule.legacy().isClass())) {
      throw new IllegalArgumentException("rule '" + ruleId + "' has no replacement, so it cannot " + s.id());
    }
    int relinked = agent.overrideStage(ruleId, s);
    return "rule '" + ruleId + "' set to " + s.id() + " by JMX; " + Counted.of(relinked, "call site") + " relinked";
  }

  @Override
  public String clearStage(String ruleId) {
    requireRule(ruleId);
    int relinked = agent.overrideStage(ruleId, null);
    return "rule '" + ruleId + "' back to its file's stage and schedule; " + Counted.of(relinked, "call site") + " relinked";
  }

  @Override
  public String resetRollback(String ruleId) {
    requireRule(ruleId);
    int reset = agent.resetRollback(ruleId);
    return "rule '" + ruleId + "': " + (reset == 0 ? "no call site had rolled back"
        : Counted.of(reset, "call site") + " back at the rule's stage, judged afresh");
  }

  private RuleSpec requireRule(String ruleId) {
    RuleSpec rule = agent.rule(ruleId);
    if (rule == null) {
      throw new IllegalArgumentException("no rule '" + ruleId + "'");
    }
    return rule;
  }
}
