package dev.sunset.agent.internal.registry;

import dev.sunset.core.rules.Stage;

/**
 * Where each site's count at each stage lies in the counters ({@link CallCounters}): the layout the linked targets
 * count into and snapshots read. Slots go by blocks of {@value #BLOCK} sites, within a block by stage, then by site: a
 * thread that calls a block's sites at one stage fills one chunk of its counters rather than one for every stage, and
 * the cells of stages no site runs at are never made (docs/benchmarks.md, "Memory per site").
 */
public final class CounterSlots {
  /** Sites per block of slots: the slots of a block's sites at one stage fill one chunk of a thread's counters. */
  private static final int BLOCK = CallCounters.CHUNK;

  private CounterSlots() {}

  /** The slot of a site's count at a stage. */
  public static int slot(int siteId, Stage stage) {
    return siteId / BLOCK * (BLOCK * Stage.COUNT) + stage.ordinal() * BLOCK + siteId % BLOCK;
  }

  /** How many slots hold the counts of the sites with ids below {@code sites}: a snapshot's size. */
  public static int slots(int sites) {
    return (sites + BLOCK - 1) / BLOCK * (BLOCK * Stage.COUNT);
  }

  /** The id of the site whose counts a slot holds ({@link #slot}'s inverse). */
  public static int siteOf(int slot) {
    return slot / (BLOCK * Stage.COUNT) * BLOCK + slot % BLOCK;
  }
}
