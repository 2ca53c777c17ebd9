package dev.sunset.cli.internal;

import dev.sunset.core.report.SiteKey;
import dev.sunset.core.scan.ScanResult;
import dev.sunset.core.scan.ScannedRule;
import dev.sunset.core.scan.ScannedSite;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
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

/** {@code sunset verdict}: per rule, migrated, dead or in-use. */
@Command(name = "verdict", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Per rule, from the call sites in the artifacts (--scan) and the calls seen at run time (--report, "
        + "--prometheus):",
        "  migrated  no call site left and no call seen: the legacy method can be deleted;",
        "  dead      call sites remain but none was called: delete them with their dead code, or migrate them;",
        "  in-use    the sites that ran, with their counts, and the never-called ones with 0.",
        "With --prometheus the evidence is the whole fleet's: sunset_legacy_calls_total over the window, summed by "
            + "Prometheus across every instance it scrapes. Counts from Prometheus are its increase() (extrapolated "
            + "to the window's edges) plus what a series had counted when it first appeared in the window."},
    footerHeading = "%n", footer = {"--format json writes sunset-verdict/1.",
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
      description = "Agent reports (sunset-report/1), such as the output of merge.")
  List<Path> reports = new ArrayList<>();

  @Option(names = "--prometheus", paramLabel = "URL",
      description = "A Prometheus that scrapes the agents (or the collector), such as http://prometheus:9090.")
  String prometheus;

  @Option(names = "--window", paramLabel = "DURATION", defaultValue = "30d",
      description = "With --prometheus: how far back to look (default: ${DEFAULT-VALUE}).")
  String window;

  @Option(names = "--progress", negatable = true,
      description = "Show the scan's progress on standard error (default: when run in a terminal).")
  Boolean progress;

  @Mixin
  ClassPathOption classPath;

  @Mixin
  OutputOptions output;

  @Override
  public Integer call() throws BadInput {
    if (reports.isEmpty() && prometheus == null) {
      throw new BadInput("no evidence: give --report REPORT... or --prometheus URL (or both)");
    }
    String checkedWindow = prometheus == null ? null : Prometheus.window(window);
    Prometheus server = prometheus == null ? null : Prometheus.at(prometheus);
    Verdicts.Evidence evidence = new Verdicts.Evidence();
    for (Path r : reports) {
      addReport(evidence, ReportFile.read(r));
    }
    if (server != null) {
      addPrometheus(evidence, server, checkedWindow);
    }
    Verdicts.Inventory inventory = inventory();
    List<Verdicts.RuleVerdict> verdicts = Verdicts.decide(inventory, evidence);
    Map<String, Object> from = new LinkedHashMap<>();
    from.put("scan", scan.stream().map(Path::toString).toList());
    from.put("reports", reports.stream().map(Path::toString).toList());
    from.put("prometheus", prometheus);
    from.put("window", checkedWindow);
    output.write(output.json() ? Verdicts.json(verdicts, Clock.systemUTC().instant(), from) + "\n"
        : Verdicts.table(verdicts), spec.commandLine().getOut());
    Map<Verdicts.Verdict, Long> counts = new LinkedHashMap<>();
    for (Verdicts.RuleVerdict v : verdicts) {
      counts.merge(v.verdict(), 1L, Long::sum);
    }
    spec.commandLine().getErr().println(String.format(Locale.ROOT, "%,d rules: %d migrated, %d dead, %d in use",
        verdicts.size(), counts.getOrDefault(Verdicts.Verdict.MIGRATED, 0L),
        counts.getOrDefault(Verdicts.Verdict.DEAD, 0L), counts.getOrDefault(Verdicts.Verdict.IN_USE, 0L)));
    return ExitCode.OK.code();
  }

  private Verdicts.Inventory inventory() throws BadInput {
    List<Path> artifacts = new ArrayList<>();
    List<Verdicts.InventoryRule> rulesSeen = new ArrayList<>();
    List<Verdicts.InventorySite> sites = new ArrayList<>();
    for (Path p : scan) {
      if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json")) {
        readScanFile(p, rulesSeen, sites, spec.commandLine().getErr());
      } else {
        artifacts.add(p);
      }
    }
    if (!artifacts.isEmpty()) {
      ScanResult result = Scans.scan(rules, artifacts, classPath.paths(), progress, spec.commandLine().getErr());
      for (ScannedRule r : result.rules()) {
        if (rulesSeen.stream().noneMatch(x -> x.id().equals(r.spec().id()))) {
          rulesSeen.add(new Verdicts.InventoryRule(r.spec().id(), r.spec().legacyText()));
        }
      }
      for (ScannedSite s : result.sites()) {
        sites.add(new Verdicts.InventorySite(s.key(), s.descriptor(), s.file(), s.codeSource()));
      }
    }
    return new Verdicts.Inventory(rulesSeen, sites);
  }

  private static void readScanFile(Path file, List<Verdicts.InventoryRule> rules, List<Verdicts.InventorySite> sites,
      PrintWriter err) throws BadInput {
    ScanFile scan = ScanFile.read(file);
    for (ScanFile.Rule r : scan.rules()) {
      rules.add(new Verdicts.InventoryRule(r.id(), r.legacy()));
      if ("unresolved".equals(r.resolution()) || "refused".equals(r.resolution())) {
        // no site of it could be in that scan, whatever the code calls: its verdict is not evidence
        err.println("warning: " + file + ": rule '" + r.id() + "': legacy " + r.legacy() + " is " + r.resolution()
            + " in this scan, so it has no call site there whatever the code calls; scan again with the library's jar"
            + " (--class-path)" + ("refused".equals(r.resolution()) ? ", or correct the rule" : ""));
      }
    }
    for (ScanFile.Site s : scan.sites()) {
      sites.add(new Verdicts.InventorySite(s.key(), s.descriptor(), s.file(), s.codeSource()));
    }
  }

  private static void addReport(Verdicts.Evidence evidence, ReportFile report) {
    for (ReportFile.Rule r : report.rules()) {
      evidence.legacyOf.putIfAbsent(r.id(), r.legacy());
    }
    for (ReportFile.Site s : report.sites()) {
      Verdicts.Seen seen = evidence.at(s.key());
      seen.count += s.count();
      seen.descriptor = seen.descriptor != null ? seen.descriptor : s.descriptor();
      seen.file = seen.file != null ? seen.file : s.file();
      seen.codeSource = seen.codeSource != null ? seen.codeSource : s.codeSource();
    }
  }

  private static void addPrometheus(Verdicts.Evidence evidence, Prometheus server, String window) throws BadInput {
    Map<List<String>, Double> calls = new LinkedHashMap<>();
    Map<List<String>, Map<String, String>> labelsOf = new LinkedHashMap<>();
    for (String query : List.of(String.format(Locale.ROOT, Prometheus.CALLS_IN_WINDOW, window),
        String.format(Locale.ROOT, Prometheus.CALLS_BEFORE_FIRST_SAMPLE, window, window))) {
      for (Prometheus.Sample s : server.query(query)) {
        List<String> id = List.of(s.labels().getOrDefault("sunset_rule", ""),
            s.labels().getOrDefault("code_function_name", ""), s.labels().getOrDefault("code_line_number", ""),
            s.labels().getOrDefault("code_file_path", ""), s.labels().getOrDefault("sunset_code_source", ""),
            s.labels().getOrDefault("sunset_overflow", ""));
        calls.merge(id, s.value(), Double::sum);
        labelsOf.putIfAbsent(id, s.labels());
      }
    }
    for (Map.Entry<List<String>, Double> e : calls.entrySet()) {
      Map<String, String> labels = labelsOf.get(e.getKey());
      String rule = labels.get("sunset_rule");
      long count = Math.round(e.getValue());
      String function = labels.get("code_function_name");
      if (rule == null) {
        continue;
      }
      if ("true".equals(labels.get("sunset_overflow")) || function == null || function.lastIndexOf('.') < 0) {
        evidence.unattributed.merge(rule, count, Long::sum);
        continue;
      }
      int dot = function.lastIndexOf('.');
      int line;
      try {
        line = Integer.parseInt(labels.getOrDefault("code_line_number", "0"));
      } catch (NumberFormatException ex) {
        line = 0;
      }
      Verdicts.Seen seen = evidence.at(new SiteKey(rule, function.substring(0, dot), function.substring(dot + 1), line));
      seen.count += count;
      String path = labels.get("code_file_path");
      if (seen.file == null && path != null) {
        seen.file = path.substring(path.lastIndexOf('/') + 1);
      }
      if (seen.codeSource == null) {
        seen.codeSource = labels.get("sunset_code_source");
      }
    }
  }
}
