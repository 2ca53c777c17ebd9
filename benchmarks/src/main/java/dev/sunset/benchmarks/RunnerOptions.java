package dev.sunset.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The benchmark runner's settings, read from its command line (JMH-style flags) over {@code bench.*} system
 * properties over the defaults, which are sized for a 2-core machine (about 2 minutes 10 seconds for the 14
 * benchmarks).
 *
 * <pre>
 *   -f N        forks per benchmark             (bench.forks, default 1)
 *   -wi N       warmup iterations               (bench.warmupIterations, default 3)
 *   -w TIME     warmup iteration time, e.g. 1s  (bench.warmupTime, default 1s)
 *   -i N        measurement iterations          (bench.iterations, default 5)
 *   -r TIME     measurement iteration time      (bench.time, default 1s)
 *   --quick     smoke check: 1 fork, 2 x 200ms warmup, 3 x 200ms measurement (bench.quick=true)
 *   --agent P   the agent jar                   (sunset.agent.jar)
 *   --json P    where to write the JMH JSON     (bench.json)
 *   REGEX       run only benchmarks whose method name matches (bench.filter)
 * </pre>
 *
 * <p>Explicit flags win over {@code --quick}, so {@code --quick -i 5} is a quick run with five iterations.
 */
public final class RunnerOptions {
  /** The usage text printed by {@code --help} and after a bad argument. */
  public static final String USAGE = String.join(System.lineSeparator(),
      "usage: java -jar benchmarks/target/benchmarks.jar [options] [REGEX]",
      "  -f N        forks per benchmark (default 1)",
      "  -wi N       warmup iterations (default 3)",
      "  -w TIME     warmup iteration time, e.g. 1s or 500ms (default 1s)",
      "  -i N        measurement iterations (default 5)",
      "  -r TIME     measurement iteration time (default 1s)",
      "  --quick     smoke check: 1 fork, 2 x 200ms warmup, 3 x 200ms measurement",
      "  --agent P   the Sunset agent jar (default javaagent/target/sunset-agent.jar of the repository)",
      "  --json P    the JMH JSON results file (default benchmarks/target/jmh-results.json)",
      "  -h, --help  this text",
      "  REGEX       run only benchmarks whose method name matches, e.g. 'Value'",
      "System properties: bench.forks, bench.warmupIterations, bench.warmupTime, bench.iterations, bench.time,",
      "bench.quick, bench.json, bench.filter, sunset.agent.jar (flags win over properties).");

  private final int forks;
  private final int warmupIterations;
  private final TimeValue warmupTime;
  private final int iterations;
  private final TimeValue measurementTime;
  private final boolean quick;
  private final Path agentJar;
  private final Path json;
  private final String filter;
  private final boolean help;

  private RunnerOptions(Builder b) {
    this.quick = b.quick;
    this.forks = b.forks != null ? b.forks : 1;
    this.warmupIterations = b.warmupIterations != null ? b.warmupIterations : quick ? 2 : 3;
    this.warmupTime = b.warmupTime != null ? b.warmupTime : quick ? TimeValue.milliseconds(200) : TimeValue.seconds(1);
    this.iterations = b.iterations != null ? b.iterations : quick ? 3 : 5;
    this.measurementTime = b.measurementTime != null ? b.measurementTime
        : quick ? TimeValue.milliseconds(200) : TimeValue.seconds(1);
    this.agentJar = b.agentJar;
    this.json = b.json;
    this.filter = b.filter;
    this.help = b.help;
  }

  /**
   * Parses the command line over the system properties read through {@code properties}.
   *
   * @throws IllegalArgumentException naming the bad argument or property
   */
  public static RunnerOptions parse(String[] args, Function<String, String> properties) {
    Builder b = new Builder();
    b.quick = Boolean.parseBoolean(properties.apply("bench.quick"));
    b.forks = intProperty(properties, "bench.forks", 1);
    b.warmupIterations = intProperty(properties, "bench.warmupIterations", 0);
    b.warmupTime = timeProperty(properties, "bench.warmupTime");
    b.iterations = intProperty(properties, "bench.iterations", 1);
    b.measurementTime = timeProperty(properties, "bench.time");
    b.agentJar = pathProperty(properties, "sunset.agent.jar");
    b.json = pathProperty(properties, "bench.json");
    b.filter = properties.apply("bench.filter");

    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String inline = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("-") && eq > 0) {
        name = arg.substring(0, eq);
        inline = arg.substring(eq + 1);
      }
      switch (name) {
        case "-h":
        case "--help":
          b.help = true;
          break;
        case "--quick":
          b.quick = true;
          break;
        case "-f":
        case "--forks":
          b.forks = parseInt(name, inline != null ? inline : value(args, ++i, name), 1);
          break;
        case "-wi":
        case "--warmup-iterations":
          b.warmupIterations = parseInt(name, inline != null ? inline : value(args, ++i, name), 0);
          break;
        case "-w":
        case "--warmup-time":
          b.warmupTime = parseTime(name, inline != null ? inline : value(args, ++i, name));
          break;
        case "-i":
        case "--iterations":
          b.iterations = parseInt(name, inline != null ? inline : value(args, ++i, name), 1);
          break;
        case "-r":
        case "--time":
          b.measurementTime = parseTime(name, inline != null ? inline : value(args, ++i, name));
          break;
        case "--agent":
          b.agentJar = Path.of(inline != null ? inline : value(args, ++i, name));
          break;
        case "--json":
          b.json = Path.of(inline != null ? inline : value(args, ++i, name));
          break;
        default:
          if (arg.startsWith("-")) {
            throw new IllegalArgumentException("unknown option " + arg);
          }
          positional.add(arg);
      }
    }
    if (positional.size() > 1) {
      throw new IllegalArgumentException("at most one REGEX, got " + positional);
    }
    if (!positional.isEmpty()) {
      b.filter = positional.get(0);
    }
    if (b.filter != null) {
      try {
        Pattern.compile(b.filter);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("REGEX '" + b.filter + "' is not a regular expression: "
            + e.getDescription());
      }
    }
    return new RunnerOptions(b);
  }

  private static String value(String[] args, int i, String name) {
    if (i >= args.length) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return args[i];
  }

  private static Integer intProperty(Function<String, String> properties, String key, int min) {
    String v = properties.apply(key);
    return v == null ? null : parseInt("-D" + key, v, min);
  }

  private static TimeValue timeProperty(Function<String, String> properties, String key) {
    String v = properties.apply(key);
    return v == null ? null : parseTime("-D" + key, v);
  }

  private static Path pathProperty(Function<String, String> properties, String key) {
    String v = properties.apply(key);
    return v == null || v.isBlank() ? null : Path.of(v);
  }

  private static int parseInt(String name, String text, int min) {
    try {
      int n = Integer.parseInt(text.trim());
      if (n < min) {
        throw new IllegalArgumentException(name + " must be at least " + min + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs a whole number, got '" + text + "'");
    }
  }

  private static TimeValue parseTime(String name, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (!t.matches("\\d+\\s*(ns|us|ms|s|min)")) {
      throw new IllegalArgumentException(name + " needs a time such as 1s or 500ms, got '" + text + "'");
    }
    TimeValue value = TimeValue.fromString(t);
    if (value.getTime() <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got '" + text + "'");
    }
    return value;
  }

  /** Forks per benchmark. */
  public int forks() {
    return forks;
  }

  /** Warmup iterations per fork. */
  public int warmupIterations() {
    return warmupIterations;
  }

  /** Length of a warmup iteration. */
  public TimeValue warmupTime() {
    return warmupTime;
  }

  /** Measurement iterations per fork. */
  public int iterations() {
    return iterations;
  }

  /** Length of a measurement iteration. */
  public TimeValue measurementTime() {
    return measurementTime;
  }

  /** Whether the quick (smoke check) defaults apply. */
  public boolean quick() {
    return quick;
  }

  /** The agent jar given, or null to look for it in the repository. */
  public Path agentJar() {
    return agentJar;
  }

  /** The JSON results file given, or null for the default. */
  public Path json() {
    return json;
  }

  /** The regular expression benchmark method names must match, or null for all. */
  public String filter() {
    return filter;
  }

  /** Whether only the usage was asked for. */
  public boolean help() {
    return help;
  }

  @Override
  public String toString() {
    return forks + " fork(s), " + warmupIterations + " x " + warmupTime + " warmup, " + iterations + " x "
        + measurementTime + " measurement" + (quick ? " (quick)" : "") + (filter == null ? "" : ", only /" + filter + "/");
  }

  private static final class Builder {
    boolean quick;
    Integer forks;
    Integer warmupIterations;
    TimeValue warmupTime;
    Integer iterations;
    TimeValue measurementTime;
    Path agentJar;
    Path json;
    String filter;
    boolean help;
  }
}
