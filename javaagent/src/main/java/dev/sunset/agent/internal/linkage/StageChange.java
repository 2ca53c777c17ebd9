package dev.sunset.agent.internal.linkage;

import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.core.rules.Stage;

/**
 * A stage that changed while the application ran: a rule's (the stage its file, schedule or an operator's override
 * sets), or one call site's (the stage it runs at, allow lists and baselines applied).
 *
 * @param ruleId the rule
 * @param site the call site, or null for the rule's own stage
 * @param from the stage before; never null
 * @param to the stage now; never null
 * @param cause what moved it
 */
public record StageChange(String ruleId, CallSiteInfo site, Stage from, Stage to, Cause cause) {
  /** What moved a stage. */
  public enum Cause {
    /** The rules file was edited and reloaded. */
    RELOAD("reload"),
    /** A second attach switched the rules file. */
    ATTACH("attach"),
    /** An operator set or cleared a stage through JMX. */
    JMX("jmx"),
    /** A date in a rule's schedule was reached. */
    SCHEDULE("schedule"),
    /** A baseline file changed. */
    BASELINE("baseline"),
    /** A redirected site's replacement threw more often than its rule's {@code rollback} allows: it observes now. */
    ROLLBACK("rollback");

    private final String id;

    Cause(String id) {
      this.id = id;
    }

    /** The name tools show: {@code reload}, {@code attach}, {@code jmx}, {@code schedule}, {@code baseline},
     * {@code rollback}. */
    public String id() {
      return id;
    }
  }

  /** Told of every stage change; must be quick and must not throw. */
  public interface Listener {
    /** A stage changed. */
    void onStageChange(StageChange change);
  }
}
