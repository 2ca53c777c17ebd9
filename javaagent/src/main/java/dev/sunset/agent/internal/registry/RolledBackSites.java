package dev.sunset.agent.internal.registry;

import dev.sunset.core.rules.RuleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sites rolled back to {@code observe}, by site id: written by the linkage's judge of rollbacks, read by whoever
 * asks a site's stage (the linker, the guards, snapshots). Few sites ever roll back, so they are kept in a map beside
 * the sites rather than in a field of each (docs/benchmarks.md, "Memory per site").
 */
public final class RolledBackSites {
  private final Map<Integer, RolledBack> rolledBack = new ConcurrentHashMap<>();

  /** The site's rollback, while it holds for {@code rule} (the rule in force there now); else null. */
  public RolledBack rolledBack(CallSiteInfo site, RuleSpec rule) {
    RolledBack r = rolledBack.get(site.id());
    return r != null && rule != null && r.rule().sameDefinition(rule) ? r : null;
  }

  /** Records that a site rolled back. */
  public void rollBack(CallSiteInfo site, RolledBack rolledBack) {
    this.rolledBack.put(site.id(), rolledBack);
  }

  /** Forgets a site's rollback if it no longer holds for {@code rule}, the rule in force there now (null: none). */
  public void forgetUnless(CallSiteInfo site, RuleSpec rule) {
    RolledBack r = rolledBack.get(site.id());
    if (r != null && (rule == null || !r.rule().sameDefinition(rule))) {
      rolledBack.remove(site.id(), r);
    }
  }

  /** Ends the rollbacks of a rule's sites (JMX); returns the sites it ends. */
  public List<CallSiteInfo> reset(String ruleId, List<CallSiteInfo> sites) {
    List<CallSiteInfo> reset = new ArrayList<>();
    for (CallSiteInfo site : sites) {
      if (site.ruleId().equals(ruleId) && rolledBack.remove(site.id()) != null) {
        reset.add(site);
      }
    }
    return reset;
  }
}
