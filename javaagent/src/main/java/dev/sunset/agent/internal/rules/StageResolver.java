package dev.sunset.agent.internal.rules;

import dev.sunset.core.report.SiteKey;
import dev.sunset.core.report.UseKey;
import dev.sunset.core.rules.AllowEntry;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.Stage;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides the stage of one call site from its rule: the rule's stage, moved on by its schedule, and held back for call
 * sites on the allow list or in the baseline (which lists uses: {@link Baselines}) when the rule is at {@code warn} or
 * {@code deny}: at {@link Stage#REDIRECT} for a method rule and a class rule with an adapter class (the linker keeps a
 * use without a counterpart at {@code observe}), at {@link Stage#OBSERVE} for a class rule without one (it has nothing
 * to redirect to).
 */
public final class StageResolver {
  private final Clock clock;
  private final Baselines baselines;
  private final Map<String, Stage> overrides = new ConcurrentHashMap<>();

  /** A resolver reading dates from {@code clock} (UTC) and baselines from {@code baselines}. */
  public StageResolver(Clock clock, Baselines baselines) {
    this.clock = clock;
    this.baselines = baselines;
  }

  /** Sets a rule's stage until it is cleared or the rule's stage or schedule changes in its file. */
  public void override(String ruleId, Stage stage) {
    overrides.put(ruleId, stage);
  }

  /** Removes an override; returns whether there was one. */
  public boolean clearOverride(String ruleId) {
    return overrides.remove(ruleId) != null;
  }

  /** The stage set by an operator for a rule, or null. */
  public Stage overrideOf(String ruleId) {
    return overrides.get(ruleId);
  }

  /** Today's date in UTC by this resolver's clock. */
  public LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /** The stage the rule sets today, before allow lists and baselines: an operator's override, else its schedule. */
  public Stage ruleStage(RuleSpec rule) {
    Stage override = overrides.get(rule.id());
    if (override != null) {
      return override;
    }
    Stage stage = rule.stage();
    LocalDate today = today();
    for (Map.Entry<Stage, LocalDate> step : rule.schedule().entrySet()) {
      if (!today.isBefore(step.getValue()) && step.getKey().compareTo(stage) > 0) {
        stage = step.getKey();
      }
    }
    return stage;
  }

  /**
   * The stage of a call site of {@code rule}: at its class (binary name), method and line, with its use and, for a
   * class rule's site, its member. The allow list names places (every use there is allowed); the baseline lists uses.
   */
  public Stage stageFor(RuleSpec rule, UseKey site) {
    Stage stage = ruleStage(rule);
    if (stage == Stage.WARN || stage == Stage.DENY) {
      Stage tolerated = rule.hasReplacement() ? Stage.REDIRECT : Stage.OBSERVE;
      SiteKey at = site.site();
      for (AllowEntry allow : rule.allow()) {
        if (allow.matches(at.className(), at.method(), at.line())) {
          return tolerated;
        }
      }
      if (rule.baseline() != null && baselines.tolerates(rule.baseline(), site)) {
        return tolerated;
      }
    }
    return stage;
  }
}
