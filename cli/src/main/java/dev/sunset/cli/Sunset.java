package dev.sunset.cli;

import dev.sunset.cli.internal.BadInput;
import dev.sunset.cli.internal.ExitCode;
import dev.sunset.cli.internal.Version;
import dev.sunset.cli.internal.command.AttachCommand;
import dev.sunset.cli.internal.command.CheckCommand;
import dev.sunset.cli.internal.command.MergeCommand;
import dev.sunset.cli.internal.command.RecipeCommand;
import dev.sunset.cli.internal.command.ReportCommand;
import dev.sunset.cli.internal.command.RulesCommand;
import dev.sunset.cli.internal.command.ScanCommand;
import dev.sunset.cli.internal.command.VerdictCommand;
import dev.sunset.cli.internal.io.HelpWrap;
import dev.sunset.cli.internal.io.Style;
import dev.sunset.core.text.Printable;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/**
 * The {@code sunset} command line: {@code java -jar sunset-cli.jar <command>}. It answers the four questions of
 * retiring a legacy API: which call sites exist in the artifacts ({@code scan}), whether anyone added one
 * ({@code check}), which ones still run across the fleet ({@code merge}, {@code verdict}), and whether a rule is
 * done so its legacy method can be deleted ({@code verdict}); {@code recipe} writes the OpenRewrite recipe that
 * migrates the sources, {@code rules} writes rules from the deprecations the artifacts declare, {@code report}
 * shows reports and scans as one HTML page, and {@code attach} loads the agent into a running JVM.
 *
 * <p>Exit codes are a contract: 0 done, 1 new call sites ({@code check}), 2 bad input (one line on standard
 * error naming the file or option and what is wrong), 3 Sunset failed.
 */
@Command(name = "sunset", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = {"Retires a legacy API: finds its call sites in artifacts, gates new ones in CI, and tells from "
        + "reports or Prometheus which still run and which rules are done, and writes the recipe that migrates the "
        + "sources."},
    subcommands = {ScanCommand.class, CheckCommand.class, MergeCommand.class, VerdictCommand.class,
        RecipeCommand.class, RulesCommand.class, ReportCommand.class, AttachCommand.class,
        AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class},
    footerHeading = "%n",
    footer = {"Rules: the --rules file applies together with the rules shipped as META-INF/sunset/rules.yaml in the "
        + "scanned artifacts, as with the agent; a rule in --rules replaces a shipped rule with the same id. Rules "
        + "resolve against the artifacts, the jars their manifests' Class-Path names and --class-path; a rule that "
        + "resolves nowhere is named on standard error, since it can have no call site.",
        "",
        "Exit codes (a contract):",
        "  0  done; for check: no call site outside the baseline",
        "  1  check: call sites that are not in the baseline (one line each on standard output)",
        "  2  bad input: unknown option or command, missing or malformed file, folder that is not an artifact, "
            + "Prometheus that cannot be queried, process that cannot be attached to, for check a rule that resolves "
            + "nowhere in the artifacts (one line each on standard error)",
        "  3  Sunset itself failed (a bug; one line on standard error)"})
public final class Sunset implements Runnable {
  @Spec
  CommandSpec spec;

  /** The command line; exits with the command's exit code. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = run(out, err, args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs {@code sunset args} writing to {@code out} and {@code err}; returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(CommandLine.Help.Ansi.AUTO, out, err, args);
  }

  /** As {@link #run(PrintWriter, PrintWriter, String...)}, with colour on, off or as picocli decides (tests). */
  static int run(CommandLine.Help.Ansi ansi, PrintWriter out, PrintWriter err, String... args) {
    CommandLine line = commandLine();
    line.setColorScheme(CommandLine.Help.defaultColorScheme(ansi));
    return execute(line, out, err, args);
  }

  /**
   * Runs a command line, keeping the exit contract whatever happens: a failure that escapes picocli's handlers (an
   * {@code Error} such as {@code OutOfMemoryError} or {@code StackOverflowError}, which picocli rethrows) is one line on
   * {@code err} and exit 3, never a stack trace and exit 1 (which {@code check} uses for new call sites).
   */
  static int execute(CommandLine line, PrintWriter out, PrintWriter err, String... args) {
    line.setOut(out);
    line.setErr(err);
    try {
      return line.execute(args);
    } catch (Throwable t) {
      String name = commandName(line, args);
      try {
        err.println(name + ": failed (a bug in Sunset): " + describe(t));
        err.flush();
      } catch (Throwable ignored) {
        // not even a line could be printed: the exit code still says it
      }
      return ExitCode.FAILURE.code();
    }
  }

  /** The command's name as its lines start ({@code sunset merge}), from the first argument naming a subcommand. */
  private static String commandName(CommandLine line, String... args) {
    if (args.length > 0 && args[0] != null && line.getSubcommands().containsKey(args[0])) {
      return line.getCommandName() + " " + args[0];
    }
    return line.getCommandName();
  }

  /** A failure in one line: its type and the first line of its message, escaped. */
  private static String describe(Throwable t) {
    return Printable.line(oneLine(String.valueOf(t)));
  }

  /** The configured command tree, with Sunset's exit codes and one-line errors. */
  static CommandLine commandLine() {
    CommandLine line = new CommandLine(new Sunset());
    line.setCaseInsensitiveEnumValuesAllowed(true);
    line.setExitCodeExceptionMapper(t -> t instanceof BadInput || t instanceof ParameterException
        ? ExitCode.BAD_INPUT.code() : ExitCode.FAILURE.code());
    line.setParameterExceptionHandler((ex, args) -> {
      CommandLine failed = ex.getCommandLine();
      String name = failed.getCommandSpec().qualifiedName();
      Style style = Style.of(failed.getCommandSpec());
      failed.getErr().println(style.error(name + ":") + " " + Printable.line(problem(ex)) + " (see '" + name
          + " --help')");
      failed.getErr().flush();
      return ExitCode.BAD_INPUT.code();
    });
    line.setExecutionExceptionHandler((ex, failed, parsed) -> {
      String name = failed.getCommandSpec().qualifiedName();
      Style style = Style.of(failed.getCommandSpec());
      if (ex instanceof BadInput) {
        for (String l : ex.getMessage().split("\n")) {
          failed.getErr().println(style.error(name + ":") + " " + Printable.line(l));
        }
        failed.getErr().flush();
        return ExitCode.BAD_INPUT.code();
      }
      failed.getErr().println(style.error(name + ":") + " failed (a bug in Sunset): " + describe(ex));
      failed.getErr().flush();
      return ExitCode.FAILURE.code();
    });
    HelpWrap.install(line);
    return line;
  }

  /**
   * What is wrong with the command line, on one line: for a mistyped command or option, what it may have meant
   * (picocli's suggestions: the commands or options of that command most like it).
   */
  private static String problem(ParameterException ex) {
    if (!(ex instanceof UnmatchedArgumentException unmatched)) {
      return oneLine(ex.getMessage());
    }
    List<String> args = unmatched.getUnmatched();
    CommandLine failed = ex.getCommandLine();
    boolean command = !failed.getSubcommands().isEmpty() && !args.isEmpty() && !args.get(0).startsWith("-")
        && failed.getCommandSpec().positionalParameters().isEmpty();
    List<String> suggestions = unmatched.getSuggestions().stream()
        .filter(s -> !command || commandNames(failed).contains(s)).limit(2).map(s -> "'" + s + "'").toList();
    String what = command ? "'" + args.get(0) + "' is not a command" : oneLine(ex.getMessage());
    if (!suggestions.isEmpty()) {
      return what + "; did you mean " + String.join(" or ", suggestions) + "?";
    }
    return command ? what + " (the commands: " + String.join(", ", commandNames(failed)) + ")" : what;
  }

  private static List<String> commandNames(CommandLine line) {
    return line.getSubcommands().keySet().stream().filter(n -> !n.equals("help") && !n.equals("generate-completion"))
        .toList();
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "a command is required: scan, check, merge, verdict, recipe, rules, report or attach");
  }
}
