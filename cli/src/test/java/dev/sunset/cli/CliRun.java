package dev.sunset.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * One run of {@code sunset} in this JVM: its exit code and what it printed.
 *
 * @param exitCode the exit code
 * @param out standard output
 * @param err standard error
 */
public record CliRun(int exitCode, String out, String err) {
  /** Runs {@code sunset args}. */
  public static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Sunset.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** Runs {@code sunset args} as on a terminal: with colour. */
  public static CliRun withColour(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Sunset.run(picocli.CommandLine.Help.Ansi.ON, new PrintWriter(out, true), new PrintWriter(err, true),
        args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** Standard output's lines. */
  public List<String> outLines() {
    return out.lines().toList();
  }

  /** Standard error's lines. */
  public List<String> errLines() {
    return err.lines().toList();
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
  }
}
