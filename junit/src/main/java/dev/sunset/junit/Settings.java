package dev.sunset.junit;

import dev.sunset.core.report.SiteMatch;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The JUnit configuration parameters this jar reads (from {@code junit-platform.properties}, the launcher's
 * {@code --config}, Surefire's {@code configurationParameters}, or system properties).
 *
 * @param report where to write {@code sunset-tests/1}, or null
 * @param baseline a report or scan whose call sites are tolerated, or null
 * @param failOnNew whether a test that reaches a site the baseline does not list fails
 * @param match how sites match the baseline: by line, or anywhere in their method
 * @param agentWaitMillis how long to wait for the agent's MBean
 */
record Settings(Path report, Path baseline, boolean failOnNew, SiteMatch match, long agentWaitMillis) {
  static final String REPORT = "sunset.junit.report";
  static final String BASELINE = "sunset.junit.baseline";
  static final String FAIL_ON_NEW = "sunset.junit.failOnNew";
  static final String MATCH = "sunset.junit.match";
  static final String AGENT_WAIT = "sunset.junit.agentWaitMillis";

  /** A setting that cannot be read, named with its key and what it holds. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String key, String value, String expected) {
      super(key + " is '" + value + "', not " + expected);
    }
  }

  static Settings from(Function<String, Optional<String>> parameters) throws Invalid {
    Path report = parameters.apply(REPORT).filter(s -> !s.isBlank()).map(Path::of).orElse(null);
    Path baseline = parameters.apply(BASELINE).filter(s -> !s.isBlank()).map(Path::of).orElse(null);
    String fail = parameters.apply(FAIL_ON_NEW).orElse("false").trim();
    if (!fail.equalsIgnoreCase("true") && !fail.equalsIgnoreCase("false")) {
      throw new Invalid(FAIL_ON_NEW, fail, "true or false");
    }
    String match = parameters.apply(MATCH).orElse("line").trim();
    SiteMatch m = switch (match.toLowerCase(Locale.ROOT)) {
      case "line" -> SiteMatch.LINE;
      case "method" -> SiteMatch.METHOD;
      default -> throw new Invalid(MATCH, match, "line or method");
    };
    String wait = parameters.apply(AGENT_WAIT).orElse("3000").trim();
    long millis;
    try {
      millis = Long.parseLong(wait);
    } catch (NumberFormatException e) {
      millis = -1;
    }
    if (millis < 0 || millis > 600_000) {
      throw new Invalid(AGENT_WAIT, wait, "a number of milliseconds up to 600000");
    }
    return new Settings(report, baseline, fail.equalsIgnoreCase("true"), m, millis);
  }
}
