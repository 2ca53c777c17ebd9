package dev.sunset.agent.internal.registry;

import dev.sunset.agent.internal.rules.RuleResolutions.ResolvedAt;
import dev.sunset.agent.internal.rules.RuleResolutions;
import dev.sunset.agent.internal.rules.RulesInForce;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of every call site at one instant: where it is, its rule, the stage it runs at now, and its
 * exact counts by stage; and of every rule: its stage and where it resolved. Reports, the stderr table and
 * telemetry are all written from snapshots.
 */
public final class CallSiteSnapshot {
  /** One call site in a snapshot. */
  public static final class Site {
    private final CallSiteInfo info;
    private final Stage stage;
    private final Map<Stage, Long> counts;
    private final long total;
    private final RolledBack rolledBack;

    Site(CallSiteInfo info, Stage stage, Map<Stage, Long> counts, RolledBack rolledBack) {
      this.info = info;
      this.rolledBack = rolledBack;
      this.stage = stage;
      this.counts = Collections.unmodifiableMap(counts);
      long sum = 0;
      for (long c : counts.values()) {
        sum += c;
      }
      this.total = sum;
    }

    /** Where the site is and which rule it matched. */
    public CallSiteInfo info() {
      return info;
    }

    /** The stage the site runs at now, or null if its rule is no longer in force. */
    public Stage stage() {
      return stage;
    }

    /** Calls by the stage they ran at; stages with no calls are absent. */
    public Map<Stage, Long> counts() {
      return counts;
    }

    /** All calls. */
    public long total() {
      return total;
    }

    /** The site's rollback to {@code observe} while it holds, or null. */
    public RolledBack rolledBack() {
      return rolledBack;
    }
  }

  /**
   * Where a rule resolved, and how far it got; for a class rule with an adapter, its members without a counterpart.
   */
  public record Resolution(RuleResolutions.Status status, List<ResolvedAt> resolvedAt, List<String> withoutCounterpart) {
    /** A rule's resolution that names no member without a counterpart. */
    public Resolution(RuleResolutions.Status status, List<ResolvedAt> resolvedAt) {
      this(status, resolvedAt, List.of());
    }
  }

  /**
   * The JVM run a snapshot was taken in, as the report's {@code runs} gives it.
   *
   * @param id unique to this JVM run, the same in every report of the run
   * @param pid the process id
   * @param jvmStartedAt when the JVM started, or null when the system does not say
   * @param agentStartedAt when {@code premain} or {@code agentmain} ran
   * @param attachedLate whether the agent was attached to a running JVM ({@code agentmain})
   * @param lastReportAt when this report was written (the snapshot's time)
   * @param exitReport whether this is the report written at exit once every application shutdown hook had ended,
   *     so that it counts every call of the run; false for periodic reports
   */
  public record Run(String id, long pid, Instant jvmStartedAt, Instant agentStartedAt, boolean attachedLate,
      Instant lastReportAt, boolean exitReport) {}

  private final Instant takenAt;
  private final Run run;
  private final List<RuleSpec> rules;
  private final Map<String, Stage> ruleStages;
  private final Map<String, Resolution> resolutions;
  private final List<Site> sites;

  private CallSiteSnapshot(Instant takenAt, Run run, List<RuleSpec> rules, Map<String, Stage> ruleStages,
      Map<String, Resolution> resolutions, List<Site> sites) {
    this.takenAt = takenAt;
    this.run = run;
    this.rules = rules;
    this.ruleStages = ruleStages;
    this.resolutions = resolutions;
    this.sites = sites;
  }

  /** Takes a snapshot now, of no known run (tests, telemetry benchmarks). */
  public static CallSiteSnapshot take(CallSiteRegistry registry, CallCounters counters, RulesInForce rules,
      SiteStages stages) {
    return take(registry, counters, rules, stages, null, false);
  }

  /**
   * Takes a snapshot now, in {@code run} (null: unknown); {@code exitReport}: for the report written at exit, once
   * the application's shutdown hooks have ended.
   */
  public static CallSiteSnapshot take(CallSiteRegistry registry, CallCounters counters, RulesInForce rules,
      SiteStages stages, ThisRun run, boolean exitReport) {
    List<CallSiteInfo> infos = registry.inReportOrder();
    long[] totals = counters.snapshot(CounterSlots.slots(registry.idsReserved()));
    List<Site> sites = new ArrayList<>(infos.size());
    for (CallSiteInfo info : infos) {
      Map<Stage, Long> counts = new EnumMap<>(Stage.class);
      for (Stage s : Stage.values()) {
        long c = totals[CounterSlots.slot(info.id(), s)];
        if (c != 0) {
          counts.put(s, c);
        }
      }
      sites.add(new Site(info, stages.currentStage(info), counts, stages.rolledBack(info)));
    }
    List<RuleSpec> ruleList = rules.all();
    Map<String, Stage> ruleStages = new LinkedHashMap<>();
    Map<String, Resolution> resolutions = new LinkedHashMap<>();
    for (RuleSpec r : ruleList) {
      ruleStages.put(r.id(), stages.rules().ruleStage(r));
      resolutions.put(r.id(), new Resolution(rules.resolutions().status(r.id()), rules.resolutions().resolvedAt(r.id()),
          rules.resolutions().withoutCounterpart(r.id())));
    }
    Instant now = Instant.now();
    return new CallSiteSnapshot(now, run == null ? null : run.at(now, exitReport), ruleList, ruleStages, resolutions,
        List.copyOf(sites));
  }

  /** A snapshot of given parts (tests). */
  public static CallSiteSnapshot of(Instant takenAt, List<RuleSpec> rules, Map<String, Stage> ruleStages,
      List<Site> sites) {
    Map<String, Resolution> none = new LinkedHashMap<>();
    for (RuleSpec r : rules) {
      none.put(r.id(), new Resolution(RuleResolutions.Status.UNRESOLVED, List.of()));
    }
    return new CallSiteSnapshot(takenAt, null, List.copyOf(rules), Map.copyOf(ruleStages), none, List.copyOf(sites));
  }

  /** This snapshot, as taken in {@code run} (tests). */
  public CallSiteSnapshot in(Run run) {
    return new CallSiteSnapshot(takenAt, run, rules, ruleStages, resolutions, sites);
  }

  /** A site of a snapshot made of given parts (tests). */
  public static Site site(CallSiteInfo info, Stage stage, Map<Stage, Long> counts) {
    return new Site(info, stage, new EnumMap<>(counts.isEmpty() ? Map.of() : counts), null);
  }

  /** When the snapshot was taken. */
  public Instant takenAt() {
    return takenAt;
  }

  /** The run the snapshot was taken in, or null when unknown. */
  public Run run() {
    return run;
  }

  /** The rules known. */
  public List<RuleSpec> rules() {
    return rules;
  }

  /** The stage each rule sets now (its schedule applied), by rule id. */
  public Map<String, Stage> ruleStages() {
    return ruleStages;
  }

  /** Where a rule resolved. */
  public Resolution resolution(String ruleId) {
    return resolutions.getOrDefault(ruleId, new Resolution(RuleResolutions.Status.UNRESOLVED, List.of()));
  }

  /** Every call site, by rule, class and line. */
  public List<Site> sites() {
    return sites;
  }
}
