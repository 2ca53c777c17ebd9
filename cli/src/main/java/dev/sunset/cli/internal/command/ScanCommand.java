package dev.sunset.cli.internal.command;

import dev.sunset.cli.internal.BadInput;
import dev.sunset.cli.internal.ExitCode;
import dev.sunset.cli.internal.Version;
import dev.sunset.cli.internal.io.Rules;
import dev.sunset.cli.internal.io.Style;
import dev.sunset.cli.internal.io.Table;
import dev.sunset.cli.internal.sarif.Sarif;
import dev.sunset.cli.internal.sarif.SarifLogs.CallSite;
import dev.sunset.cli.internal.sarif.SarifLogs.LegacyRule;
import dev.sunset.cli.internal.sarif.SarifLogs;
import dev.sunset.cli.internal.sarif.SourceRoots;
import dev.sunset.core.scan.ScanJson;
import dev.sunset.core.scan.ScanResult;
import dev.sunset.core.scan.ScannedSite;
import dev.sunset.core.text.Printable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sunset scan}: the static inventory of call sites in artifacts. */
@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Lists every call site of every rule in every class of the artifacts, whether or not the class "
        + "ever loads: the same sites and lines as the agent's report, calls through subclasses that inherit a "
        + "legacy method included.",
        "",
        "Artifacts: jars, class folders, Spring Boot executable jars (BOOT-INF/classes, BOOT-INF/lib), WARs "
            + "(WEB-INF/classes, WEB-INF/lib; exploded too), jars nested in jars, and folders of jars. Each Spring "
            + "Boot jar and WAR is resolved on its own; plain jars and class folders given together form one class "
            + "path; JDK classes come from the running JDK.",
        "",
        "Rules also resolve against what --class-path gives and what a scanned jar's manifest Class-Path names, "
            + "never scanned for sites. A rule that resolves nowhere is named on standard error: it can have no "
            + "call site here, whatever the code calls.",
        "",
        "A class rule (legacy: com.acme.Factory) has a site at every use of its class: calls, new, field reads and "
            + "writes, subclasses, lookups by a constant name, and type references (signatures, casts, instanceof, "
            + "class literals, arrays, catch, throws), each shown with its use and member, such as (new <init>(int))."},
    footerHeading = "%n", footer = {"--format json writes sunset-scan/1; --format sarif writes SARIF 2.1.0, one "
        + "result per call site at its source file and line (see --source-root).",
        "Exit codes: 0 done, 2 bad input (one line on standard error), 3 Sunset failed."})
public final class ScanCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ArtifactOptions artifacts;

  @Mixin
  OutputOptions output;

  @Mixin
  SarifOptions sarif;

  @Override
  public Integer call() throws BadInput {
    Instant started = Instant.now();
    SourceRoots roots = sarif.roots(output.sarif());
    Style style = Style.of(spec);
    ScanResult result = Scans.scan(artifacts.rules, artifacts.paths, artifacts.classPath.paths(), artifacts.progress,
        spec.commandLine().getErr(), style);
    String text = switch (output.format) {
      case JSON -> ScanJson.toScan(result, artifacts.paths.stream().map(Path::toString).toList(),
          artifacts.classPath.paths().stream().map(Path::toString).toList()).toJson() + "\n";
      case SARIF -> Sarif.toJson(SarifLogs.log(SarifLogs.Command.SCAN,
          result.rules().stream().map(r -> LegacyRule.of(r.spec())).toList(),
          result.sites().stream().map(CallSite::of).toList(), roots,
          new SarifLogs.Outcome(ExitCode.OK.code(), "done", started, Scans.warnings(result, "")),
          Version.current(), Version.informationUri(), Instant.now())) + "\n";
      case TABLE -> table(result, style);
    };
    output.write(text, spec.commandLine().getOut());
    spec.commandLine().getErr().println(Printable.line(Scans.summary(result)));
    return ExitCode.OK.code();
  }

  private static String table(ScanResult result, Style style) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"RULE", "LOCATION", "CALLER", "CODE SOURCE"});
    for (ScannedSite s : result.sites()) {
      rows.add(new String[] {s.rule(), ScannedSite.location(s.file(), s.line()), s.className() + "." + s.method()
          + (s.methodReference() ? " (method reference)" : "")
          + (s.calledThrough() != null ? " (through " + s.calledThrough() + ")" : "")
          + (s.member() != null ? " (" + s.use().forPeople(s.member()) + ")" : ""), s.codeSource()});
    }
    return Table.render(rows, style);
  }
}
