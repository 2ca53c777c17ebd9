package dev.sunset.cli.internal.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine;

/**
 * Help text wrapped at spaces only. picocli wraps with the JDK's line {@link java.text.BreakIterator}, which also
 * breaks after {@code .}, {@code :} and {@code /} inside a word: {@code -XX:} / {@code +EnableDynamicAgentLoading},
 * {@code com.acme.} / {@code MigrateToService}, {@code File.java:} / {@code 42}, which then cannot be copied. Here
 * each such character inside a word (a non-space on both sides) is given to picocli as a private-use character of
 * the same width, which the break iterator treats as a letter, and every rendered help section turns it back.
 */
public final class HelpWrap {
  /** Characters the break iterator breaks after (or before) inside a word; each gets a stand-in. */
  private static final String GUARDED = ".:/+=,|()[]'\"<>!?;&*^~@#";
  private static final char FIRST_STAND_IN = '\uE000';

  private HelpWrap() {}

  /** Makes {@code line} and all its subcommands wrap their help at spaces only. */
  public static void install(CommandLine line) {
    guardAll(line);
    Map<String, IHelpSectionRenderer> sections = new LinkedHashMap<>();
    line.getHelpSectionMap().forEach((key, renderer) -> sections.put(key, help -> restore(renderer.render(help))));
    line.setHelpSectionMap(sections); // picocli sets it on every subcommand too
  }

  private static void guardAll(CommandLine line) {
    guard(line.getCommandSpec());
    for (CommandLine sub : line.getSubcommands().values()) {
      guardAll(sub);
    }
  }

  private static void guard(CommandSpec spec) {
    UsageMessageSpec usage = spec.usageMessage();
    usage.description(guard(usage.description()));
    usage.header(guard(usage.header()));
    usage.footer(guard(usage.footer()));
    // an option's description cannot change once built: each is rebuilt with its description guarded, in order
    List<OptionSpec> options = List.copyOf(spec.options());
    List<PositionalParamSpec> positionals = List.copyOf(spec.positionalParameters());
    options.forEach(spec::remove);
    positionals.forEach(spec::remove);
    for (OptionSpec o : options) {
      spec.addOption(OptionSpec.builder(o).description(guard(o.description())).build());
    }
    for (PositionalParamSpec p : positionals) {
      spec.addPositional(PositionalParamSpec.builder(p).description(guard(p.description())).build());
    }
  }

  private static String[] guard(String[] lines) {
    if (lines == null) {
      return null;
    }
    String[] out = new String[lines.length];
    for (int i = 0; i < lines.length; i++) {
      out[i] = guard(lines[i]);
    }
    return out;
  }

  /** {@code text} with each guarded character inside a word replaced by its stand-in. */
  static String guard(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(text);
    for (int i = 1; i < sb.length() - 1; i++) {
      int g = GUARDED.indexOf(sb.charAt(i));
      if (g >= 0 && !Character.isWhitespace(sb.charAt(i - 1)) && !Character.isWhitespace(sb.charAt(i + 1))
          && !isStandInOrVariable(sb, i)) {
        sb.setCharAt(i, (char) (FIRST_STAND_IN + g));
      }
    }
    return sb.toString();
  }

  /** Whether the character at {@code i} belongs to a picocli variable such as {@code ${DEFAULT-VALUE}}. */
  private static boolean isStandInOrVariable(StringBuilder sb, int i) {
    int open = sb.lastIndexOf("${", i);
    return open >= 0 && sb.indexOf("}", open) > i;
  }

  /** Rendered help with every stand-in turned back into its character. */
  static String restore(String rendered) {
    if (rendered == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(rendered);
    for (int i = 0; i < sb.length(); i++) {
      int g = sb.charAt(i) - FIRST_STAND_IN;
      if (g >= 0 && g < GUARDED.length()) {
        sb.setCharAt(i, GUARDED.charAt(g));
      }
    }
    return sb.toString();
  }

  /** The guarded characters, for tests. */
  static List<Character> guarded() {
    return GUARDED.chars().mapToObj(c -> (char) c).toList();
  }
}
