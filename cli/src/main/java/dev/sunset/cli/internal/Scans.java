package dev.sunset.cli.internal;

import dev.sunset.core.rules.Problem;
import dev.sunset.core.scan.ArtifactException;
import dev.sunset.core.scan.ArtifactScanner;
import dev.sunset.core.scan.ScanProgress;
import dev.sunset.core.scan.ScanResult;
import dev.sunset.core.scan.SkippedClass;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** Runs a scan for a command: the rules file read, progress on a terminal, problems as warnings. */
final class Scans {
  private static final long PROGRESS_EVERY_NANOS = 250_000_000L;

  private Scans() {}

  /**
   * Scans {@code paths} under the rules of {@code rulesFile} (may be null) and the shipped ones, and prints the
   * problems met on the way as {@code warning:} lines.
   *
   * @param progress whether to show progress on standard error; null: when run in a terminal
   * @throws BadInput for a bad rules file or artifact, or when there is no rule at all
   */
  static ScanResult scan(Path rulesFile, List<Path> paths, Boolean progress, PrintWriter err) throws BadInput {
    ScanResult result = scanWithoutWarnings(rulesFile, paths, progress, err);
    warn(result, p -> true, err);
    return result;
  }

  /** As {@link #scan}, leaving the problems to the caller (see {@link #warn}). */
  static ScanResult scanWithoutWarnings(Path rulesFile, List<Path> paths, Boolean progress, PrintWriter err)
      throws BadInput {
    boolean show = progress != null ? progress : System.console() != null;
    Progress shown = new Progress(err, show);
    ScanResult result;
    try {
      result = ArtifactScanner.builder().userRules(Rules.read(rulesFile)).listener(shown::update).build().scan(paths);
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
  static void warn(ScanResult result, Predicate<Problem> which, PrintWriter err) {
    for (Problem p : result.problems()) {
      if (which.test(p)) {
        err.println("warning: " + p.describe());
      }
    }
    for (SkippedClass s : result.skipped()) {
      err.println("warning: " + s.describe());
    }
  }

  /** One line summing a scan up, for standard error. */
  static String summary(ScanResult result) {
    var st = result.stats();
    return String.format(Locale.ROOT, "scanned %,d jars and folders (%,d scopes), %,d classes, %,d parsed, in %.1f s:"
        + " %,d call sites of %,d rules", st.archives(), st.scopes(), st.classes(), st.classesParsed(),
        st.elapsed().toMillis() / 1000.0, result.sites().size(), result.rules().size());
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
