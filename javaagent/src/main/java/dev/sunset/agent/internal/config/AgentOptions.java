package dev.sunset.agent.internal.config;

import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.AppLog;
import java.nio.file.InvalidPathException;
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
  /**
   * Where the {@code warn} lines, denials and rule problems also go: {@code stderr} (there only), {@code app} (also the
   * application's logging: SLF4J, else {@code java.util.logging}), or {@code auto}, the default (also the
   * application's logging where the calling class's loader sees SLF4J 2).
   */
  public static final String LOG = "log";
  /** How many call sites get a series of their own in {@code sunset.legacy.calls}; the others share overflow series. */
  public static final String MAX_CALL_SITE_SERIES = "maxCallSiteSeries";

  /**
   * Where {@code agentmain} writes what it did, for {@code sunset attach} to read: given in the agent argument only
   * (never a system property or the environment, which would make every attach write there).
   */
  public static final String REPLY = "reply";

  private static final String[] KNOWN = {RULES, REPORT, REPORT_INTERVAL, SUMMARY, CLOCK, TELEMETRY,
      MAX_CALL_SITE_SERIES, LOG};
  /** Options whose value is a path: a comma in one splits it, which is said rather than guessed around. */
  private static final String[] PATHS = {RULES, REPORT, CLOCK};
  private static final int DEFAULT_MAX_CALL_SITE_SERIES = 1000;
  /** The largest {@code maxCallSiteSeries}: more series than this is no dashboard any more. */
  public static final int MAX_MAX_CALL_SITE_SERIES = 100_000;
  private static final Path DEFAULT_REPORT = Path.of("sunset-report.json");
  private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  /** The shortest {@code reportInterval}: a report every 100 ms is already a report per frame of a dashboard. */
  public static final Duration MIN_INTERVAL = Duration.ofMillis(100);
  /** The longest {@code reportInterval}: a day (the report at exit is written whatever the interval). */
  public static final Duration MAX_INTERVAL = Duration.ofDays(1);

  private final Map<String, String> values;
  private final Set<String> inArgument;
  private final String reply;
  private final List<String> problems;
  private final Path rulesFile;
  private final Path reportFile;
  private final Duration reportInterval;
  private final boolean summary;
  private final boolean telemetry;
  private final int maxCallSiteSeries;
  private final AppLog.Mode log;

  private AgentOptions(Map<String, String> values, Set<String> inArgument, String reply, List<String> problems) {
    this.values = values;
    this.inArgument = inArgument;
    this.reply = reply;
    this.problems = problems;
    this.rulesFile = path(RULES);
    String report = values.get(REPORT);
    this.reportFile = report == null || report.isEmpty() ? DEFAULT_REPORT
        : report.equalsIgnoreCase("none") ? null : path(REPORT);
    this.reportInterval = interval();
    this.summary = bool(SUMMARY, true);
    this.telemetry = telemetry();
    this.maxCallSiteSeries = seriesCap();
    this.log = logMode();
  }

  /**
   * Reads the options from the agent argument string, the system properties and the environment. Each value is
   * checked against what the option takes (a stated range for numbers and durations, {@code true}/{@code false},
   * {@code auto}/{@code off}); a bad one is one line (see {@link #problems()}) and the option's default applies, so
   * the application always starts.
   */
  public static AgentOptions read(String agentArgs, Function<String, String> systemProperties,
      Function<String, String> environment) {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    String reply = null;
    if (agentArgs != null && !agentArgs.isBlank()) {
      String previousKey = null;
      for (String part : agentArgs.split(",")) {
        if (part.isBlank()) {
          continue;
        }
        int eq = part.indexOf('=');
        if (eq < 0) {
          if (previousKey != null && isPath(previousKey) && values.containsKey(previousKey)) {
            problems.add("option " + previousKey + "='" + values.get(previousKey) + "," + part + "': a comma separates "
                + "agent options, so this path cannot be given in the agent argument (give it with -Dsunset."
                + previousKey + "= or SUNSET_" + toEnvName(previousKey) + "); the option is ignored");
            values.remove(previousKey);
          } else {
            problems.add("ignoring agent option '" + part.trim() + "': not key=value (known: "
                + String.join(", ", KNOWN) + ")");
          }
          continue;
        }
        String key = part.substring(0, eq).trim();
        String value = part.substring(eq + 1).trim();
        previousKey = key;
        if (key.equals(REPLY)) {
          reply = value.isEmpty() ? null : value;
          continue;
        }
        if (!isKnown(key)) {
          problems.add("ignoring unknown agent option '" + key + "' (known: " + String.join(", ", KNOWN) + ")");
          continue;
        }
        values.put(key, value);
      }
    }
    Set<String> inArgument = Set.copyOf(values.keySet());
    for (String key : KNOWN) {
      if (!values.containsKey(key) && !inArgument.contains(key)) {
        String value = systemProperties.apply("sunset." + key);
        if (value == null) {
          value = environment.apply("SUNSET_" + toEnvName(key));
        }
        if (value != null) {
          values.put(key, value.trim());
        }
      }
    }
    AgentOptions options = new AgentOptions(values, inArgument, reply, problems);
    for (String problem : options.problems) {
      AgentLog.info(problem);
    }
    return options;
  }

  /** What was wrong with the options given, one line each (printed once when they were read). */
  public List<String> problems() {
    return List.copyOf(problems);
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
      case LOG -> log().id();
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

  private static boolean isPath(String key) {
    for (String k : PATHS) {
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

  /** A path option's value, or null when absent, empty or not a path here (said once). */
  private Path path(String key) {
    String value = values.get(key);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      problems.add("option " + key + "='" + value + "' is not a path here (" + e.getReason() + "); the option is "
          + "ignored");
      return null;
    }
  }

  private Duration interval() {
    String value = values.get(REPORT_INTERVAL);
    if (value == null || value.isEmpty()) {
      return DEFAULT_INTERVAL;
    }
    String range = "from " + MIN_INTERVAL.toMillis() + "ms to " + MAX_INTERVAL.toHours() + "h";
    Duration d;
    try {
      d = parseDuration(value);
    } catch (RuntimeException e) {
      problems.add("option reportInterval='" + value + "' is not a duration such as 10s or 500ms (" + range
          + "); using " + DEFAULT_INTERVAL.toSeconds() + "s");
      return DEFAULT_INTERVAL;
    }
    if (d.compareTo(MIN_INTERVAL) < 0 || d.compareTo(MAX_INTERVAL) > 0) {
      problems.add("option reportInterval='" + value + "' is out of range (" + range + "); using "
          + DEFAULT_INTERVAL.toSeconds() + "s");
      return DEFAULT_INTERVAL;
    }
    return d;
  }

  private boolean bool(String key, boolean defaultValue) {
    String value = values.get(key);
    if (value == null || value.isEmpty()) {
      return defaultValue;
    }
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return value.equalsIgnoreCase("true");
    }
    problems.add("option " + key + "='" + value + "' is neither true nor false; using " + defaultValue);
    return defaultValue;
  }

  private boolean telemetry() {
    String value = values.getOrDefault(TELEMETRY, "auto");
    if (!value.equalsIgnoreCase("auto") && !value.equalsIgnoreCase("off")) {
      problems.add("option telemetry='" + value + "' is neither auto nor off; using auto");
      return true;
    }
    return !value.equalsIgnoreCase("off");
  }

  private AppLog.Mode logMode() {
    String value = values.get(LOG);
    if (value == null || value.isEmpty()) {
      return AppLog.Mode.AUTO;
    }
    AppLog.Mode mode = AppLog.Mode.of(value);
    if (mode == null) {
      problems.add("option log='" + value + "' is none of stderr, app, auto; using auto");
      return AppLog.Mode.AUTO;
    }
    return mode;
  }

  private int seriesCap() {
    String value = values.get(MAX_CALL_SITE_SERIES);
    if (value == null || value.isEmpty()) {
      return DEFAULT_MAX_CALL_SITE_SERIES;
    }
    try {
      int max = Integer.parseInt(value.trim());
      if (max >= 0 && max <= MAX_MAX_CALL_SITE_SERIES) {
        return max;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    problems.add("option maxCallSiteSeries='" + value + "' is not a whole number from 0 to "
        + MAX_MAX_CALL_SITE_SERIES + "; using " + DEFAULT_MAX_CALL_SITE_SERIES);
    return DEFAULT_MAX_CALL_SITE_SERIES;
  }

  /** The rules file given, or null. */
  public Path rulesFile() {
    return rulesFile;
  }

  /** The report file, or null when the report is turned off with {@code report=none}. */
  public Path reportFile() {
    return reportFile;
  }

  /** The interval between report writes, from {@link #MIN_INTERVAL} to {@link #MAX_INTERVAL}. */
  public Duration reportInterval() {
    return reportInterval;
  }

  /** Whether to print the call-site table at exit. */
  public boolean summary() {
    return summary;
  }

  /** The {@code clock} option as given, or null. */
  public String clock() {
    return values.get(CLOCK);
  }

  /** Whether telemetry may go out through OpenTelemetry: false only for {@code telemetry=off}. */
  public boolean telemetryEnabled() {
    return telemetry;
  }

  /** The cap on call sites with a series of their own, from 0 to {@link #MAX_MAX_CALL_SITE_SERIES}. */
  public int maxCallSiteSeries() {
    return maxCallSiteSeries;
  }

  /** Where the agent's lines also go ({@code log=}): {@code auto} unless given. */
  public AppLog.Mode log() {
    return log;
  }

  /**
   * Parses {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h} or an ISO-8601 duration.
   *
   * @throws RuntimeException (a {@link java.time.DateTimeException}, {@link ArithmeticException} or
   *     {@link IllegalArgumentException}) for anything else, or a duration no {@link Duration} can hold
   */
  public static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("p")) {
      return Duration.parse(text.trim());
    }
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
    }
    if (t.isEmpty()) {
      throw new IllegalArgumentException("empty");
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
