package dev.sunset.cli.internal;

import dev.sunset.cli.internal.html.HtmlReport;
import dev.sunset.cli.internal.html.Input;
import dev.sunset.cli.internal.html.Page;
import dev.sunset.core.format.Formats;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sunset report}: agent reports and scans as one self-contained HTML page. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Writes agent reports (sunset-report/1) and scans (sunset-scan/1) as one self-contained HTML page "
        + "(inline CSS and SVG, no script, nothing loaded from the network): per rule, the call sites left by jar and "
        + "package with their counts, stage and how calls reach the legacy method (via), the most-called and the "
        + "never-called sites, and, from inputs of several dates (their generatedAt), a burn-down chart of the call "
        + "sites left and the calls.",
        "",
        "The rule sections describe the newest report (reports written at the same time are joined, their counts "
            + "summed); a scan at least as new adds the sites of classes that never loaded. Every input is a point "
            + "of the burn-down; to chart a fleet, merge each date's reports first (sunset merge)."},
    footerHeading = "%n",
    footer = {"Exit codes: 0 done, 2 bad input: a missing file, or one that is not a sunset-report/1 or sunset-scan/1 "
        + "(one line on standard error), 3 Sunset failed."})
public final class ReportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--html", paramLabel = "FILE", required = true, description = "The HTML page to write.")
  Path html;

  @Parameters(paramLabel = "REPORT", arity = "1..*",
      description = "Agent reports (sunset-report/1, such as the output of merge) and scans (sunset-scan/1).")
  List<Path> inputs;

  @Override
  public Integer call() throws BadInput {
    List<Input> read = new ArrayList<>();
    for (Path p : inputs) {
      read.add(read(p));
    }
    Page page = HtmlReport.page(read, Clock.systemUTC().instant(), Version.current());
    Output.write(html, HtmlReport.render(page), spec.commandLine().getOut());
    long reports = read.stream().filter(i -> i.kind() == Input.Kind.REPORT).count();
    int sites = page.rules().stream().mapToInt(Page.RuleSection::sites).sum();
    long calls = page.rules().stream().mapToLong(Page.RuleSection::callsValue).sum();
    long scans = read.size() - reports;
    spec.commandLine().getErr().println(String.format(Locale.ROOT,
        "wrote %s: %,d rules, %,d call sites left, %,d calls, from %,d report%s and %,d scan%s", html,
        page.rules().size(), sites, calls, reports, reports == 1 ? "" : "s", scans, scans == 1 ? "" : "s"));
    return ExitCode.OK.code();
  }

  private static Input read(Path file) throws BadInput {
    Map<String, Object> root = ReportFile.json(file);
    Object format = root.get("format");
    if (Formats.REPORT.equals(format)) {
      return Input.of(ReportFile.from(file, root));
    }
    if (Formats.SCAN.equals(format)) {
      ScanFile scan = ScanFile.from(file, root);
      if (scan.generatedAt() == null) {
        throw new BadInput(file + ": 'generatedAt' is missing (a scan says when it was written)");
      }
      return Input.of(scan);
    }
    throw new BadInput(file + ": 'format' is " + (format == null ? "missing" : "'" + format + "'") + ", not "
        + Formats.REPORT + " (an agent report) or " + Formats.SCAN + " (a scan)");
  }
}
