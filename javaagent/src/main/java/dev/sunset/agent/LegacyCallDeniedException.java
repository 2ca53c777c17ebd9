package dev.sunset.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Thrown in place of a legacy call whose rule is at the {@code deny} stage for that call site.
 *
 * <p>The message names the rule, the calling class, method and line, and the replacement to use.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public class LegacyCallDeniedException extends UnsupportedOperationException {
  private static final long serialVersionUID = 1L;

  private final String ruleId;

  /** Creates the exception for a denied call under {@code ruleId}. */
  public LegacyCallDeniedException(String ruleId, String message) {
    super(message);
    this.ruleId = ruleId;
  }

  /** The id of the rule that denied the call. */
  public String ruleId() {
    return ruleId;
  }
}
