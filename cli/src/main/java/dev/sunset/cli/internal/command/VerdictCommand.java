package dev.sunset.cli.internal.command;

import dev.sunset.cli.internal.BadInput;
import dev.sunset.cli.internal.ExitCode;
import dev.sunset.cli.internal.Version;
import dev.sunset.cli.internal.io.Documents;
import dev.sunset.cli.internal.io.Rules;
import dev.sunset.cli.internal.io.Style;
import dev.sunset.cli.internal.sarif.Sarif;
import dev.sunset.cli.internal.sarif.SarifLogs.CallSite;
import dev.sunset.cli.internal.sarif.SarifLogs.LegacyRule;
import dev.sunset.cli.internal.sarif.SarifLogs;
import dev.sunset.cli.internal.sarif.SourceRoots;
import dev.sunset.cli.internal.verdict.Prometheus;
import dev.sunset.cli.internal.verdict.VerdictTable;
import dev.sunset.core.format.FormatException;
import dev.sunset.core.format.Report;
import dev.sunset.core.format.RuleResolution;
import dev.sunset.core.format.Scan;
import dev.sunset.core.format.Verdict;
import dev.sunset.core.report.ReportMerge;
import dev.sunset.core.scan.ScanJson;
import dev.sunset.core.scan.ScanResult;
import dev.sunset.core.text.Counted;
import dev.sunset.core.text.Printable;
import dev.sunset.core.verdict.FleetEvidence;
import dev.sunset.core.verdict.Inventory;
import dev.sunset.core.verdict.VerdictJudge;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sunset verdict}: per rule, migrated, dead, in-use or unknown, with the evidence. */
@Command(name = "verdict", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Tells per rule whether its legacy method can be deleted, from the call sites in the artifacts "
        + "(--scan) and the calls seen at run time (--report, --prometheus).",
        "",
        "  migrated  no call site left and no call seen, on enough evidence: the legacy method can be deleted;",
        "  dead      call sites remain but none was called, on enough evidence: delete them with their dead code, or "
            + "migrate them;",
        "  in-use    the sites that ran, with their counts, and the never-called ones with 0;",
        "  unknown   no call seen, but the evidence cannot show that nothing calls it; each missing piece is named "
            + "(the scan did not look for the rule, or it did not resolve there; no JVM watched it; the evidence "
            + "covers fewer than --min-days days or --min-jvms JVMs; every JVM was attached late; the reports show "
            + "code the scan did not cover).",
        "A class rule (legacy: com.acme.Factory) is judged on every use of its class, its uses grouped by member: "
            + "migrated (delete the class) only when no use of any kind is left, type references included, and none "
            + "was counted; a type reference left (a signature, a cast, instanceof: nothing runs one, so nothing counts "
            + "it) makes it unknown, never dead.",
        "Each rule's evidence is shown: the JVMs that watched it, from when to when, how many were attached late or "
            + "ended without their exit report (killed), and where the rule resolved in the artifacts.",
        "With --prometheus the evidence is the whole fleet's: sunset_legacy_calls_total over the window, summed by "
            + "Prometheus across every instance it scrapes. Counts from Prometheus are its increase() (extrapolated "
            + "to the window's edges) plus what a series had counted when it first appeared in the window."},
    footerHeading = "%n", footer = {"--format json writes sunset-verdict/1; --format sarif writes SARIF 2.1.0, one "
        + "result per call site with its counts (see --source-root).",
        "Exit codes: 0 done, 2 bad input (one line on standard error), 3 Sunset failed."})
public final class VerdictCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--rules", paramLabel = "FILE",
      description = "Rules file, in addition to the rules the scanned artifacts ship (same id replaces).")
  Path rules;

  @Option(names = "--scan", paramLabel = "PATH", arity = "1..*", required = true,
      description = "The artifacts to scan (as for scan), or a sunset-scan/1 file written by scan --format json.")
  List<Path> scan;

  @Option(names = "--report", paramLabel = "REPORT", arity = "1..*",
      description = "Agent reports (sunset-report/1), such as the output of merge. Of several reports of one JVM run "
          + "only the newest counts.")
  List<Path> reports = new ArrayList<>();

  @Option(names = "--prometheus", paramLabel = "URL",
      description = "A Prometheus that scrapes the agents (or the collector), such as http://prometheus:9090.")
  String prometheus;

  @Option(names = "--window", paramLabel = "DURATION",
      description = "With --prometheus: how far back to look (default: 30d).")
  String window;

  @Option(names = "--min-days", paramLabel = "DAYS", defaultValue = "14",
      description = "The fewest days the run-time evidence must span for migrated or dead (default: ${DEFAULT-VALUE});"
          + " 0 judges a single run, as tests and demos do.")
  double minDays;

  @Option(names = "--min-jvms", paramLabel = "N", defaultValue = "2",
      description = "The fewest JVMs that must have watched a rule for migrated or dead (default: ${DEFAULT-VALUE}).")
  int minJvms;

  @Option(names = "--progress", negatable = true,
      description = "Show the scan's progress on standard error (default: when run in a terminal).")
  Boolean progress;

  @Mixin
  ClassPathOption classPath;

  @Mixin
  OutputOptions output;

  @Mixin
  SarifOptions sarif;

  /** The rules as the scan states them, for SARIF's rule descriptions: by id, the artifacts' over a scan file's. */
  private final Map<String, LegacyRule> described = new LinkedHashMap<>();
  private final List<String> warnings = new ArrayList<>();

  @Override
  public Integer call() throws BadInput {
    Instant started = Instant.now();
    SourceRoots roots = sarif.roots(output.sarif());
    if (reports.isEmpty() && prometheus == null) {
      throw new BadInput("no evidence: give --report REPORT... or --prometheus URL (or both)");
    }
    if (window != null && prometheus == null) {
      throw new BadInput("--window " + window + ": applies to --prometheus, which is not given");
    }
    if (!(minDays >= 0) || Double.isInfinite(minDays)) {
      throw new BadInput("--min-days " + minDays + ": is not a number of days from 0");
    }
    if (minJvms < 0) {
      throw new BadInput("--min-jvms " + minJvms + ": is not a number of JVMs from 0");
    }
    String checkedWindow = prometheus == null ? null : Prometheus.window(window == null ? "30d" : window);
    Prometheus server = prometheus == null ? null : Prometheus.at(prometheus);
    PrintWriter err = spec.commandLine().getErr();
    Style style = Style.of(spec);
    Instant now = Clock.systemUTC().instant();

    Report merged = null;
    List<Verdict.ReportInput> read = new ArrayList<>();
    if (!reports.isEmpty()) {
      ReportMerge.Merged result;
      try {
        result = ReportMerge.read(reports, now);
      } catch (FormatException e) {
        throw new BadInput(e.getMessage());
      }
      merged = result.report();
      for (ReportMerge.Source i : result.kept()) {
        read.add(new Verdict.ReportInput(i.file(), i.generatedAt(), i.runs()));
      }
      for (ReportMerge.Source i : result.dropped()) {
        err.println(style.note(i.file() + ": left out, a newer report of the same JVM run was given (counts are "
            + "cumulative over a run)"));
      }
    }
    FleetEvidence fleet = server == null ? null : server.evidence(checkedWindow, now);
    Inventory inventory = inventory(err, style);
    Verdict verdict = VerdictJudge.decide(inventory, merged, fleet, new Verdict.Thresholds(minDays, minJvms),
        new VerdictJudge.Header(scan.stream().map(Path::toString).toList(), read), now);
    String text = switch (output.format) {
      case JSON -> verdict.toJson() + "\n";
      case SARIF -> sarif(verdict, roots, started) + "\n";
      case TABLE -> VerdictTable.render(verdict, style);
    };
    output.write(text, spec.commandLine().getOut());
    Map<Verdict.Kind, Integer> counts = new EnumMap<>(Verdict.Kind.class);
    for (Verdict.RuleVerdict v : verdict.rules()) {
      counts.merge(v.verdict(), 1, Integer::sum);
    }
    err.println(Printable.line(String.format(Locale.ROOT, "%s: %d migrated, %d dead, %d in use, %d unknown",
        Counted.of(verdict.rules().size(), "rule"), counts.getOrDefault(Verdict.Kind.MIGRATED, 0),
        counts.getOrDefault(Verdict.Kind.DEAD, 0), counts.getOrDefault(Verdict.Kind.IN_USE, 0),
        counts.getOrDefault(Verdict.Kind.UNKNOWN, 0))));
    return ExitCode.OK.code();
  }

  private String sarif(Verdict verdict, SourceRoots roots, Instant started) {
    List<LegacyRule> rules = new ArrayList<>();
    List<CallSite> sites = new ArrayList<>();
    for (Verdict.RuleVerdict v : verdict.rules()) {
      rules.add(described.getOrDefault(v.id(), new LegacyRule(v.id(), v.legacy(), null, null, null)));
      for (Verdict.Site s : v.sites()) {
        sites.add(CallSite.of(v, s));
      }
    }
    return Sarif.toJson(SarifLogs.log(SarifLogs.Command.VERDICT, rules, sites, roots,
        new SarifLogs.Outcome(ExitCode.OK.code(), "done", started, warnings), Version.current(),
        Version.informationUri(), Instant.now()));
  }

  private Inventory inventory(PrintWriter err, Style style) throws BadInput {
    List<Path> artifacts = new ArrayList<>();
    List<Scan> scans = new ArrayList<>();
    for (Path p : scan) {
      if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json")) {
        Scan read = Documents.scan(p);
        for (Scan.Rule r : read.rules()) {
          described.putIfAbsent(r.id(), LegacyRule.of(r));
          if (r.resolution() == RuleResolution.UNRESOLVED || r.resolution() == RuleResolution.REFUSED) {
            // no site of it could be in that scan, whatever the code calls: its verdict will say unknown
            String line = p + ": rule '" + r.id() + "': legacy " + r.legacy() + " is "
                + r.resolution().id() + " in this scan, so it has no call site there whatever the code calls; "
                + (r.resolution() == RuleResolution.UNRESOLVED ? Scans.GIVE_THE_LIBRARY : Scans.FIX_THE_RULE);
            warnings.add(line);
            err.println(style.warning(line));
          }
        }
        scans.add(read);
      } else {
        artifacts.add(p);
      }
    }
    if (!artifacts.isEmpty()) {
      ScanResult result = Scans.scan(rules, artifacts, classPath.paths(), progress, err, style);
      warnings.addAll(Scans.warnings(result, ""));
      for (var r : result.rules()) {
        described.put(r.spec().id(), LegacyRule.of(r.spec()));
      }
      scans.add(ScanJson.toScan(result, artifacts.stream().map(Path::toString).toList(),
          classPath.paths().stream().map(Path::toString).toList()));
    }
    return Inventory.of(scans);
  }
}
