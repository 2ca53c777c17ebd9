package dev.sunset.cli.internal;

import dev.sunset.cli.internal.verdict.Prometheus;

/** The exit codes of {@code sunset}: a contract scripts and CI rely on. */
public enum ExitCode {
  /** The command did what it was asked; {@code check} found no call site outside the baseline. */
  OK(0),
  /** {@code check} found call sites that are not in the baseline. */
  NEW_SITES(1),
  /**
   * Bad input: an unknown option or command, a missing, unreadable or malformed file (rules, baseline, report,
   * artifact), a folder that is not an artifact, a Prometheus that cannot be queried, a process that cannot be
   * attached to; for {@code check}, a rule that resolves nowhere in the artifacts (unless {@code --allow-unresolved}).
   * One line on standard error names the file (or option) and what is wrong.
   */
  BAD_INPUT(2),
  /** Sunset itself failed: a bug. One line on standard error says what happened. */
  FAILURE(3);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** The process exit code. */
  public int code() {
    return code;
  }
}
