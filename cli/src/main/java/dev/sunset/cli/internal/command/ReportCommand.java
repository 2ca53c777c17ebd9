package dev.sunset.cli.internal.command;

import dev.sunset.cli.internal.BadInput;
import dev.sunset.cli.internal.ExitCode;
import dev.sunset.cli.internal.Version;
import dev.sunset.cli.internal.html.HtmlReport;
import dev.sunset.cli.internal.html.Input;
import dev.sunset.cli.internal.html.Page;
import dev.sunset.cli.internal.io.Documents;
import dev.sunset.cli.internal.io.Output;
import dev.sunset.core.format.Document;
import dev.sunset.core.format.FormatException;
import dev.sunset.core.format.Report;
import dev.sunset.core.format.ReportStream;
import dev.sunset.core.format.Scan;
import dev.sunset.core.format.TestSites;
import dev.sunset.core.format.Verdict;
import dev.sunset.core.report.ReportMerge;
import dev.sunset.core.text.Counted;
import dev.sunset.core.text.Printable;
import dev.sunset.core.verdict.Inventory;
import dev.sunset.core.verdict.VerdictJudge;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
            + "of the burn-down; to chart a fleet, merge each date's reports first (sunset merge).",
        "",
        "Each rule shows its verdict as a badge, judged from all the reports and the newest scan as sunset verdict "
            + "judges them (--min-days, --min-jvms): \"migrated: delete it\" only where the rule is migrated.",
        "",
        "Tests files (sunset-tests/1, written by sunset-junit) among the inputs add, per rule, which tests reach each "
            + "call site (test class and method, display name, calls), the calls made while several tests ran or "
            + "outside any test, and mark the sites no test reaches."},
    footerHeading = "%n",
    footer = {"Exit codes: 0 done, 2 bad input: a missing file, or one that is not a sunset-report/1, sunset-scan/1 or "
        + "sunset-tests/1, or tests files only (one line on standard error), 3 Sunset failed."})
public final class ReportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--html", paramLabel = "FILE", required = true, description = "The HTML page to write.")
  Path html;

  @Parameters(paramLabel = "REPORT", arity = "1..*",
      description = "Agent reports (sunset-report/1, such as the output of merge) and scans (sunset-scan/1), and "
          + "tests files (sunset-tests/1).")
  List<Path> inputs;

  @Option(names = "--min-days", paramLabel = "DAYS", defaultValue = "14",
      description = "As verdict's: the fewest days of run-time evidence for a migrated or dead badge (default: "
          + "${DEFAULT-VALUE}).")
  double minDays;

  @Option(names = "--min-jvms", paramLabel = "N", defaultValue = "2",
      description = "As verdict's: the fewest JVMs that watched a rule for a migrated or dead badge (default: "
          + "${DEFAULT-VALUE}).")
  int minJvms;

  @Override
  public Integer call() throws BadInput {
    if (!(minDays >= 0) || Double.isInfinite(minDays) || minJvms < 0) {
      throw new BadInput("--min-days " + minDays + " --min-jvms " + minJvms + ": give numbers from 0");
    }
    List<Input> read = new ArrayList<>();
    List<Path> reports = new ArrayList<>();
    List<Integer> reportAt = new ArrayList<>(); // where each report stands among the page's inputs
    List<Input.Tests> tests = new ArrayList<>();
    Scan newestScan = null;
    for (Path p : inputs) {
      ReportStream.Head head = Documents.reportScanOrTestsHead(p);
      if (head.isReport()) { // read as a stream below, with the others, once every scan is known
        reportAt.add(read.size());
        read.add(Input.report(p, head.generatedAt()));
        reports.add(p);
        continue;
      }
      Document document = Documents.reportScanOrTests(p);
      if (document instanceof TestSites testSites) {
        tests.add(new Input.Tests(p, testSites));
      } else if (document instanceof Scan scan) {
        if (scan.generatedAt() == null) {
          throw new BadInput(p + ": 'generatedAt' is missing (a scan says when it was written)");
        }
        read.add(Input.of(p, scan));
        newestScan = newestScan == null || scan.generatedAt().isAfter(newestScan.generatedAt()) ? scan : newestScan;
      } else {
        throw new BadInput(p + ": " + CHANGED);
      }
    }
    if (read.isEmpty()) {
      throw new BadInput(inputs.get(0) + ": tests files say which tests reach the sites of a report or scan: give "
          + "at least one sunset-report/1 or sunset-scan/1 too");
    }
    Instant now = Clock.systemUTC().instant();
    HtmlReport.Builder builder = new HtmlReport.Builder(read);
    Verdict verdict = verdict(reports, reportAt, read, builder, newestScan, now);
    String basis = String.format(Locale.ROOT, "%s and %s, judged as sunset verdict does with --min-days %s "
        + "--min-jvms %d", reports.isEmpty() ? "no report" : plural(reports.size(), "report"),
        newestScan == null ? "no scan (so no rule can be migrated or dead)" : "the newest scan",
        minDays == Math.rint(minDays) ? String.valueOf((long) minDays) : String.valueOf(minDays), minJvms);
    Page page = builder.page(tests, verdict, basis, now, Version.current());
    Output.write(html, HtmlReport.render(page), spec.commandLine().getOut());
    long reportCount = read.stream().filter(i -> i.kind() == Input.Kind.REPORT).count();
    int sites = page.rules().stream().mapToInt(Page.RuleSection::sites).sum();
    long calls = page.rules().stream().mapToLong(Page.RuleSection::callsValue).sum();
    long scans = read.size() - reportCount;
    spec.commandLine().getErr().println(Printable.line("wrote " + html + ": " + Counted.of(page.rules().size(), "rule")
        + ", " + Counted.of(sites, "call site") + " left, " + Counted.of(calls, "call") + ", from "
        + Counted.of(reportCount, "report") + " and " + Counted.of(scans, "scan")
        + (tests.isEmpty() ? "" : ", with " + Counted.of(tests.size(), "tests file"))));
    return ExitCode.OK.code();
  }

  private static final String CHANGED = "changed while it was read (it was not a report at first, and is one now)";

  /**
   * The verdict from the reports merged as verdict merges them, read as a stream that also gives the page
   * ({@code builder}) each report's sites and rules.
   */
  private Verdict verdict(List<Path> reports, List<Integer> reportAt, List<Input> read, HtmlReport.Builder builder,
      Scan scan, Instant now) throws BadInput {
    Report merged = null;
    List<Verdict.ReportInput> used = new ArrayList<>();
    if (!reports.isEmpty()) {
      try {
        ReportMerge.Merged result = ReportMerge.read(reports, now, new ReportMerge.Listener() {
          @Override
          public void heads(List<ReportStream.Head> heads) throws FormatException {
            for (int i = 0; i < heads.size(); i++) {
              ReportStream.Head head = heads.get(i);
              if (head != null && !head.generatedAt().equals(read.get(reportAt.get(i)).generatedAt())) {
                throw new FormatException(reports.get(i).toString(), "changed while it was read (its generatedAt "
                    + "differs between two reads)");
              }
            }
          }

          @Override
          public void site(int input, Report.Site site) {
            builder.site(reportAt.get(input), Input.site(site));
          }

          @Override
          public void read(int input, ReportStream.Contents contents) {
            builder.read(reportAt.get(input), Input.rules(contents.rules()));
          }
        });
        merged = result.report();
        for (ReportMerge.Source i : result.kept()) {
          used.add(new Verdict.ReportInput(i.file(), i.generatedAt(), i.runs()));
        }
      } catch (FormatException e) {
        throw new BadInput(e.getMessage());
      }
    }
    Inventory inventory = Inventory.of(scan == null ? List.of() : List.of(scan));
    return VerdictJudge.decide(inventory, merged, null, new Verdict.Thresholds(minDays, minJvms),
        new VerdictJudge.Header(List.of(), used), now);
  }

  private static String plural(long n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
