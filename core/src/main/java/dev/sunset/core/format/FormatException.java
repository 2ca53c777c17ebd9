package dev.sunset.core.format;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * A file that does not read as the format it should be: one line naming the file (or whatever the text came
 * from), the field and what is wrong, such as {@code fleet.json: callSites[3].count is not a whole number from 0
 * to 9223372036854775807}.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class FormatException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String problem;

  /** A problem of the file or text named {@code source}. */
  public FormatException(String source, String problem) {
    super(source + ": " + problem);
    this.source = source;
    this.problem = problem;
  }

  /** What the text came from: a file's path as given, or a description. */
  public String source() {
    return source;
  }

  /** What is wrong, without the source. */
  public String problem() {
    return problem;
  }
}
