package dev.sunset.agent.internal;

import dev.sunset.agent.internal.config.AgentOptions;
import dev.sunset.agent.internal.linkage.BootstrapInstaller;
import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.agent.internal.registry.CallSiteSnapshot;
import dev.sunset.agent.internal.report.SummaryTable;
import dev.sunset.agent.internal.telemetry.Telemetry;
import java.nio.file.Path;

/**
 * What the agent does when the JVM exits: the final report, telemetry's last export and the exit lines, all from one
 * snapshot, so that the table at exit and the report say the same.
 *
 * <p>The JVM starts every application shutdown hook at once and waits for them all, so a report written from an
 * application hook would miss the calls the application's own hooks make (Spring closing its context, a pool
 * draining). The agent's application hook therefore only hands the final report to a system shutdown hook, which the
 * JVM runs once every application hook has ended, and returns; the agent's thread keeps writing its periodic reports
 * meanwhile, so a hook that never ends still has its calls reported. Only if that cannot be done is the final report
 * written from the agent's application hook, as before.
 */
final class AgentExit {
  private final AgentOptions options;
  private final ReportWriter reports;
  private final Telemetry telemetry;
  private final PeriodicTasks thread;
  private final BootstrapInstaller.Installation linkage;

  AgentExit(AgentOptions options, ReportWriter reports, Telemetry telemetry, PeriodicTasks thread,
      BootstrapInstaller.Installation linkage) {
    this.options = options;
    this.reports = reports;
    this.telemetry = telemetry;
    this.thread = thread;
    this.linkage = linkage;
  }

  /** Registers the agent's application shutdown hook. */
  void registerHook() {
    Runtime.getRuntime().addShutdownHook(new ExitHook(this));
  }

  /**
   * Writes the final report, flushes telemetry and prints the exit lines. {@code afterApplicationHooks}: whether the
   * application's own shutdown hooks have all ended (else this runs beside them).
   */
  void run(boolean afterApplicationHooks) {
    try {
      thread.interrupt();
      CallSiteSnapshot last = reports.writeFinal(afterApplicationHooks);
      telemetry.shutdown(Telemetry.EXIT_TIMEOUT);
      for (String line : SummaryTable.unresolved(last)) {
        AgentLog.info(line);
      }
      if (options.summary()) {
        Path report = options.reportFile();
        for (String line : SummaryTable.lines(last, report == null ? null : report.toAbsolutePath().toString())) {
          AgentLog.info(line);
        }
      }
    } catch (Throwable t) {
      AgentLog.failureOnce(LogTopic.EXIT, "could not write the report at exit", t);
    }
  }

  /** The agent's application shutdown hook: hands the final report to a system hook, or writes it. */
  private static final class ExitHook extends Thread {
    private final AgentExit exit;

    ExitHook(AgentExit exit) {
      super("sunset-exit");
      this.exit = exit;
    }

    @Override
    public void run() {
      if (exit.linkage.registerExitHook(new FinalReport(exit)) < 0) {
        exit.run(false);
      }
    }
  }

  /** The final report and the exit lines, written once the application's own shutdown hooks have ended. */
  private static final class FinalReport implements Runnable {
    private final AgentExit exit;

    FinalReport(AgentExit exit) {
      this.exit = exit;
    }

    @Override
    public void run() {
      exit.run(true);
    }
  }
}
