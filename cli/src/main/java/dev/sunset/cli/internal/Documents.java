package dev.sunset.cli.internal;

import dev.sunset.core.format.Document;
import dev.sunset.core.format.FormatException;
import dev.sunset.core.format.Formats;
import dev.sunset.core.format.Report;
import dev.sunset.core.format.Scan;
import java.nio.file.Path;
import java.util.List;

/** Reads the files the commands are given in Sunset's formats; a file that does not read is bad input, in one line. */
final class Documents {
  private Documents() {}

  /** An agent report (or merged reports). */
  static Report report(Path file) throws BadInput {
    try {
      return Report.read(file);
    } catch (FormatException e) {
      throw new BadInput(e.getMessage());
    }
  }

  /** A scan written by {@code scan --format json}. */
  static Scan scan(Path file) throws BadInput {
    try {
      return Scan.read(file);
    } catch (FormatException e) {
      throw new BadInput(e.getMessage());
    }
  }

  /** An agent report, a scan, or which test reached which call site ({@code sunset-tests/1}). */
  static Document reportScanOrTests(Path file) throws BadInput {
    try {
      return Document.read(file, List.of(Formats.REPORT, Formats.SCAN, Formats.TESTS), Formats.REPORT
          + " (an agent report), " + Formats.SCAN + " (a scan) or " + Formats.TESTS + " (tests)");
    } catch (FormatException e) {
      throw new BadInput(e.getMessage());
    }
  }
}
