package dev.sunset.agent.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.rules.Stage;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CounterSlotsTest {
  @Test
  void everySiteAndStageHasASlotOfItsOwnWithinTheSnapshotThatNamesItsSite() {
    int sites = 3 * CallCounters.CHUNK + 7;
    Set<Integer> seen = new HashSet<>();
    for (int site = 0; site < sites; site++) {
      for (Stage stage : Stage.values()) {
        int slot = CounterSlots.slot(site, stage);
        assertThat(seen.add(slot)).as("slot of site %d at %s", site, stage).isTrue();
        assertThat(slot).isBetween(0, CounterSlots.slots(sites) - 1);
        assertThat(CounterSlots.siteOf(slot)).isEqualTo(site);
      }
    }
    assertThat(CounterSlots.slots(sites)).isEqualTo(4 * CallCounters.CHUNK * Stage.COUNT);
  }

  @Test
  void theSitesOfABlockCountAtOneStageInOneChunkOfSlots() {
    int first = CounterSlots.slot(CallCounters.CHUNK, Stage.OBSERVE);
    int last = CounterSlots.slot(2 * CallCounters.CHUNK - 1, Stage.OBSERVE);

    assertThat(first % CallCounters.CHUNK).isZero();
    assertThat(last - first).isEqualTo(CallCounters.CHUNK - 1);
    assertThat(CounterSlots.slot(CallCounters.CHUNK, Stage.REDIRECT) - first).isEqualTo(CallCounters.CHUNK);
  }
}
