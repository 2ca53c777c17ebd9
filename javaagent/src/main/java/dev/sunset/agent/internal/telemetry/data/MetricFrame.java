package dev.sunset.agent.internal.telemetry.data;

import dev.sunset.agent.internal.registry.ClassUse;
import java.util.List;

/**
 * What Sunset's metrics report at one collection: the points of each instrument, computed from one call-site
 * snapshot so that they agree with each other and with the report.
 *
 * @param calls the points of {@code sunset.legacy.calls}
 * @param callSites the points of {@code sunset.call_sites}
 * @param denyTimes the points of {@code sunset.rule.deny_time}
 * @param overflowedSites how many called sites are counted in overflow series rather than their own
 */
public record MetricFrame(List<CallPoint> calls, List<SitesPoint> callSites, List<DenyTimePoint> denyTimes,
    int overflowedSites) {

  /** Copies the lists. */
  public MetricFrame {
    calls = List.copyOf(calls);
    callSites = List.copyOf(callSites);
    denyTimes = List.copyOf(denyTimes);
  }

  /**
   * The total calls of one call site (or, when {@code overflow}, of every site beyond the cap) of one rule at
   * one stage.
   *
   * @param rule the rule id
   * @param stage the stage the calls ran at
   * @param function the calling class and method, or null on an overflow point
   * @param filePath the source path of the call, or null when unknown or on an overflow point
   * @param line the source line, or 0 when unknown or on an overflow point
   * @param codeSource the calling class's jar or folder, or null on an overflow point
   * @param classUse for a class rule's call site, how it uses the class and which member; null for a method rule's
   *     and on an overflow point
   * @param overflow whether this point sums the call sites beyond the series cap
   * @param value the calls counted since the agent started
   */
  public record CallPoint(String rule, String stage, String function, String filePath, long line,
      String codeSource, ClassUse classUse, boolean overflow, long value) {
    /** The same series' point with another value. */
    public CallPoint withValue(long newValue) {
      return new CallPoint(rule, stage, function, filePath, line, codeSource, classUse, overflow, newValue);
    }
  }

  /**
   * How many call sites of a rule are in one state.
   *
   * @param rule the rule id
   * @param state {@code called} or {@code uncalled}
   * @param value the number of call sites
   */
  public record SitesPoint(String rule, String state, long value) {}

  /**
   * When a rule's schedule moves it to {@code deny}.
   *
   * @param rule the rule id
   * @param epochSecond the start of the deny day (UTC), in seconds since the epoch
   */
  public record DenyTimePoint(String rule, long epochSecond) {}
}
