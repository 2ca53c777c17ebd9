package dev.sunset.cli.internal.command;

import dev.sunset.cli.internal.BadInput;
import dev.sunset.cli.internal.ExitCode;
import dev.sunset.cli.internal.Version;
import dev.sunset.cli.internal.io.Output;
import dev.sunset.cli.internal.io.Style;
import dev.sunset.cli.internal.sarif.Sarif;
import dev.sunset.cli.internal.sarif.SarifLogs.CallSite;
import dev.sunset.cli.internal.sarif.SarifLogs.LegacyRule;
import dev.sunset.cli.internal.sarif.SarifLogs;
import dev.sunset.cli.internal.sarif.SourceRoots;
import dev.sunset.core.report.RecordedSites;
import dev.sunset.core.report.SiteMatch;
import dev.sunset.core.scan.NewCallSites;
import dev.sunset.core.scan.ScanResult;
import dev.sunset.core.text.Counted;
import dev.sunset.core.text.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sunset check}: the CI gate, new call sites against a baseline. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"The CI gate: scans the artifacts (as scan does) and fails when a call site is not in the baseline, "
        + "a previous scan or a Sunset report (or several merged with merge). Prints one line per new site: "
        + "File.java:42 com.acme.Checkout.run rule-id. With --format sarif it writes SARIF 2.1.0 of the new sites, for "
        + "code scanning.",
        "",
        "A class rule's site also names its use and member (File.java:9 com.acme.Main.run rule-id (new <init>(int))): "
            + "a use the baseline does not list at its site, such as a field read where a new was tolerated, is new. "
            + "Reports list no type references (nothing runs one): take a class rule's baseline from scan."},
    footerHeading = "%n",
    footer = {"Exit codes: 0 every call site is in the baseline, 1 new call sites (listed on standard output), "
        + "2 bad input: unreadable or malformed baseline, rules or path, or a rule that resolves nowhere in the "
        + "artifacts (one line each on standard error), 3 Sunset failed."})
public final class CheckCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--baseline", paramLabel = "FILE", required = true,
      description = "The tolerated call sites: a sunset-scan/1 or sunset-report/1 file.")
  Path baseline;

  @Option(names = "--match", paramLabel = "line|method", defaultValue = "line",
      description = "Match on rule, class, method and line (line, the default), or tolerate line shifts within a "
          + "method (method).")
  SiteMatch match;

  @Option(names = "--allow-unresolved",
      description = "Check even when a rule resolves nowhere in the artifacts (no jar given holds its legacy class, "
          + "or the one that does refuses it). Such a rule has no call site to compare, so its new callers pass "
          + "unseen; without this option it is bad input (exit 2), each named on standard error.")
  boolean allowUnresolved;

  @Option(names = "--format", paramLabel = "lines|sarif", defaultValue = "lines",
      description = "lines (the default): one line per new site; sarif: SARIF 2.1.0 of the new sites, for code "
          + "scanning (the lines then go to standard output only when -o names a file). The exit code is the same.")
  Format format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
  Path output;

  @Mixin
  SarifOptions sarif;

  @Mixin
  ArtifactOptions artifacts;

  /** What {@code check} writes. */
  public enum Format {
    /** One line per new site. */
    LINES,
    /** SARIF 2.1.0. */
    SARIF
  }

  @Override
  public Integer call() throws BadInput {
    Instant started = Instant.now();
    SourceRoots roots = sarif.roots(format == Format.SARIF);
    RecordedSites recorded = readBaseline(baseline);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ScanResult result = Scans.scanWithoutWarnings(artifacts.rules, artifacts.paths, artifacts.classPath.paths(),
        artifacts.progress, err);
    Style style = Style.of(spec);
    Scans.warn(result, Scans.notAboutAnUnresolvedRule(result), err, style);
    if (allowUnresolved) {
      for (String line : Scans.unresolved(result, "")) {
        err.println(style.warning(line));
      }
    } else if (!result.unresolvedRules().isEmpty()) {
      // a rule with no site can let any new caller through: the gate would pass without having looked
      throw new BadInput(String.join("\n", Scans.unresolved(result, " (--allow-unresolved checks the other rules "
          + "anyway)")));
    }
    NewCallSites found = NewCallSites.of(result, recorded, match);
    List<String> lines = found.lines();
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(Printable.line(line)).append('\n');
    }
    if (format == Format.SARIF) {
      ExitCode code = lines.isEmpty() ? ExitCode.OK : ExitCode.NEW_SITES;
      Output.write(output, Sarif.toJson(SarifLogs.log(SarifLogs.Command.CHECK,
          result.rules().stream().map(r -> LegacyRule.of(r.spec())).toList(),
          found.sites().stream().map(CallSite::of).toList(), roots,
          new SarifLogs.Outcome(code.code(), lines.isEmpty() ? "every call site is in the baseline"
              : "call sites that are not in the baseline", started, Scans.warnings(result, "")),
          Version.current(), Version.informationUri(), Instant.now())) + "\n", out);
      if (output != null) {
        Output.write(null, text.toString(), out);
      }
    } else {
      Output.write(output, text.toString(), out);
    }
    err.println(Printable.line(Scans.summary(result)));
    if (lines.isEmpty()) {
      err.println(style.green(found.scanned() == 1 ? "no new call site: the one found is in " + baseline
          : String.format(Locale.ROOT, "no new call sites: all %,d are in %s", found.scanned(), baseline)));
      return ExitCode.OK.code();
    }
    err.println(style.red(Counted.of(lines.size(), "new call site") + " not in " + baseline));
    return ExitCode.NEW_SITES.code();
  }

  static RecordedSites readBaseline(Path file) throws BadInput {
    if (Files.isDirectory(file)) {
      throw new BadInput(file + ": is a folder, not a scan or a report");
    }
    try {
      return RecordedSites.read(file);
    } catch (IOException e) {
      throw new BadInput(file + ": " + e.getMessage());
    }
  }
}
