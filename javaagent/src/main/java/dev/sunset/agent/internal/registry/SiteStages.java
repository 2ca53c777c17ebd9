package dev.sunset.agent.internal.registry;

import dev.sunset.agent.internal.rules.LoaderRules;
import dev.sunset.agent.internal.rules.StageResolver;
import dev.sunset.core.resolve.ResolvedRule;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.Stage;

/**
 * The stage each site runs at: the one it is linked at, or the one its rule gives it now (schedule, JMX, allow list and
 * baseline applied, then the exceptions below). The linker links by it, the guards count by it and snapshots read it,
 * so that all three agree and a snapshot never asks the linker.
 */
public final class SiteStages {
  private final StageResolver stages;
  private final RolledBackSites rolledBack;

  /** The stages of sites under the rules {@code stages} resolves, with the rollbacks of {@code rolledBack}. */
  public SiteStages(StageResolver stages, RolledBackSites rolledBack) {
    this.stages = stages;
    this.rolledBack = rolledBack;
  }

  /** The rules' stages, as their schedules and JMX set them. */
  public StageResolver rules() {
    return stages;
  }

  /** The sites rolled back. */
  public RolledBackSites rolledBackSites() {
    return rolledBack;
  }

  /** The rule in force at a site, or null: its loader's rules no longer hold it, or it now names another member. */
  public ResolvedRule ruleOf(CallSiteInfo site) {
    ResolvedRule rule = site.scope() == null ? null : site.scope().resolved(site.ruleId(), site.legacyMember());
    return rule != null && rule.legacy().hasKey(site.legacyMember()) ? rule : null;
  }

  /** The rule in force at a site, as its file states it, or null. */
  public RuleSpec specOf(CallSiteInfo site) {
    ResolvedRule rule = ruleOf(site);
    return rule == null ? null : rule.spec();
  }

  /**
   * The stage a site runs at: the stage it is linked at, or, if it has not run yet (or is caught at the legacy
   * method), the stage it would be linked at now; null if its rule is gone.
   */
  public Stage currentStage(CallSiteInfo site) {
    ResolvedRule rule = ruleOf(site);
    if (rule == null) {
      return null;
    }
    Stage linked = site.linkedCallSite() == null ? null : site.linkedStage();
    return linked != null ? linked : stageFor(rule, site);
  }

  /**
   * The stage a site of {@code rule} runs at now: its rule's (schedule, JMX, allow list and baseline applied), except
   * that a site in a replacement class runs the legacy body rather than another replacement
   * ({@link LoaderRules#isReplacementClass}), and that a site rolled back observes.
   */
  public Stage stageFor(ResolvedRule rule, CallSiteInfo site) {
    Stage stage = stages.stageFor(rule.spec(), site.useKey());
    if (stage == Stage.REDIRECT && !redirects(rule, site)) {
      return Stage.OBSERVE; // a class rule's use without a counterpart, or only counted: nothing to redirect to
    }
    if (stage.runsReplacement() && rule.spec().rollback() != null && rolledBack.rolledBack(site, rule.spec()) != null) {
      return Stage.OBSERVE; // its replacement threw too often there: the legacy method runs again
    }
    return stage.runsReplacement() && site.scope() != null && site.scope().isReplacementClass(site.className())
        ? Stage.OBSERVE : stage;
  }

  /**
   * Whether the site can run something instead of the legacy member: its use has a replacement (a method rule's, or a
   * counterpart in a class rule's adapter: {@link ResolvedRule#replacementFor}) and its instruction is not only counted
   * ({@link Reach#countsOnly()}: a {@code new} that could not be replaced, a field access that had no counterpart when
   * its class loaded, a subclass, a lookup by name).
   */
  public static boolean redirects(ResolvedRule rule, CallSiteInfo site) {
    return !site.reach().countsOnly() && rule.redirects(site.reach().use());
  }

  /** A site's rollback while it holds, or null. */
  public RolledBack rolledBack(CallSiteInfo site) {
    ResolvedRule rule = ruleOf(site);
    return rule == null || rule.spec().rollback() == null ? null : rolledBack.rolledBack(site, rule.spec());
  }
}
