package dev.sunset.core.rules;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * When a redirected call site falls back to {@link Stage#OBSERVE} on its own: its redirected calls threw more often
 * than {@code errorPercent} of them within {@code within}, and there were at least {@code minCalls} of them in that
 * window. Written in a rule as {@code rollback: {errors: 1%, within: 1m, min: 100}}.
 *
 * @param errorPercent the share of redirected calls that may throw, in percent, from 0 (any throw rolls back) to
 *     below 100
 * @param within the window the share is judged over, from {@link #SHORTEST} to {@link #LONGEST}, in whole seconds
 * @param minCalls the least number of redirected calls in the window before the share is judged, from 1 to
 *     {@link #MAX_MIN_CALLS}
 */
@API(status = INTERNAL, since = "0.1.0")
public record Rollback(BigDecimal errorPercent, Duration within, long minCalls) {
  /** The shortest window: the agent judges once a second. */
  public static final Duration SHORTEST = Duration.ofSeconds(1);
  /** The longest window. */
  public static final Duration LONGEST = Duration.ofHours(1);
  /** The largest {@code min}. */
  public static final long MAX_MIN_CALLS = 1_000_000_000L;

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3})?) ?%");
  private static final Pattern DURATION = Pattern.compile("(\\d{1,4})(s|m|h)");
  private static final Pattern COUNT = Pattern.compile("\\d{1,10}");

  /** A rollback; checks the ranges. */
  public Rollback {
    Objects.requireNonNull(errorPercent, "errorPercent");
    Objects.requireNonNull(within, "within");
    if (errorPercent.signum() < 0 || errorPercent.compareTo(HUNDRED) >= 0) {
      throw new IllegalArgumentException("errors " + errorPercent + "% is not from 0% to below 100%");
    }
    if (within.compareTo(SHORTEST) < 0 || within.compareTo(LONGEST) > 0 || within.toNanosPart() != 0) {
      throw new IllegalArgumentException("within " + within + " is not whole seconds from 1s to 1h");
    }
    if (minCalls < 1 || minCalls > MAX_MIN_CALLS) {
      throw new IllegalArgumentException("min " + minCalls + " is not from 1 to " + MAX_MIN_CALLS);
    }
  }

  /**
   * A percentage as a rules file writes it: {@code 1%}, {@code 0.5%}, {@code 2.25 %} (the sign is required, so that
   * a count is never taken for a share; at most three decimals); null when {@code text} is not one, or is 100% or
   * more (a share no rate can exceed would never roll back).
   */
  public static BigDecimal parsePercent(String text) {
    Matcher m = PERCENT.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      return null;
    }
    BigDecimal value = new BigDecimal(m.group(1));
    return value.compareTo(HUNDRED) >= 0 ? null : value;
  }

  /** A window as a rules file writes it: {@code 30s}, {@code 1m}, {@code 1h}; null when not one from 1s to 1h. */
  public static Duration parseWithin(String text) {
    Matcher m = DURATION.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      return null;
    }
    long amount = Long.parseLong(m.group(1));
    Duration d = switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
    return d.compareTo(SHORTEST) < 0 || d.compareTo(LONGEST) > 0 ? null : d;
  }

  /** A {@code min} as a rules file writes it: digits only, from 1 to {@link #MAX_MIN_CALLS}; -1 when not one. */
  public static long parseMinCalls(String text) {
    String t = text == null ? "" : text.trim();
    if (!COUNT.matcher(t).matches()) {
      return -1;
    }
    long value = Long.parseLong(t);
    return value < 1 || value > MAX_MIN_CALLS ? -1 : value;
  }

  /**
   * Whether {@code errors} of {@code calls} redirected calls in one window call for a rollback: at least
   * {@code minCalls} calls, and more errors than {@code errorPercent} of them. Exact (no floating point).
   */
  public boolean exceededBy(long calls, long errors) {
    if (calls < minCalls || calls <= 0 || errors <= 0) {
      return false;
    }
    // errors / calls > errorPercent / 100  <=>  errors * 100 > errorPercent * calls
    return BigDecimal.valueOf(errors).multiply(HUNDRED).compareTo(errorPercent.multiply(BigDecimal.valueOf(calls))) > 0;
  }

  /** The share as people read it: {@code 1%}, {@code 0.5%}. */
  public String percentForPeople() {
    return errorPercent.stripTrailingZeros().toPlainString() + "%";
  }

  /** The window as people read it: {@code 10s}, {@code 1m}, {@code 90s}. */
  public String withinForPeople() {
    long s = within.getSeconds();
    return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
  }

  /** As a rules file writes it: {@code {errors: 1%, within: 1m, min: 100}}. */
  @Override
  public String toString() {
    return "{errors: " + percentForPeople() + ", within: " + withinForPeople() + ", min: " + minCalls + "}";
  }

  /** Whether two rollbacks say the same (1% and 1.0% are the same share). */
  public boolean sameAs(Rollback other) {
    return other != null && errorPercent.compareTo(other.errorPercent) == 0 && within.equals(other.within)
        && minCalls == other.minCalls;
  }
}
