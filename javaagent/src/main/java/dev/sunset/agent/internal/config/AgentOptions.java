package dev.sunset.agent.internal.config;

import dev.sunset.agent.internal.log.AgentLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The agent's options, read from the {@code -javaagent} argument string ({@code key=value,key=value}),
 * then the {@code sunset.*} system properties, then the {@code SUNSET_*} environment variables, in that
 * order of precedence.
 */
public final class AgentOptions {
  /** The rules file, in addition to the rules shipped in jars. */
  public static final String RULES = "rules";
  /** The JSON report file, or {@code none}. */
  public static final String REPORT = "report";
  /** How often the report is rewritten while the application runs, such as {@code 10s} or {@code 500ms}. */
  public static final String REPORT_INTERVAL = "reportInterval";
  /** Whether the call-site table is printed on standard error at exit ({@code true} or {@code false}). */
  public static final String SUMMARY = "summary";

  /** The clock schedules are read against: an instant or {@code file:<path>}, to rehearse a rollout. */
  public static final String CLOCK = "clock";

  /**
   * Whether call-site telemetry goes out through OpenTelemetry when an exporter is configured or the
   * OpenTelemetry Java agent is attached ({@code auto}, the default), or never ({@code off}).
   */
  public static final String TELEMETRY = "telemetry";
  /** How many call sites get a series of their own in {@code sunset.legacy.calls}; the others share overflow series. */
  public static final String MAX_CALL_SITE_SERIES = "maxCallSiteSeries";

  /**
   * Where {@code agentmain} writes what it did, for {@code sunset attach} to read: given in the agent argument only
   * (never a system property or the environment, which would make every attach write there).
   */
  public static final String REPLY = "reply";

  private static final String[] KNOWN = {RULES, REPORT, REPORT_INTERVAL, SUMMARY, CLOCK, TELEMETRY,
      MAX_CALL_SITE_SERIES};
  private static final int DEFAULT_MAX_CALL_SITE_SERIES = 1000;
  private static final Path DEFAULT_REPORT = Path.of("sunset-report.json");
  private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  private final Map<String, String> values;
  private final Set<String> inArgument;
  private final String reply;

  private AgentOptions(Map<String, String> values, Set<String> inArgument, String reply) {
    this.values = values;
    this.inArgument = inArgument;
    this.reply = reply;
  }

  /** Reads the options from the agent argument string, the system properties and the environment. */
  public static AgentOptions read(String agentArgs, Function<String, String> systemProperties,
      Function<String, String> environment) {
    Map<String, String> values = new LinkedHashMap<>();
    String reply = null;
    if (agentArgs != null && !agentArgs.isBlank()) {
      for (String part : agentArgs.split(",")) {
        if (part.isBlank()) {
          continue;
        }
        int eq = part.indexOf('=');
        String key = (eq < 0 ? part : part.substring(0, eq)).trim();
        String value = eq < 0 ? "" : part.substring(eq + 1).trim();
        if (key.equals(REPLY)) {
          reply = value.isEmpty() ? null : value;
          continue;
        }
        if (!isKnown(key)) {
          AgentLog.info("ignoring unknown agent option '" + key + "' (known: " + String.join(", ", KNOWN) + ")");
          continue;
        }
        values.put(key, value);
      }
    }
    Set<String> inArgument = Set.copyOf(values.keySet());
    for (String key : KNOWN) {
      if (!values.containsKey(key)) {
        String value = systemProperties.apply("sunset." + key);
        if (value == null) {
          value = environment.apply("SUNSET_" + toEnvName(key));
        }
        if (value != null) {
          values.put(key, value.trim());
        }
      }
    }
    return new AgentOptions(values, inArgument, reply);
  }

  /** The file {@code agentmain} writes what it did to ({@code reply=}), or null. */
  public Path replyFile() {
    return reply == null ? null : Path.of(reply);
  }

  /**
   * The options this agent argument gives, other than the rules file, whose values differ from those a running
   * agent took ({@code running}), as {@code key=given (running: value)}: what a second attach cannot change.
   */
  public List<String> differencesFrom(AgentOptions running) {
    List<String> differences = new ArrayList<>();
    for (String key : KNOWN) {
      if (!key.equals(RULES) && inArgument.contains(key)) {
        String given = effective(key);
        String now = running.effective(key);
        if (!given.equals(now)) {
          differences.add(key + "=" + values.get(key) + " (running: " + now + ")");
        }
      }
    }
    return differences;
  }

  /** An option's value as it takes effect, defaults applied, in a form that compares as it acts. */
  private String effective(String key) {
    return switch (key) {
      case REPORT -> reportFile() == null ? "none" : reportFile().toAbsolutePath().normalize().toString();
      case REPORT_INTERVAL -> reportInterval().toString();
      case SUMMARY -> String.valueOf(summary());
      case CLOCK -> String.valueOf(clock());
      case TELEMETRY -> telemetryEnabled() ? "auto" : "off";
      case MAX_CALL_SITE_SERIES -> String.valueOf(maxCallSiteSeries());
      default -> String.valueOf(values.get(key));
    };
  }

  private static boolean isKnown(String key) {
    for (String k : KNOWN) {
      if (k.equals(key)) {
        return true;
      }
    }
    return false;
  }

  static String toEnvName(String key) {
    StringBuilder sb = new StringBuilder();
    for (char c : key.toCharArray()) {
      if (Character.isUpperCase(c)) {
        sb.append('_');
      }
      sb.append(Character.toUpperCase(c));
    }
    return sb.toString();
  }

  /** The rules file given, or null. */
  public Path rulesFile() {
    String value = values.get(RULES);
    return value == null || value.isEmpty() ? null : Path.of(value);
  }

  /** The report file, or null when the report is turned off with {@code report=none}. */
  public Path reportFile() {
    String value = values.get(REPORT);
    if (value == null || value.isEmpty()) {
      return DEFAULT_REPORT;
    }
    return value.equalsIgnoreCase("none") ? null : Path.of(value);
  }

  /** The interval between report writes; a bad value is reported once and the default used. */
  public Duration reportInterval() {
    String value = values.get(REPORT_INTERVAL);
    if (value == null || value.isEmpty()) {
      return DEFAULT_INTERVAL;
    }
    try {
      Duration d = parseDuration(value);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("must be positive");
      }
      return d;
    } catch (RuntimeException e) {
      AgentLog.info("option reportInterval='" + value + "' is not a duration such as 10s or 500ms ("
          + e.getMessage() + "); using " + DEFAULT_INTERVAL.toSeconds() + "s");
      return DEFAULT_INTERVAL;
    }
  }

  /** Whether to print the call-site table at exit. */
  public boolean summary() {
    return !"false".equalsIgnoreCase(values.getOrDefault(SUMMARY, "true"));
  }

  /** The {@code clock} option as given, or null. */
  public String clock() {
    return values.get(CLOCK);
  }

  /** Whether telemetry may go out through OpenTelemetry: false only for {@code telemetry=off}. */
  public boolean telemetryEnabled() {
    String value = values.getOrDefault(TELEMETRY, "auto");
    if (!value.equalsIgnoreCase("auto") && !value.equalsIgnoreCase("off")) {
      AgentLog.once("option:telemetry", "option telemetry='" + value + "' is neither auto nor off; using auto");
    }
    return !value.equalsIgnoreCase("off");
  }

  /** The cap on call sites with a series of their own; a bad value is reported once and the default used. */
  public int maxCallSiteSeries() {
    String value = values.get(MAX_CALL_SITE_SERIES);
    if (value == null || value.isEmpty()) {
      return DEFAULT_MAX_CALL_SITE_SERIES;
    }
    try {
      int max = Integer.parseInt(value.trim());
      if (max < 0) {
        throw new NumberFormatException("negative");
      }
      return max;
    } catch (NumberFormatException e) {
      AgentLog.once("option:maxCallSiteSeries", "option maxCallSiteSeries='" + value
          + "' is not a whole number of 0 or more; using " + DEFAULT_MAX_CALL_SITE_SERIES);
      return DEFAULT_MAX_CALL_SITE_SERIES;
    }
  }

  /** Parses {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h} or an ISO-8601 duration. */
  public static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("p")) {
      return Duration.parse(text.trim());
    }
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
    }
    long n = Long.parseLong(t.substring(0, t.length() - 1).trim());
    switch (t.charAt(t.length() - 1)) {
      case 's':
        return Duration.ofSeconds(n);
      case 'm':
        return Duration.ofMinutes(n);
      case 'h':
        return Duration.ofHours(n);
      default:
        throw new IllegalArgumentException("unknown unit");
    }
  }
}
