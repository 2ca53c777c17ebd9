package dev.sunset.agent.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

class CallCountersTest {
  @Test
  void countsFromManyPlatformThreadsOnOneSlotAreExact() throws Exception {
    CallCounters counters = new CallCounters();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      threads.add(new Thread(() -> {
        for (int i = 0; i < 100_000; i++) {
          counters.increment(5);
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }

    assertThat(counters.snapshot(8)[5]).isEqualTo(800_000);
  }

  @Test
  void countsOfEndedThreadsAreKeptAndTheirArraysReleased() throws Exception {
    CallCounters counters = new CallCounters();
    Thread t = new Thread(() -> counters.increment(2));
    t.start();
    t.join();

    assertThat(counters.snapshot(4)[2]).isEqualTo(1);
    assertThat(counters.liveThreadArrays()).isZero();
    assertThat(counters.snapshot(4)[2]).isEqualTo(1);
  }

  @Test
  void theFirstTwoThreadsToCountInASlotOwnIt() throws Exception {
    CallCounters counters = new CallCounters();
    counters.increment(3);
    Thread other = new Thread(() -> counters.increment(3));
    other.start();
    other.join();

    assertThat(counters.cell(3).owner()).isSameAs(Thread.currentThread());
    assertThat(counters.cell(3).second()).isSameAs(other);
    assertThat(counters.snapshot(4)[3]).isEqualTo(2);
  }

  @Test
  void aPlaceWhoseOwnerEndedIsTakenOverWithinTheProbeIntervalAndTheCountStaysExact() throws Exception {
    CallCounters counters = new CallCounters();
    List<Thread> ended = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Thread thread = new Thread(() -> counters.increment(3));
      thread.start();
      thread.join();
      ended.add(thread);
    }
    assertThat(List.of(counters.cell(3).owner(), counters.cell(3).second())).isEqualTo(ended);

    for (int i = 0; i < CallCounters.OWNER_PROBE_CALLS; i++) {
      counters.increment(3);
    }

    assertThat(counters.cell(3).owner()).isSameAs(Thread.currentThread());
    assertThat(counters.snapshot(4)[3]).isEqualTo(2 + CallCounters.OWNER_PROBE_CALLS);
    counters.increment(3); // now on the owner's path
    assertThat(counters.snapshot(4)[3]).isEqualTo(3 + CallCounters.OWNER_PROBE_CALLS);
  }

  @Test
  void aThirdThreadCountsExactlyWhileBothOwnersLive() throws Exception {
    CallCounters counters = new CallCounters();
    counters.increment(7); // this thread owns slot 7
    CountDownLatch secondCounted = new CountDownLatch(1);
    CountDownLatch thirdDone = new CountDownLatch(1);
    Thread second = new Thread(() -> {
      counters.increment(7);
      secondCounted.countDown();
      try {
        thirdDone.await(); // alive while the third thread counts
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    second.start();
    secondCounted.await();
    Thread third = new Thread(() -> {
      for (int i = 0; i < 5 * CallCounters.OWNER_PROBE_CALLS + 3; i++) {
        counters.increment(7);
      }
    });
    third.start();
    third.join();
    thirdDone.countDown();
    second.join();

    assertThat(counters.cell(7).owner()).isSameAs(Thread.currentThread());
    assertThat(counters.cell(7).second()).isSameAs(second);
    assertThat(counters.snapshot(8)[7]).isEqualTo(2 + 5 * CallCounters.OWNER_PROBE_CALLS + 3);
  }

  @Test
  void slotsBeyondTheInitialCapacityGrowTheThreadsArray() {
    CallCounters counters = new CallCounters();
    counters.increment(1);
    counters.increment(10_000);
    counters.increment(10_000);

    long[] totals = counters.snapshot(10_001);
    assertThat(totals[1]).isEqualTo(1);
    assertThat(totals[10_000]).isEqualTo(2);
  }

  @Test
  @EnabledForJreRange(min = JRE.JAVA_21)
  void countsFromManyVirtualThreadsAreExactWithoutAnArrayPerThread() throws Exception {
    CallCounters counters = new CallCounters();
    Method ofVirtual = Thread.class.getMethod("ofVirtual");
    Object builder = ofVirtual.invoke(null);
    Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 10_000; t++) {
      threads.add((Thread) start.invoke(builder, (Runnable) () -> {
        for (int i = 0; i < 10; i++) {
          counters.increment(3);
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }

    assertThat(counters.snapshot(4)[3]).isEqualTo(100_000);
    assertThat(counters.liveThreadArrays()).isZero();
  }
}
