package dev.sunset.benchmarks.overhead;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The option of the commands that wait for a quiet machine before each round or run they time. */
public final class QuietMachine {
  /** Other processes must keep the CPUs less busy than this. */
  static final double MAX_BUSY = 0.15;
  /** The longest wait before measuring anyway. */
  static final Duration MAX_WAIT = Duration.ofMinutes(10);

  @Option(names = "--quiet-seconds", defaultValue = "3",
      description = "Before each round or run, wait until other processes kept the CPUs under 15%% busy for this"
          + " many seconds in a row (at most 10 minutes; 0: do not wait) (default: ${DEFAULT-VALUE}).")
  int seconds;

  /** Waits for a quiet machine: the seconds waited, 0 when told not to wait, -1 when it never went quiet. */
  long await() {
    return seconds == 0 ? 0 : MachineLoad.waitUntilQuiet(MAX_BUSY, seconds, MAX_WAIT);
  }
}
