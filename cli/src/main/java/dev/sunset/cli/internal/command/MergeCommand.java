package dev.sunset.cli.internal.command;

import dev.sunset.cli.internal.BadInput;
import dev.sunset.cli.internal.ExitCode;
import dev.sunset.cli.internal.io.Output;
import dev.sunset.core.format.FormatException;
import dev.sunset.core.format.Report;
import dev.sunset.core.report.ReportMerge;
import dev.sunset.core.text.Counted;
import dev.sunset.core.text.Printable;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sunset merge}: fleet reports into one. */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Merges agent reports (sunset-report/1) from several JVMs or runs into one report: counts summed "
        + "per site (rule, class, method, descriptor, line), counts by stage summed, the earliest first call kept, "
        + "the sites of every input listed, and every JVM run named (runs), so that verdict can tell how many JVMs "
        + "watched and for how long. The result is a report too: a baseline for check, evidence for verdict.",
        "",
        "An agent's counts are cumulative over its run: of several reports of one run only the newest is kept. A run "
            + "counted both in a merged report and in another input is refused (its calls would be counted twice)."},
    footerHeading = "%n",
    footer = {"Exit codes: 0 done, 2 bad input: a missing file, one that is not a sunset-report/1, a run counted "
        + "twice or counts past 2^63-1 (one line on standard error), 3 Sunset failed."})
public final class MergeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write the merged report to FILE instead of standard output.")
  Path output;

  @Parameters(paramLabel = "REPORT", arity = "1..*", description = "Agent reports (sunset-report/1).")
  List<Path> reports;

  @Override
  public Integer call() throws BadInput {
    ReportMerge.Merged merged;
    try {
      merged = ReportMerge.read(reports, Clock.systemUTC().instant());
    } catch (FormatException e) {
      throw new BadInput(e.getMessage());
    }
    Report report = merged.report();
    Output.write(output, report.toJson() + "\n", spec.commandLine().getOut());
    BigInteger calls = BigInteger.ZERO; // each site's count fits a long; their sum may not
    for (Report.Site s : report.callSites()) {
      calls = calls.add(BigInteger.valueOf(s.count()));
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println(Printable.line("merged " + Counted.of(merged.kept().size(), "report") + " of "
        + Counted.of(report.runs().size(), "JVM run") + " into " + (output == null ? "standard output" : output) + ": "
        + Counted.of(report.callSites().size(), "call site") + ", " + String.format(Locale.ROOT, "%,d", calls)
        + (calls.equals(BigInteger.ONE) ? " call" : " calls")));
    if (!merged.dropped().isEmpty()) {
      int n = merged.dropped().size();
      err.println(Printable.line("left out " + Counted.of(n, "report") + " of a run whose newer report was given too "
          + "(counts are cumulative over a run): " + String.join(", ", merged.dropped().stream()
          .map(ReportMerge.Source::file).toList())));
    }
    return ExitCode.OK.code();
  }
}
