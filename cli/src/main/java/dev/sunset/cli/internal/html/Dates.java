package dev.sunset.cli.internal.html;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the page writes times: UTC, to the minute. */
final class Dates {
  private static final DateTimeFormatter DISPLAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private Dates() {}

  /** {@code 2026-11-21 10:00 UTC}. */
  static String display(Instant at) {
    return DISPLAY.format(at);
  }

  /** {@code 2026-11-21}. */
  static String day(Instant at) {
    return DAY.format(at);
  }
}
