package dev.sunset.agent.internal;

import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.agent.internal.registry.CallSiteSnapshot;
import dev.sunset.agent.internal.report.JsonReport;
import dev.sunset.core.io.OutputFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the report file ({@code report=}): periodically from the agent's thread, and once at exit, after which no
 * periodic write replaces it with an older snapshot. Any failure is logged once and the application runs on.
 */
final class ReportWriter {
  private final Path report;
  private final SiteSnapshots snapshots;
  private final Object lock = new Object();
  /** Set when the exit's final write begins (guarded by {@link #lock}). */
  private boolean exiting;

  /** Writes snapshots of {@code snapshots} to {@code report} (null: no report is written, snapshots still taken). */
  ReportWriter(Path report, SiteSnapshots snapshots) {
    this.report = report;
    this.snapshots = snapshots;
  }

  /** Says at once, rather than at the first write, that the report's path is not one Sunset writes to. */
  void checkPath() {
    if (report == null) {
      return;
    }
    try {
      OutputFile.check(report);
    } catch (OutputFile.Refused refused) {
      refused(refused);
    } catch (IOException e) {
      // the first write says what is wrong
    }
  }

  /** A periodic write, unless the exit's final write has begun (an older snapshot must not replace it). */
  void writePeriodic() {
    synchronized (lock) {
      if (!exiting) {
        write(snapshots.get());
      }
    }
  }

  /**
   * The last write: once a periodic write under way has finished, and none after it; returns the snapshot it wrote
   * (taken even without a report file, for the exit's lines). {@code afterApplicationHooks}: whether the
   * application's own shutdown hooks have all ended.
   */
  CallSiteSnapshot writeFinal(boolean afterApplicationHooks) {
    synchronized (lock) {
      exiting = true;
      CallSiteSnapshot last = snapshots.take(afterApplicationHooks);
      write(last);
      return last;
    }
  }

  private void write(CallSiteSnapshot snapshot) {
    if (report == null) {
      return;
    }
    try {
      JsonReport.write(snapshot, report);
    } catch (OutputFile.Refused refused) {
      refused(refused);
    } catch (Throwable t) {
      AgentLog.failureOnce(LogTopic.REPORT, report, "cannot write the report " + report, t);
    }
  }

  private void refused(OutputFile.Refused refused) {
    AgentLog.once(LogTopic.REPORT, report, "report " + report + ": " + refused.getMessage() + "; no report is written "
        + "there (the application runs on)");
  }
}
