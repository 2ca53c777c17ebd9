package dev.sunset.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountedTest {
  @Test
  void oneIsSingularAndEveryOtherCountPluralWithThousandsGrouped() {
    assertThat(Counted.of(1, "call site")).isEqualTo("1 call site");
    assertThat(Counted.of(0, "call site")).isEqualTo("0 call sites");
    assertThat(Counted.of(2, "call")).isEqualTo("2 calls");
    assertThat(Counted.of(1200, "call")).isEqualTo("1,200 calls");
    assertThat(Counted.of(1, "class", "classes")).isEqualTo("1 class");
    assertThat(Counted.of(3, "class", "classes")).isEqualTo("3 classes");
    assertThat(Counted.noun(1, "rule")).isEqualTo("rule");
    assertThat(Counted.noun(1500, "rule")).isEqualTo("rules");
  }
}
