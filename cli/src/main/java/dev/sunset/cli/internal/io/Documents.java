package dev.sunset.cli.internal.io;

import dev.sunset.cli.internal.BadInput;
import dev.sunset.core.format.Document;
import dev.sunset.core.format.FormatException;
import dev.sunset.core.format.Formats;
import dev.sunset.core.format.ReportStream;
import dev.sunset.core.format.Scan;
import java.nio.file.Path;
import java.util.List;

/** Reads the files the commands are given in Sunset's formats; a file that does not read is bad input, in one line. */
public final class Documents {
  private Documents() {}

  /** A scan written by {@code scan --format json}. */
  public static Scan scan(Path file) throws BadInput {
    try {
      return Scan.read(file);
    } catch (FormatException e) {
      throw new BadInput(e.getMessage());
    }
  }

  private static final List<String> REPORT_SCAN_OR_TESTS = List.of(Formats.REPORT, Formats.SCAN, Formats.TESTS);
  private static final String EXPECTED_REPORT_SCAN_OR_TESTS = Formats.REPORT + " (an agent report), " + Formats.SCAN
      + " (a scan) or " + Formats.TESTS + " (tests)";

  /**
   * The head of an agent report, a scan, or which test reached which call site ({@code sunset-tests/1}): read no
   * further than a report's first fields, so that a report can then be read as a stream.
   */
  public static ReportStream.Head reportScanOrTestsHead(Path file) throws BadInput {
    try {
      return ReportStream.head(file, REPORT_SCAN_OR_TESTS, EXPECTED_REPORT_SCAN_OR_TESTS);
    } catch (FormatException e) {
      throw new BadInput(e.getMessage());
    }
  }

  /** An agent report, a scan, or which test reached which call site ({@code sunset-tests/1}), read whole. */
  public static Document reportScanOrTests(Path file) throws BadInput {
    try {
      return Document.read(file, REPORT_SCAN_OR_TESTS, EXPECTED_REPORT_SCAN_OR_TESTS);
    } catch (FormatException e) {
      throw new BadInput(e.getMessage());
    }
  }
}
