package dev.sunset.cli.internal.command;

import dev.sunset.cli.internal.BadInput;
import dev.sunset.cli.internal.io.Rules;
import dev.sunset.cli.internal.io.Style;
import dev.sunset.core.rules.Problem;
import dev.sunset.core.scan.ArtifactException;
import dev.sunset.core.scan.ArtifactScanner;
import dev.sunset.core.scan.ScanProgress;
import dev.sunset.core.scan.ScanResult;
import dev.sunset.core.scan.ScannedRule;
import dev.sunset.core.scan.SkippedClass;
import dev.sunset.core.text.Counted;
import dev.sunset.core.text.Printable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Runs a scan for a command: the rules file read, progress on a terminal, problems as warnings, and each rule that
 * resolved nowhere named with what to do.
 */
final class Scans {
  private static final long PROGRESS_EVERY_NANOS = 250_000_000L;
  /** What to do about a rule whose legacy class no scanned jar holds. */
  static final String GIVE_THE_LIBRARY = "give the library's jar with --class-path, or scan it";
  /** What to do about a rule that the classes holding its legacy class refuse. */
  static final String FIX_THE_RULE = "correct the rule to fit the class, or scan the library version it was written for";

  private Scans() {}

  /**
   * Scans {@code paths} under the rules of {@code rulesFile} (may be null) and the shipped ones, resolving them also
   * against {@code classPath}, and prints the problems met on the way and each rule that resolved nowhere as
   * {@code warning:} lines.
   *
   * @param progress whether to show progress on standard error; null: when run in a terminal
   * @throws BadInput for a bad rules file or artifact, or when there is no rule at all
   */
  static ScanResult scan(Path rulesFile, List<Path> paths, List<Path> classPath, Boolean progress, PrintWriter err,
      Style style) throws BadInput {
    ScanResult result = scanWithoutWarnings(rulesFile, paths, classPath, progress, err);
    warn(result, notAboutAnUnresolvedRule(result), err, style);
    for (String line : unresolved(result, "")) {
      err.println(style.warning(line));
    }
    return result;
  }

  /** As {@link #scan}, leaving the problems and the rules that resolved nowhere to the caller (see {@link #warn}). */
  static ScanResult scanWithoutWarnings(Path rulesFile, List<Path> paths, List<Path> classPath, Boolean progress,
      PrintWriter err) throws BadInput {
    boolean show = progress != null ? progress : System.console() != null;
    Progress shown = new Progress(err, show);
    ScanResult result;
    try {
      result = ArtifactScanner.builder().userRules(Rules.read(rulesFile)).classPath(classPath)
          .listener(shown::update).build().scan(paths);
    } catch (ArtifactException e) {
      throw new BadInput(e.getMessage());
    } finally {
      shown.end();
    }
    if (result.rules().isEmpty()) {
      throw new BadInput((rulesFile == null ? "no --rules file given" : rulesFile + ": has no rules")
          + ", and none of the artifacts ships " + "META-INF/sunset/rules.yaml: there is nothing to look for");
    }
    return result;
  }

  /** Prints the problems {@code which} selects, and the skipped classes, as {@code warning:} lines. */
  static void warn(ScanResult result, Predicate<Problem> which, PrintWriter err, Style style) {
    for (Problem p : result.problems()) {
      if (which.test(p)) {
        err.println(style.warning(p.describe()));
      }
    }
    for (SkippedClass s : result.skipped()) {
      err.println(style.warning(s.describe()));
    }
  }

  /**
   * The warnings {@link #scan} prints, in the same order and words: for a SARIF log's notifications.
   *
   * @param orElse as for {@link #unresolved}
   */
  static List<String> warnings(ScanResult result, String orElse) {
    List<String> lines = new ArrayList<>();
    Predicate<Problem> which = notAboutAnUnresolvedRule(result);
    for (Problem p : result.problems()) {
      if (which.test(p)) {
        lines.add(p.describe());
      }
    }
    for (SkippedClass s : result.skipped()) {
      lines.add(s.describe());
    }
    lines.addAll(unresolved(result, orElse));
    return lines;
  }

  /**
   * The problems that the line of a rule that resolved nowhere does not already say: a rule refused in every scope
   * is one line ({@link #unresolved}), not one per scope.
   */
  static Predicate<Problem> notAboutAnUnresolvedRule(ScanResult result) {
    Set<String> unresolved = new HashSet<>();
    for (ScannedRule r : result.unresolvedRules()) {
      unresolved.add(r.spec().id());
    }
    return p -> p.kind() != Problem.Kind.RESOLUTION || !unresolved.contains(p.ruleId());
  }

  /**
   * One line per rule that resolved nowhere in the artifacts, naming it, its legacy member, where it is written,
   * why, and what to do; then a line for each jar that a scanned jar's manifest names but that is not there (the
   * likely reason), when some rule is unresolved. Such a rule has no call site in the scan whatever the code calls:
   * a gate or a verdict that counts on it would be wrong.
   *
   * @param orElse added to what to do, such as a way to go on anyway; may be empty
   */
  static List<String> unresolved(ScanResult result, String orElse) {
    return result.unresolvedLines(GIVE_THE_LIBRARY, FIX_THE_RULE, orElse);
  }

  /** One line summing a scan up, for standard error. */
  static String summary(ScanResult result) {
    var st = result.stats();
    return "scanned " + Counted.of(st.archives(), "jar or folder", "jars and folders") + " ("
        + Counted.of(st.scopes(), "scope") + "), " + Counted.of(st.classes(), "class", "classes")
        + String.format(Locale.ROOT, ", %,d parsed, in %.1f s: ", st.classesParsed(), st.elapsed().toMillis() / 1000.0)
        + Counted.of(result.sites().size(), "call site") + " of " + Counted.of(result.rules().size(), "rule");
  }

  /** Progress on one line of standard error, rewritten in place. */
  private static final class Progress {
    private final PrintWriter err;
    private final boolean show;
    private long last = System.nanoTime();
    private boolean printed;

    Progress(PrintWriter err, boolean show) {
      this.err = err;
      this.show = show;
    }

    synchronized void update(ScanProgress p) {
      long now = System.nanoTime();
      if (!show || now - last < PROGRESS_EVERY_NANOS) {
        return;
      }
      last = now;
      printed = true;
      err.printf(Locale.ROOT, "\rscanning: %,d of %,d jars and folders, %,d classes", p.archivesDone(),
          p.archivesTotal(), p.classes());
      err.flush();
    }

    synchronized void end() {
      if (printed) {
        err.print("\r\033[K");
        err.flush();
      }
    }
  }
}
