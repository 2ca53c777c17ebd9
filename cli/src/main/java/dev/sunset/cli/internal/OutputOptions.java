package dev.sunset.cli.internal;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where and how a command prints its result: {@code --format table|json}, {@code -o FILE}. */
public final class OutputOptions {
  @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
      description = "Output format (default: ${DEFAULT-VALUE}); json is the command's versioned format.")
  OutputFormat format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
  Path output;

  /** Whether JSON was asked for. */
  boolean json() {
    return format == OutputFormat.JSON;
  }

  /** Writes {@code text} to the file, or to {@code out}. */
  void write(String text, PrintWriter out) throws BadInput {
    Output.write(output, text, out);
  }
}
