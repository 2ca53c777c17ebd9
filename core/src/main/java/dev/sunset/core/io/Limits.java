package dev.sunset.core.io;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * The most Sunset reads of one input, so that a hostile or broken file costs bounded memory and time. Each limit
 * that is hit is named in one line (what, how large, the limit); SECURITY.md lists them.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class Limits {
  private static final long MIB = 1024L * 1024;

  /** The largest report, scan or verdict file read (JSON): 64 MiB, some 200,000 call sites. */
  public static final long JSON_FILE_BYTES = 64 * MIB;
  /** The largest rules file read (YAML): 8 MiB, some 50,000 rules. */
  public static final long RULES_FILE_BYTES = 8 * MIB;
  /** How deep collections may nest in a rules file: 64 levels (a rules file needs 5). */
  public static final int YAML_NESTING = 64;
  /** The largest class file read from a jar or a folder: 16 MiB (the JVM's format allows far less in practice). */
  public static final long CLASS_FILE_BYTES = 16 * MIB;
  /** The largest jar nested in a jar that a scan copies out to read: 512 MiB. */
  public static final long NESTED_JAR_BYTES = 512 * MIB;
  /** The most a scan copies out of nested jars in all: 4 GiB. */
  public static final long NESTED_JARS_TOTAL_BYTES = 4096 * MIB;
  /** How deep jars may nest in jars for a scan to read them: 4 levels (a jar in a jar in a jar in a jar). */
  public static final int JAR_NESTING = 4;

  private Limits() {}

  /** A size for people: {@code 64 MiB}, {@code 1.5 GiB}, {@code 900 bytes}. */
  public static String describe(long bytes) {
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    if (bytes < MIB) {
      return oneDecimal(bytes / 1024.0) + " KiB";
    }
    if (bytes < 1024 * MIB) {
      return oneDecimal(bytes / (double) MIB) + " MiB";
    }
    return oneDecimal(bytes / (1024.0 * MIB)) + " GiB";
  }

  private static String oneDecimal(double value) {
    long tenths = Math.round(value * 10);
    return tenths % 10 == 0 ? Long.toString(tenths / 10) : (tenths / 10) + "." + (tenths % 10);
  }
}
