package dev.sunset.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * percentile of 205 to 250 ms and a maximum of 265 to 335 ms; the report left by the kill was 90 to 145 ms old.
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
  /** How long before its {@code generatedAt} a report's counters may have been read. */
  private static final Duration SNAPSHOT_TO_TIMESTAMP = Duration.ofMillis(100);
  private static final Pattern PROGRESS = Pattern.compile("calls=(\\d+) at=(\\d+)");
  private static final String RULE = "ws-factory-create-websocket-manager";
  /** The legacy calls the application makes between two progress lines. */
  private static final long BATCH = 100;

  /** A line the application printed: {@code calls} legacy calls had been made at {@code at}. */
  private record Progress(long calls, Instant at) {}

  @Test
  void theReportOnDiskIsAlwaysCompleteAndAtMostOneIntervalOldWhenTheJvmIsKilled(@TempDir Path dir) throws Exception {
    Path reportFile = dir.resolve("report.json");
    List<Duration> ages = new ArrayList<>();
    ForkedJvm.Result killed;
    Instant killedAt;
    try (ForkedJvm.Running app = ForkedJvm.withAgent("report=" + reportFile + ",reportInterval=" + INTERVAL.toMillis()
        + "ms,summary=false").classPath(OwnLibrariesApp.classPath()).start(OwnLibrariesApp.MAIN, "until-killed")) {
      app.awaitStdout(l -> l.startsWith("calls="), Duration.ofSeconds(60));
      long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (System.nanoTime() < until) {
        Instant readAt = Instant.now();
        Report report = readIfWritten(reportFile);
        if (report != null) {
          ages.add(Duration.between(report.generatedAt(), readAt));
        }
        Thread.sleep(7);
      }
      killedAt = Instant.now();
      killed = app.kill(Duration.ofSeconds(30));
    }

    assertThat(killed.exitCode()).as(killed.toString()).isEqualTo(137); // 128 + SIGKILL
    List<Duration> sorted = ages.stream().sorted().toList();
    assertThat(sorted).as("ages of the report read while the application ran").hasSizeGreaterThan(100)
        .allSatisfy(age -> assertThat(age).isLessThanOrEqualTo(INTERVAL.plus(STARVED)));
    assertThat(sorted.get(sorted.size() * 95 / 100)).as("95th percentile age: %s", sorted)
        .isLessThanOrEqualTo(INTERVAL.plus(WRITE_AND_SCHEDULING));
    assertThat(sorted.get(sorted.size() / 2)).as("median age: rewritten every interval").isLessThanOrEqualTo(INTERVAL);
    Report last = Report.read(reportFile);
    assertThat(last.format()).isEqualTo("sunset-report/1");
    assertThat(Duration.between(last.generatedAt(), killedAt)).as("age of the report left by the kill")
        .isLessThanOrEqualTo(INTERVAL.plus(STARVED));

    List<Progress> progress = progress(killed.stdout());
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
