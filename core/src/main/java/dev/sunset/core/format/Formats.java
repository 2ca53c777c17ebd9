package dev.sunset.core.format;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * The ids of the JSON formats Sunset writes and other tools read. Each is a contract: a format changes only
 * by adding fields; a change that is not an addition gets a new id.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class Formats {
  /** The agent's report of every call site it rewrote or caught, with counts. */
  public static final String REPORT = "sunset-report/1";
  /** A static inventory of call sites found in artifacts, without counts. */
  public static final String SCAN = "sunset-scan/1";
  /** Per rule, whether the legacy method can be deleted. */
  public static final String VERDICT = "sunset-verdict/1";
  /** Which test reached which call site, written by {@code sunset-junit} while the agent counted. */
  public static final String TESTS = "sunset-tests/1";

  private Formats() {}
}
