package dev.sunset.benchmarks.overhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {
  @Test
  void quartilesInterpolateBetweenClosestRanksWhateverTheOrder() {
    Summary s = Summary.of(7, 1, 3, 5, 9);
    assertThat(s.count()).isEqualTo(5);
    assertThat(s.min()).isEqualTo(1);
    assertThat(s.q1()).isEqualTo(3);
    assertThat(s.median()).isEqualTo(5);
    assertThat(s.q3()).isEqualTo(7);
    assertThat(s.max()).isEqualTo(9);
    Summary even = Summary.of(List.of(4.0, 1.0, 2.0, 3.0));
    assertThat(even.median()).isEqualTo(2.5);
    assertThat(even.q1()).isCloseTo(1.75, within(1e-12));
    assertThat(even.iqr()).isCloseTo(1.5, within(1e-12));
  }

  @Test
  void oneValueIsItsOwnSummaryAndNoValueIsRefused() {
    assertThat(Summary.of(42).medianAndQuartiles(1)).isEqualTo("42.0 [42.0–42.0]");
    assertThatThrownBy(Summary::of).hasMessageContaining("no values");
  }
}
