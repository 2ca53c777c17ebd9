package dev.sunset.agent.internal.jmx;

import java.beans.ConstructorProperties;

/**
 * One rule as the management interface shows it: where it is written, its stage, where the stage comes from, and its
 * counts.
 */
public final class RuleStatus {
  private final String id;
  private final String legacy;
  private final String replacement;
  private final String stage;
  private final String stageSource;
  private final long calls;
  private final int callSites;
  private final int uncalledSites;
  private final String rulesFile;

  /** A rule's status. */
  @ConstructorProperties({"id", "legacy", "replacement", "stage", "stageSource", "calls", "callSites", "uncalledSites",
      "rulesFile"})
  public RuleStatus(String id, String legacy, String replacement, String stage, String stageSource, long calls,
      int callSites, int uncalledSites, String rulesFile) {
    this.id = id;
    this.legacy = legacy;
    this.replacement = replacement;
    this.stage = stage;
    this.stageSource = stageSource;
    this.calls = calls;
    this.callSites = callSites;
    this.uncalledSites = uncalledSites;
    this.rulesFile = rulesFile;
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

  /**
   * The rules file the rule is written in: the agent's {@code rules=} file, or the {@code META-INF/sunset/rules.yaml}
   * a jar ships ({@code jar:file:/app/lib/sunset-shim.jar!/META-INF/sunset/rules.yaml}).
   */
  public String getRulesFile() {
    return rulesFile;
  }
}
