package dev.sunset.agent.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlotTableTest {
  @Test
  void valuesOfSlotsFarApartAreKeptAndOthersStayEmpty() {
    SlotTable<String> table = new SlotTable<>(null);
    table.put(3, "three");
    table.put(5 * SlotTable.PAGE + 1, "far");

    assertThat(table.get(3)).isEqualTo("three");
    assertThat(table.get(5 * SlotTable.PAGE + 1)).isEqualTo("far");
    assertThat(table.get(2 * SlotTable.PAGE)).isNull();
    assertThat(table.get(-1)).isNull();
    assertThat(table.get(100 * SlotTable.PAGE)).isNull();
    assertThat(table.capacity()).isEqualTo(6 * SlotTable.PAGE);
  }

  @Test
  void aMissingValueIsMadeOnceByTheFactory() {
    int[] made = {0};
    SlotTable<String> table = new SlotTable<>(slot -> "v" + slot + "#" + ++made[0]);

    assertThat(table.getOrMake(2048)).isEqualTo("v2048#1");
    assertThat(table.getOrMake(2048)).isEqualTo("v2048#1");
    assertThat(made[0]).isEqualTo(1);
  }
}
