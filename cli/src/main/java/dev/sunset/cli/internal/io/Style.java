package dev.sunset.cli.internal.io;

import dev.sunset.core.format.Verdict;
import dev.sunset.core.text.Printable;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Colour for people at a terminal: the tables' headers, verdicts, {@code warning:} and error prefixes. It follows
 * picocli's rule for its help ({@link Ansi#AUTO}): on when standard output is a terminal, off when it is redirected
 * or piped, off whenever {@code NO_COLOR} is set, on when {@code CLICOLOR_FORCE} is set (to anything but 0). What is
 * written without colour is exactly the same text, so scripts that read the output never see an escape sequence.
 * Every method escapes its text first ({@link Printable#line}), so what input holds is shown, never acted on.
 */
public final class Style {
  private static final String RESET = "\033[0m";
  private final boolean on;

  private Style(boolean on) {
    this.on = on;
  }

  /** Colour as the command line's colour scheme has it (picocli's AUTO unless a caller set another). */
  public static Style of(CommandSpec spec) {
    return of(spec.commandLine().getColorScheme().ansi());
  }

  /** Colour as {@code ansi} says. */
  public static Style of(Ansi ansi) {
    return new Style(ansi.enabled());
  }

  /** No colour. */
  public static Style plain() {
    return new Style(false);
  }

  /** Whether colour is on. */
  public boolean on() {
    return on;
  }

  /** The text escaped ({@link Printable#line}), then coloured: input can never bring an escape sequence of its own. */
  private String wrap(String code, String text) {
    String safe = Printable.line(text);
    return on && safe != null && !safe.isEmpty() ? "\033[" + code + "m" + safe + RESET : safe;
  }

  /** Bold. */
  public String bold(String text) {
    return wrap("1", text);
  }

  /** Red, for what fails. */
  public String red(String text) {
    return wrap("31", text);
  }

  /** Bold red, for the prefix of an error line. */
  public String error(String text) {
    return wrap("1;31", text);
  }

  /** Green, for what is done. */
  public String green(String text) {
    return wrap("32", text);
  }

  /** Yellow, for what needs a look. */
  public String yellow(String text) {
    return wrap("33", text);
  }

  /** Faint, for what is said in passing. */
  public String faint(String text) {
    return wrap("2", text);
  }

  /** {@code warning: rest}, the prefix in yellow. */
  public String warning(String rest) {
    return yellow("warning:") + " " + Printable.line(rest);
  }

  /** {@code note: rest}, the prefix faint. */
  public String note(String rest) {
    return faint("note:") + " " + Printable.line(rest);
  }

  /** A verdict's name in the colour of what it asks: migrated green, in-use red, unknown yellow, dead bold. */
  public String verdict(Verdict.Kind kind) {
    return switch (kind) {
      case MIGRATED -> wrap("1;32", kind.id());
      case DEAD -> wrap("1;36", kind.id());
      case IN_USE -> wrap("1;31", kind.id());
      case UNKNOWN -> wrap("1;33", kind.id());
    };
  }
}
