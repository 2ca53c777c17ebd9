package dev.sunset.cli.internal.command;

import dev.sunset.cli.internal.BadInput;
import dev.sunset.cli.internal.ExitCode;
import dev.sunset.cli.internal.io.Output;
import dev.sunset.cli.internal.io.Style;
import dev.sunset.core.rules.generate.GeneratedRules;
import dev.sunset.core.rules.generate.RulesFromDeprecated;
import dev.sunset.core.scan.ArtifactException;
import dev.sunset.core.scan.SkippedClass;
import dev.sunset.core.text.Counted;
import dev.sunset.core.text.Printable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sunset rules --from-deprecated}: a rules file written from what the artifacts say is deprecated. */
@Command(name = "rules", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Writes a rules file from the deprecations the PATHs' class files declare: a rule at stage observe "
        + "for every method annotated @Deprecated(forRemoval = true), or every deprecated method with "
        + "--all-deprecated, with its since in the message. Where Error Prone's @InlineMe names a static method "
        + "that takes the parameters (or the receiver and then the parameters) and fits as the agent checks it, that "
        + "method is the replacement; every other @InlineMe is a comment saying why it was not used. A javadoc "
        + "{@link} is not in class files, so @InlineMe is the only source of replacements.",
        "",
        "Every rule is resolved against the PATHs as the agent would resolve it before it is written, so the file "
            + "passes 'sunset scan --rules FILE PATH' with no rule refused. Constructors and fields, which the rules "
            + "file cannot name yet, are listed as comments and counted, and so are classes deprecated as a whole."},
    footerHeading = "%n",
    footer = {"Exit codes: 0 written (also with no rule), 2 bad input: a PATH that is not an artifact, an output that "
        + "cannot be written, a --schema that is not one line (one line on standard error), 3 Sunset failed."})
public final class RulesCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--from-deprecated", required = true,
      description = "Write the rules from the @Deprecated (and @InlineMe) annotations of the PATHs' class files.")
  boolean fromDeprecated;

  @Option(names = "--all-deprecated",
      description = "Every deprecated method, not only those deprecated for removal (with the javadoc tag alone too).")
  boolean allDeprecated;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write the rules file to FILE (such as rules.yaml) instead of standard output.")
  Path output;

  @Option(names = "--schema", paramLabel = "LOCATION", defaultValue = RulesFromDeprecated.DEFAULT_SCHEMA,
      description = "Where the file's first line (# yaml-language-server: $schema=) points editors: a path or URL of "
          + "sunset-rules.schema.json (default: ${DEFAULT-VALUE}).")
  String schema;

  @Mixin
  ClassPathOption classPath;

  @Parameters(paramLabel = "PATH", arity = "1..*",
      description = "Jars, class folders, Spring Boot jars or WARs whose deprecated members to write rules for.")
  List<Path> paths;

  @Override
  public Integer call() throws BadInput {
    PrintWriter err = spec.commandLine().getErr();
    Style style = Style.of(spec);
    RulesFromDeprecated.Builder builder = RulesFromDeprecated.builder().allDeprecated(allDeprecated)
        .classPath(classPath.paths());
    try {
      builder.schema(schema);
    } catch (IllegalArgumentException e) {
      throw new BadInput("--schema " + schema + ": " + e.getMessage());
    }
    GeneratedRules rules;
    try {
      rules = builder.build().generate(paths);
    } catch (ArtifactException e) {
      throw new BadInput(e.getMessage());
    }
    Output.write(output, rules.text(), spec.commandLine().getOut());
    for (SkippedClass s : rules.skipped()) {
      err.println(style.warning(s.describe()));
    }
    err.println(Printable.line("rules: " + rules.summary() + "; from " + Counted.of(rules.classesRead(),
        "class file") + (output == null ? "" : ", written to " + output)));
    for (GeneratedRules.Rule r : rules.inferred()) {
      err.println(Printable.line("  inferred from @InlineMe: " + r.legacy() + " -> " + r.replacement()));
    }
    return ExitCode.OK.code();
  }
}
