package dev.sunset.agent.internal.rules;

import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.core.io.InputFile;
import java.util.List;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The clock that rule schedules are read against: the system clock, a fixed instant, or the instant
 * written in a file (re-read on every look), so that a rollout's dates can be rehearsed in staging.
 */
public final class RulesClock extends Clock {
  private final Instant fixed;
  private final Path file;

  private RulesClock(Instant fixed, Path file) {
    this.fixed = fixed;
    this.file = file;
  }

  /**
   * The clock for the {@code clock} option: null or empty for the system clock, an ISO-8601 instant such
   * as {@code 2027-01-16T00:00:00Z}, or {@code file:<path>} of a file holding such an instant.
   *
   * @throws IllegalArgumentException with a message that says what is wrong
   */
  public static Clock fromOption(String option) {
    if (option == null || option.isBlank()) {
      return Clock.systemUTC();
    }
    String o = option.trim();
    if (o.startsWith("file:")) {
      return new RulesClock(null, Path.of(o.substring("file:".length())));
    }
    try {
      return new RulesClock(Instant.parse(o), null);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("clock '" + o + "' is not an instant such as 2027-01-16T00:00:00Z"
          + " or file:<path>");
    }
  }

  @Override
  public Instant instant() {
    if (fixed != null) {
      return fixed;
    }
    try {
      return Instant.parse(InputFile.readText(file, 4096, "a clock file").trim());
    } catch (IOException | DateTimeParseException e) {
      AgentLog.once(LogTopic.CLOCK, List.of(file, e.getMessage()),
          "clock file " + file + " does not hold an instant such as "
          + "2027-01-16T00:00:00Z (" + e.getMessage() + "); using the system clock");
      return Instant.now();
    }
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
