package dev.sunset.agent.internal;

import dev.sunset.agent.internal.registry.CallCounters;
import dev.sunset.agent.internal.registry.CallSiteRegistry;
import dev.sunset.agent.internal.registry.CallSiteSnapshot;
import dev.sunset.agent.internal.registry.CounterSlots;
import dev.sunset.agent.internal.registry.SiteStages;
import dev.sunset.agent.internal.registry.ThisRun;
import dev.sunset.agent.internal.rules.RulesInForce;
import java.util.function.Supplier;

/**
 * Snapshots of one runtime's sites, for its report, telemetry, JFR and JMX: a class rather than a method reference,
 * so that start-up spins no lambda.
 */
final class SiteSnapshots implements Supplier<CallSiteSnapshot> {
  private final CallSiteRegistry registry;
  private final CallCounters counters;
  private final RulesInForce rules;
  private final SiteStages stages;
  private final ThisRun run;

  SiteSnapshots(CallSiteRegistry registry, CallCounters counters, RulesInForce rules, SiteStages stages, ThisRun run) {
    this.registry = registry;
    this.counters = counters;
    this.rules = rules;
    this.stages = stages;
    this.run = run;
  }

  /** A snapshot now. */
  @Override
  public CallSiteSnapshot get() {
    return take(false);
  }

  /** A snapshot now; {@code exitReport}: the last one, taken once the application's shutdown hooks have ended. */
  CallSiteSnapshot take(boolean exitReport) {
    return CallSiteSnapshot.take(registry, counters, rules, stages, run, exitReport);
  }

  /** Every site's calls at all stages, by site id. */
  long[] callCountsBySite() {
    int sites = registry.idsReserved();
    long[] slots = counters.snapshot(CounterSlots.slots(sites));
    long[] bySite = new long[sites];
    for (int slot = 0; slot < slots.length; slot++) {
      int site = CounterSlots.siteOf(slot);
      if (site < sites) { // the last block's slots past the ids handed out hold nothing
        bySite[site] += slots[slot];
      }
    }
    return bySite;
  }
}
