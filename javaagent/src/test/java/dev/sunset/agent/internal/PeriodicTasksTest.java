package dev.sunset.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.agent.internal.log.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent's thread cannot die: a task that fails, however, is logged once and runs again at its next turn. */
class PeriodicTasksTest {
  private final ByteArrayOutputStream lines = new ByteArrayOutputStream();
  private PrintStream before;

  @BeforeEach
  void captureTheAgentsLines() {
    before = AgentLog.printTo(new PrintStream(lines, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    AgentLog.printTo(before);
  }

  /** Counts its runs and throws what {@code fault} gives on the first {@code failures} of them. */
  static final class Faulty implements Runnable {
    final AtomicInteger runs = new AtomicInteger();
    final AtomicInteger succeeded = new AtomicInteger();
    final int failures;
    final Supplier<Throwable> fault;

    Faulty(int failures, Supplier<Throwable> fault) {
      this.failures = failures;
      this.fault = fault;
    }

    @Override
    public void run() {
      if (runs.incrementAndGet() <= failures) {
        Throwable t = fault.get();
        if (t instanceof Error e) {
          throw e;
        }
        throw (RuntimeException) t;
      }
      succeeded.incrementAndGet();
    }
  }

  @Test
  void everyTaskGoesOnAfterItsOwnFailuresWhateverTheyThrowAndEachIsLoggedOnce() throws Exception {
    Faulty startUp = new Faulty(1, () -> new StackOverflowError());
    Faulty overflow = new Faulty(3, () -> new StackOverflowError());
    Faulty outOfMemory = new Faulty(3, () -> new OutOfMemoryError("Java heap space"));
    Faulty arithmetic = new Faulty(3, () -> new ArithmeticException("long overflow"));
    Faulty healthy = new Faulty(0, () -> null);
    PeriodicTasks thread = new PeriodicTasks(List.of(
        PeriodicTasks.Task.once("parsing the rules file", startUp),
        PeriodicTasks.Task.every("reloading the rules file", 10, overflow),
        PeriodicTasks.Task.every("registering the MBean", 10, outOfMemory),
        PeriodicTasks.Task.every("writing the report", 10, arithmetic),
        PeriodicTasks.Task.every("folding ended threads' counts", 10, healthy)));

    thread.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while ((overflow.succeeded.get() < 5 || outOfMemory.succeeded.get() < 5 || arithmetic.succeeded.get() < 5)
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    thread.interrupt();
    thread.join(5000);

    assertThat(thread.isAlive()).isFalse();
    assertThat(startUp.runs).hasValue(1);
    assertThat(List.of(overflow, outOfMemory, arithmetic)).allSatisfy(f -> assertThat(f.succeeded.get())
        .isGreaterThanOrEqualTo(5));
    assertThat(healthy.succeeded.get()).isGreaterThanOrEqualTo(8);
    assertThat(lines.toString(StandardCharsets.UTF_8).lines().toList()).containsExactlyInAnyOrder(
        "[sunset] parsing the rules file failed: java.lang.StackOverflowError",
        "[sunset] reloading the rules file failed (it runs again at its next turn): java.lang.StackOverflowError",
        "[sunset] registering the MBean failed (it runs again at its next turn): java.lang.OutOfMemoryError: Java heap "
            + "space",
        "[sunset] writing the report failed (it runs again at its next turn): java.lang.ArithmeticException: long "
            + "overflow");
  }

  @Test
  void anIntervalOutsideAMillisecondToADayIsRefusedBeforeTheThreadStarts() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PeriodicTasks.Task.every("writing the report",
        TimeUnit.HOURS.toMillis(3_000_000), () -> { })).isInstanceOf(IllegalArgumentException.class);
  }
}
