package dev.sunset.core.format;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.Path;
import java.util.List;
import org.apiguardian.api.API;

/**
 * A file of one of Sunset's formats, whichever its {@code format} field says: a report, a scan, a verdict, or which
 * test reached which call site.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public sealed interface Document permits Report, Scan, Verdict, TestSites {
  /** The document as pretty-printed JSON text of its format. */
  String toJson();

  /**
   * Reads a file of any of the formats.
   *
   * @throws FormatException naming the file and what is wrong, in one line
   */
  static Document read(Path file) throws FormatException {
    return read(file, List.of(Formats.REPORT, Formats.SCAN, Formats.VERDICT),
        Formats.REPORT + ", " + Formats.SCAN + " or " + Formats.VERDICT);
  }

  /**
   * Reads a file of one of {@code formats}; a file of another format is refused before anything else of it is read.
   *
   * @param expected what the formats are, for the message: {@code sunset-report/1 or sunset-scan/1}
   * @throws FormatException naming the file and what is wrong, in one line
   */
  static Document read(Path file, List<String> formats, String expected) throws FormatException {
    return Node.read(file, node -> {
      Object format = node.format();
      if (!(format instanceof String named) || !formats.contains(named)) {
        throw Node.wrongFormat(file.toString(), format, expected);
      }
      if (Formats.REPORT.equals(format)) {
        return Report.from(node);
      }
      if (Formats.SCAN.equals(format)) {
        return Scan.from(node);
      }
      if (Formats.TESTS.equals(format)) {
        return TestSites.from(node);
      }
      return Verdict.from(node);
    });
  }
}
