package dev.sunset.agent.internal.report;

import dev.sunset.agent.internal.linkage.CallSiteLinker;
import dev.sunset.agent.internal.registry.CallCounters;
import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.CallSiteRegistry;
import dev.sunset.agent.internal.rules.Rule;
import dev.sunset.agent.internal.rules.RuleBook;
import dev.sunset.agent.internal.rules.Stage;
import dev.sunset.agent.internal.rules.StageResolver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The state of every call site at one instant: where it is, its rule, the stage it runs at now, and its
 * exact counts by stage. Reports, the stderr table and telemetry are all written from snapshots.
 */
public final class CallSiteSnapshot {
  /** One call site in a snapshot. */
  public static final class Site {
    private final CallSiteInfo info;
    private final Stage stage;
    private final Map<Stage, Long> counts;
    private final long total;

    Site(CallSiteInfo info, Stage stage, Map<Stage, Long> counts) {
      this.info = info;
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
  }

  private final Instant takenAt;
  private final List<Rule> rules;
  private final Map<String, Stage> ruleStages;
  private final List<Site> sites;

  private CallSiteSnapshot(Instant takenAt, List<Rule> rules, Map<String, Stage> ruleStages, List<Site> sites) {
    this.takenAt = takenAt;
    this.rules = rules;
    this.ruleStages = ruleStages;
    this.sites = sites;
  }

  /** Takes a snapshot now. */
  public static CallSiteSnapshot take(CallSiteRegistry registry, CallCounters counters, RuleBook rules,
      StageResolver stages, CallSiteLinker linker) {
    List<CallSiteInfo> infos = registry.all();
    long[] totals = counters.snapshot(registry.idsReserved() * Stage.COUNT);
    List<Site> sites = new ArrayList<>(infos.size());
    for (CallSiteInfo info : infos) {
      Map<Stage, Long> counts = new EnumMap<>(Stage.class);
      for (Stage s : Stage.values()) {
        long c = totals[CallSiteLinker.slot(info.id(), s)];
        if (c != 0) {
          counts.put(s, c);
        }
      }
      sites.add(new Site(info, linker.currentStage(info), counts));
    }
    sites.sort(Comparator.comparing((Site s) -> s.info.ruleId()).thenComparing(s -> s.info.className())
        .thenComparingInt(s -> s.info.line()).thenComparingInt(s -> s.info.id()));
    List<Rule> ruleList = List.copyOf(rules.all());
    Map<String, Stage> ruleStages = new java.util.LinkedHashMap<>();
    for (Rule r : ruleList) {
      ruleStages.put(r.id(), stages.ruleStage(r));
    }
    return new CallSiteSnapshot(Instant.now(), ruleList, ruleStages, List.copyOf(sites));
  }

  /** When the snapshot was taken. */
  public Instant takenAt() {
    return takenAt;
  }

  /** The rules in force. */
  public List<Rule> rules() {
    return rules;
  }

  /** The stage each rule sets now (its schedule applied), by rule id. */
  public Map<String, Stage> ruleStages() {
    return ruleStages;
  }

  /** Every call site, by rule, class and line. */
  public List<Site> sites() {
    return sites;
  }
}
