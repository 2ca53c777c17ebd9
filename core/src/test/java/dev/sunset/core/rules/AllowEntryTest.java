package dev.sunset.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AllowEntryTest {
  @Test
  void aGlobMatchesClassesInAPackageAndBelow() {
    AllowEntry e = AllowEntry.parse("com.acme.jobs.*");

    assertThat(e.matches("com.acme.jobs.Nightly", "run", 3)).isTrue();
    assertThat(e.matches("com.acme.jobs.sub.Weekly", "run", 3)).isTrue();
    assertThat(e.matches("com.acme.web.Page", "run", 3)).isFalse();
  }

  @Test
  void methodAndLineNarrowTheMatch() {
    AllowEntry e = AllowEntry.parse("com.acme.Billing#nightly:120");

    assertThat(e.matches("com.acme.Billing", "nightly", 120)).isTrue();
    assertThat(e.matches("com.acme.Billing", "nightly", 121)).isFalse();
    assertThat(e.matches("com.acme.Billing", "daily", 120)).isFalse();
  }

  @Test
  void dotsAreLiteral() {
    assertThat(AllowEntry.parse("com.acme.A").matches("comXacmeXA", "m", 1)).isFalse();
  }

  @Test
  void refusesBadEntries() {
    assertThatThrownBy(() -> AllowEntry.parse("com.acme.A:x")).hasMessageContaining("not a number");
    assertThatThrownBy(() -> AllowEntry.parse("com.acme.A#")).hasMessageContaining("empty method");
    assertThatThrownBy(() -> AllowEntry.parse("com acme")).hasMessageContaining("class-name glob");
  }
}
