package dev.sunset.benchmarks.overhead;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * How busy other processes keep the machine, read from {@code /proc/stat} over one second while the command
 * itself waits: printed before and after every measurement, because on a shared 2-core machine that is the
 * first thing to know about a figure.
 */
public final class MachineLoad {
  private MachineLoad() {}

  /** A line such as {@code CPU busy (all processes) in the second before: 3%; load average 0.41 0.52 0.60}. */
  public static String describe(String when) {
    try {
      long[] a = cpuTimes();
      Thread.sleep(1000);
      long[] b = cpuTimes();
      double busy = 1 - (double) (b[1] - a[1]) / Math.max(1, b[0] - a[0]);
      String[] avg = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      String load = avg.length >= 3 ? avg[0] + " " + avg[1] + " " + avg[2] : "?";
      return String.format(Locale.ROOT, "CPU busy (other processes; this command was waiting) in the second %s: "
          + "%.0f%%%s; load average %s", when, 100 * busy, busy > 0.25 ? " -- WARNING: the machine is shared right"
          + " now, figures are noisy" : "", load);
    } catch (IOException | RuntimeException e) {
      return "CPU busy " + when + ": unknown (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "CPU busy " + when + ": unknown (interrupted)";
    }
  }

  /**
   * Waits until other processes have kept the CPUs less than {@code maxBusy} busy for {@code quietSeconds}
   * seconds in a row, at most {@code timeout}; returns the seconds waited, or -1 if the machine never went
   * quiet (the caller then measures anyway and says so).
   */
  public static long waitUntilQuiet(double maxBusy, int quietSeconds, Duration timeout) {
    long start = System.nanoTime();
    int quiet = 0;
    try {
      while (quiet < quietSeconds) {
        if (System.nanoTime() - start > timeout.toNanos()) {
          return -1;
        }
        long[] a = cpuTimes();
        Thread.sleep(1000);
        long[] b = cpuTimes();
        double busy = 1 - (double) (b[1] - a[1]) / Math.max(1, b[0] - a[0]);
        quiet = busy < maxBusy ? quiet + 1 : 0;
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
    return (System.nanoTime() - start) / 1_000_000_000L;
  }

  /** Total and idle (idle + iowait) jiffies of all CPUs. */
  private static long[] cpuTimes() throws IOException {
    String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
    String[] f = cpu.trim().split("\\s+");
    long total = 0;
    for (int i = 1; i < f.length; i++) {
      total += Long.parseLong(f[i]);
    }
    long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
    return new long[] {total, idle};
  }
}
