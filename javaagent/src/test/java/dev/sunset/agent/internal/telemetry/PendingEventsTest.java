package dev.sunset.agent.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.agent.internal.telemetry.data.FirstCallEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingEventsTest {
  private final List<FirstCallEvent> emitted = new ArrayList<>();

  private static FirstCallEvent event(int line) {
    return new FirstCallEvent("r", "redirect", "com.acme.A.run", "com/acme/A.java", line, "file:/a.jar", null,
        "com.acme.A.run(A.java:" + line + ")", Instant.EPOCH, null);
  }

  @Test
  void eventsMadeBeforeTheSdkStartsAreEmittedInOrderOnceItIsReadyAndLaterOnesDirectly() {
    PendingEvents pending = new PendingEvents(10);
    pending.emit(event(1));
    pending.emit(event(2));

    pending.ready(emitted::add);
    pending.emit(event(3));

    assertThat(emitted).extracting(FirstCallEvent::line).containsExactly(1L, 2L, 3L);
    assertThat(pending.waiting()).isZero();
  }

  @Test
  void atMostTheCapacityWaitsAndTheRestIsDropped() {
    PendingEvents pending = new PendingEvents(2);
    for (int i = 1; i <= 5; i++) {
      pending.emit(event(i));
    }

    assertThat(pending.waiting()).isEqualTo(2);
    pending.ready(emitted::add);
    assertThat(emitted).extracting(FirstCallEvent::line).containsExactly(1L, 2L);
  }

  @Test
  void whenTheSdkFailsToStartTheWaitingEventsAreForgottenAndNoMoreAreKept() {
    PendingEvents pending = new PendingEvents(10);
    pending.emit(event(1));

    pending.discard();
    pending.emit(event(2));

    assertThat(pending.waiting()).isZero();
  }
}
