package dev.sunset.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.testing.TestJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} in the middle of a run, with the report rewritten every 200 ms: the report on disk is a complete
 * {@code sunset-report/1} at every moment, rewritten every interval, and after the kill at most one interval (plus
 * the time a write takes) old, its counts matching what the application had printed by its {@code generatedAt}.
 * Fixture: {@code src/fixtures/own-libraries} ({@code until-killed}: batches of 100 legacy calls, each followed by
 * {@code calls=<total> at=<epoch millis>}).
 *
 * <p>Measured here (4 runs, about 200 reads each): the age of the report on disk had a median of 105 to 110 ms, a 95th
 * percentile of 205 to 250 ms and a maximum of 265 to 335 ms; the report left by the kill was 90 to 145 ms old. With
 * three other builds on the same two cores (load 7 to 10): a median of 116 ms, a 90th percentile of 200 ms, a 95th
 * of up to 535 ms (one write held up) and a maximum of 630 ms.
 */
class KillDuringRunIT {
  private static final Duration INTERVAL = Duration.ofMillis(200);
  /**
   * What a report may be older than one interval by: the report is rewritten one interval after the previous write
   * ended, and a write (a snapshot, JSON, a rename) and the scheduling of the agent's thread on a busy two-core
   * machine take time of their own.
   */
  private static final Duration WRITE_AND_SCHEDULING = Duration.ofMillis(250);
  /**
   * What no read may exceed even when the machine is starved (the tests share two cores with other builds; a read
   * that waits 300 ms for a core is the machine, not the agent): one interval and a second.
   */
  private static final Duration STARVED = Duration.ofSeconds(1);
  /**
   * How long the report is read while the application runs: twenty intervals, so that one write held up by the
   * machine is one twentieth of the reads, not a tenth.
   */
  private static final Duration MEASURED = Duration.ofSeconds(4);
  /** How many reports the agent writes before the reads count: its one-time start-up steps are done by then. */
  private static final int STEADY_AFTER_REPORTS = 3;
  /** How long before its {@code generatedAt} a report's counters may have been read. */
  private static final Duration SNAPSHOT_TO_TIMESTAMP = Duration.ofMillis(100);
  private static final Pattern PROGRESS = Pattern.compile("calls=(\\d+) at=(\\d+)");
  private static final String RULE = "ws-factory-create-websocket-manager";
  /** The legacy calls the application makes between two progress lines. */
  private static final long BATCH = 100;

  /**
   * A gap between two of the application's progress lines (printed every 20 ms or so) longer than this, five times
   * its cadence, means its JVM was not running: the machine gave it no core, or it was stopped for a pause. The
   * agent's thread in that JVM was stopped too, so a report read across such a gap is older for a reason that is not
   * the agent's.
   */
  private static final Duration STALLED = Duration.ofMillis(100);

  /** A line the application printed: {@code calls} legacy calls had been made at {@code at}. */
  private record Progress(long calls, Instant at) {}

  /** A report read at {@code readAt}, written at {@code generatedAt}. */
  private record Read(Instant generatedAt, Instant readAt) {
    Duration age() {
      return Duration.between(generatedAt, readAt);
    }

    /** Whether the application's JVM stalled between the report's writing and this read. */
    boolean spans(List<Progress> progress) {
      for (int i = 1; i < progress.size(); i++) {
        Instant from = progress.get(i - 1).at();
        Instant to = progress.get(i).at();
        if (Duration.between(from, to).compareTo(STALLED) > 0 && to.isAfter(generatedAt) && from.isBefore(readAt)) {
          return true;
        }
      }
      return false;
    }
  }

  @Test
  void theReportOnDiskIsAlwaysCompleteAndAtMostOneIntervalOldWhenTheJvmIsKilled(@TempDir Path dir) throws Exception {
    Path reportFile = dir.resolve("report.json");
    List<Read> reads = new ArrayList<>();
    TestJvm.Result killed;
    Instant killedAt;
    try (TestJvm.Running app = TestJvm.withAgent("report=" + reportFile + ",reportInterval=" + INTERVAL.toMillis()
        + "ms,summary=false").classPath(OwnLibrariesApp.classPath()).start(OwnLibrariesApp.MAIN, "until-killed")) {
      app.awaitStdout(l -> l.startsWith("calls="), Duration.ofSeconds(60));
      awaitSteadyState(reportFile);
      long until = System.nanoTime() + MEASURED.toNanos();
      while (System.nanoTime() < until) {
        Instant readAt = Instant.now();
        Report report = readIfWritten(reportFile);
        if (report != null) {
          reads.add(new Read(report.generatedAt(), readAt));
        }
        Thread.sleep(7);
      }
      killedAt = Instant.now();
      killed = app.kill(Duration.ofSeconds(30));
    }

    assertThat(killed.exitCode()).as(killed.toString()).isEqualTo(137); // 128 + SIGKILL
    List<Progress> progress = progress(killed.stdout());
    List<Duration> sorted = reads.stream().map(Read::age).sorted().toList();
    assertThat(sorted).as("ages of the report read while the application ran").hasSizeGreaterThan(100)
        .allSatisfy(age -> assertThat(age).isLessThanOrEqualTo(INTERVAL.plus(STARVED)));
    // the interval is the agent's to keep only while its JVM runs: reads across a stall of the whole JVM are left out
    List<Duration> running = reads.stream().filter(r -> !r.spans(progress)).map(Read::age).sorted().toList();
    assertThat(running).as("reads while the application's JVM ran, of %s", sorted).hasSizeGreaterThan(sorted.size() / 2);
    // rewritten every interval: half an interval old on average, a little more for the write. Rewritten every other
    // interval, the median would be a whole one.
    assertThat(running.get(running.size() / 2)).as("median age: rewritten every interval, of %s", running)
        .isLessThanOrEqualTo(INTERVAL.multipliedBy(3).dividedBy(4));
    // one write held up by a busy machine makes the reads of its interval older: a tenth of them may be
    assertThat(running.get(running.size() * 9 / 10)).as("90th percentile age: %s", running)
        .isLessThanOrEqualTo(INTERVAL.plus(WRITE_AND_SCHEDULING));
    Report last = Report.read(reportFile);
    assertThat(last.format()).isEqualTo("sunset-report/1");
    assertThat(Duration.between(last.generatedAt(), killedAt)).as("age of the report left by the kill")
        .isLessThanOrEqualTo(INTERVAL.plus(STARVED));

    long counted = last.sitesOf(RULE).stream().mapToLong(Report.Site::count).sum();
    long doneBefore = progress.stream().filter(p -> !p.at().isAfter(last.generatedAt().minus(SNAPSHOT_TO_TIMESTAMP)))
        .mapToLong(Progress::calls).max().orElse(0);
    // The first line printed after the report was written bounds its count; when the kill came before that line,
    // the batch in flight at the kill does.
    long doneAfter = progress.stream().filter(p -> !p.at().isBefore(last.generatedAt()))
        .mapToLong(Progress::calls).min()
        .orElseGet(() -> progress.stream().mapToLong(Progress::calls).max().orElse(0) + BATCH);
    assertThat(counted).as("calls counted by the report of %s (application: %s)", last.generatedAt(), progress)
        .isBetween(doneBefore, doneAfter);
  }

  /**
   * Waits until the agent has written {@value #STEADY_AFTER_REPORTS} reports: its thread runs its one-time steps
   * (activating the dispatcher, parsing the rules, preparing JFR events) before its periodic ones, and the JVM is
   * compiling its hot code; what the test is about is the steady rewriting after that.
   */
  private static void awaitSteadyState(Path reportFile) throws Exception {
    Set<Instant> seen = new HashSet<>();
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (seen.size() < STEADY_AFTER_REPORTS && System.nanoTime() < until) {
      Report report = readIfWritten(reportFile);
      if (report != null) {
        seen.add(report.generatedAt());
      }
      Thread.sleep(7);
    }
    assertThat(seen).as("reports written within 30 s").hasSizeGreaterThanOrEqualTo(STEADY_AFTER_REPORTS);
  }

  /** The report, or null before the agent first wrote it; any file that is there must parse. */
  private static Report readIfWritten(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException notYet) {
      return null;
    }
    Report report = Report.parse(text);
    assertThat(report.format()).as(text).isEqualTo("sunset-report/1");
    return report;
  }

  private static List<Progress> progress(List<String> stdout) {
    List<Progress> progress = new ArrayList<>();
    for (String line : stdout) {
      Matcher m = PROGRESS.matcher(line);
      if (m.matches()) {
        progress.add(new Progress(Long.parseLong(m.group(1)), Instant.ofEpochMilli(Long.parseLong(m.group(2)))));
      }
    }
    return progress;
  }
}
