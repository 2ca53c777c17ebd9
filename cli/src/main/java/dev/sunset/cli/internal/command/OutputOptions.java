package dev.sunset.cli.internal.command;

import dev.sunset.cli.internal.BadInput;
import dev.sunset.cli.internal.io.Output;
import dev.sunset.cli.internal.io.OutputFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where and how a command prints its result: {@code --format table|json|sarif}, {@code -o FILE}. */
public final class OutputOptions {
  @Option(names = "--format", paramLabel = "table|json|sarif", defaultValue = "table",
      description = "Output format (default: ${DEFAULT-VALUE}); json is the command's versioned format, sarif is "
          + "SARIF 2.1.0 for code scanning and IDEs (one result per call site).")
  OutputFormat format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
  Path output;

  /** Whether JSON was asked for. */
  boolean json() {
    return format == OutputFormat.JSON;
  }

  /** Whether SARIF was asked for. */
  boolean sarif() {
    return format == OutputFormat.SARIF;
  }

  /** Writes {@code text} to the file, or to {@code out}. */
  void write(String text, PrintWriter out) throws BadInput {
    Output.write(output, text, out);
  }
}
