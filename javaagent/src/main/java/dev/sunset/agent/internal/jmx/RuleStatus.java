package dev.sunset.agent.internal.jmx;

import java.beans.ConstructorProperties;

/** One rule as the management interface shows it: its stage, where the stage comes from, and its counts. */
public final class RuleStatus {
  private final String id;
  private final String legacy;
  private final String replacement;
  private final String stage;
  private final String stageSource;
  private final long calls;
  private final int callSites;
  private final int uncalledSites;

  /** A rule's status. */
  @ConstructorProperties({"id", "legacy", "replacement", "stage", "stageSource", "calls", "callSites", "uncalledSites"})
  public RuleStatus(String id, String legacy, String replacement, String stage, String stageSource, long calls,
      int callSites, int uncalledSites) {
    this.id = id;
    this.legacy = legacy;
    this.replacement = replacement;
    this.stage = stage;
    this.stageSource = stageSource;
    this.calls = calls;
    this.callSites = callSites;
    this.uncalledSites = uncalledSites;
  }

  /** The rule id. */
  public String getId() {
    return id;
  }

  /** The legacy member. */
  public String getLegacy() {
    return legacy;
  }

  /** The replacement, or null. */
  public String getReplacement() {
    return replacement;
  }

  /** The stage in force now. */
  public String getStage() {
    return stage;
  }

  /** Where the stage comes from: {@code file}, {@code schedule} or {@code jmx}. */
  public String getStageSource() {
    return stageSource;
  }

  /** Calls counted at all of the rule's sites. */
  public long getCalls() {
    return calls;
  }

  /** Call sites loaded. */
  public int getCallSites() {
    return callSites;
  }

  /** Call sites loaded but never called. */
  public int getUncalledSites() {
    return uncalledSites;
  }
}
