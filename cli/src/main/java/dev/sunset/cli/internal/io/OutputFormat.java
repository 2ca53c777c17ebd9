package dev.sunset.cli.internal.io;

/** How a command prints its result. */
public enum OutputFormat {
  /** Columns for people. */
  TABLE,
  /** The command's versioned JSON format. */
  JSON,
  /** SARIF 2.1.0, for code scanning and IDEs. */
  SARIF
}
