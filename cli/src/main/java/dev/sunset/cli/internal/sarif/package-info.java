/**
 * SARIF 2.1.0 (the OASIS Static Analysis Results Interchange Format), which GitHub code scanning, IDEs and other
 * analysis viewers read, written by {@code sunset scan}, {@code check} and {@code verdict} with {@code --format sarif}.
 *
 * <p>{@link dev.sunset.cli.internal.sarif.Sarif} holds the SARIF objects Sunset writes, as records named after the
 * objects of the standard and written by jackson-jr in declaration order (null fields left out), so that the
 * document's shape is in the types, not in strings. {@link dev.sunset.cli.internal.sarif.SarifLogs} turns Sunset's
 * rules and call sites into one run: a rule is a {@code reportingDescriptor}, each call site one {@code result} at its
 * source file and line ({@link dev.sunset.cli.internal.sarif.SourceRoots} finds the file from the class's package and
 * its {@code SourceFile}), with a fingerprint from its site key
 * ({@link dev.sunset.cli.internal.sarif.SiteFingerprint}) so that code scanning keeps one alert per site across runs.
 *
 * <p>The format is the standard's: it is described by the SARIF 2.1.0 JSON Schema (a copy of which the tests validate
 * the real output against), not by a schema of ours; what Sunset adds is in property bags, named in
 * {@code docs/cli.md}.
 */
package dev.sunset.cli.internal.sarif;
