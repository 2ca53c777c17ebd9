package dev.sunset.agent.internal.rules;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Decides the stage of one call site from its rule: the rule's stage, moved on by its schedule, and held at
 * {@link Stage#REDIRECT} for call sites on the allow list or in the baseline when the rule is at
 * {@code warn} or {@code deny}.
 */
public final class StageResolver {
  private final Clock clock;
  private final Baselines baselines;

  /** A resolver reading dates from {@code clock} (UTC) and baselines from {@code baselines}. */
  public StageResolver(Clock clock, Baselines baselines) {
    this.clock = clock;
    this.baselines = baselines;
  }

  /** The stage the rule sets today, before allow lists and baselines. */
  public Stage ruleStage(Rule rule) {
    Stage stage = rule.stage();
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    for (Map.Entry<Stage, LocalDate> step : rule.schedule().entrySet()) {
      if (!today.isBefore(step.getValue()) && step.getKey().compareTo(stage) > 0) {
        stage = step.getKey();
      }
    }
    return stage;
  }

  /** The stage of a call site of {@code rule} in this class (binary name), method and line. */
  public Stage stageFor(Rule rule, String className, String methodName, int line) {
    Stage stage = ruleStage(rule);
    if (stage == Stage.WARN || stage == Stage.DENY) {
      for (AllowEntry allow : rule.allow()) {
        if (allow.matches(className, methodName, line)) {
          return Stage.REDIRECT;
        }
      }
      if (rule.baseline() != null && baselines.tolerates(rule.baseline(), rule.id(), className, methodName, line)) {
        return Stage.REDIRECT;
      }
    }
    return stage;
  }

  /** The clock dates are read from. */
  public Clock clock() {
    return clock;
  }
}
