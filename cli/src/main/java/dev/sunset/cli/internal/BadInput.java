package dev.sunset.cli.internal;

/**
 * Input a command cannot work with; its message is what {@code sunset} prints, one line per problem, each
 * naming the file (or option) and what is wrong, before it exits with {@link ExitCode#BAD_INPUT}.
 */
public final class BadInput extends Exception {
  private static final long serialVersionUID = 1L;

  /** Bad input described by {@code message}. */
  public BadInput(String message) {
    super(message, null, false, false);
  }
}
