package dev.sunset.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Optional;

/**
 * The benchmark runner's settings: JMH's own command line ({@code -f}, {@code -wi}, {@code -i}, {@code -r},
 * {@code -rf}/{@code -rff}, {@code -jvm}, {@code -prof}, include regexps, ... parsed by JMH's
 * {@link CommandLineOptions}), with defaults sized for a 2-core machine where JMH's own would run for hours,
 * plus the runner's two options of its own, which are taken out before JMH parses the rest:
 *
 * <pre>
 *   --quick     smoke check: 1 fork, 2 x 200ms warmup, 3 x 200ms measurement
 *   --agent P   the agent jar (also -Dsunset.agent.jar=P)
 * </pre>
 *
 * <p>Explicit JMH options win over {@code --quick}, so {@code --quick -i 5} is a quick run with five
 * iterations.
 */
public final class RunnerOptions extends CommandLineOptions {
  private static final long serialVersionUID = 1L;

  /** Forks per benchmark unless {@code -f} says otherwise. */
  static final int DEFAULT_FORKS = 3;
  /** Warmup iterations per fork unless {@code -wi} says otherwise. */
  static final int DEFAULT_WARMUP_ITERATIONS = 4;
  /** Measurement iterations per fork unless {@code -i} says otherwise. */
  static final int DEFAULT_ITERATIONS = 5;
  /** Length of each iteration unless {@code -w} or {@code -r} says otherwise. */
  static final TimeValue DEFAULT_TIME = TimeValue.seconds(1);
  private static final TimeValue QUICK_TIME = TimeValue.milliseconds(200);

  /** The usage of the runner's own options, printed before JMH's by {@code -h}. */
  public static final String USAGE = String.join(System.lineSeparator(),
      "usage: java -jar benchmarks/target/benchmarks.jar [--quick] [--agent P] [JMH options] [REGEX...]",
      "  --quick     smoke check: 1 fork, 2 x 200ms warmup, 3 x 200ms measurement (JMH options still win)",
      "  --agent P   the Sunset agent jar (default: -Dsunset.agent.jar, else javaagent/target/sunset-agent.jar",
      "              of the repository)",
      "Defaults where JMH's would take hours on 2 cores: -f " + DEFAULT_FORKS + " -wi " + DEFAULT_WARMUP_ITERATIONS
          + " -w 1s -i " + DEFAULT_ITERATIONS + " -r 1s -foe true; results: -rf json -rff "
          + "benchmarks/target/jmh-results.json (both groups in one file).",
      "REGEX selects benchmarks by their full name, as in JMH (e.g. 'Value', 'AgentBenchmarks.redirected').",
      "JMH's options:");

  private final boolean quick;
  /** A string, not a {@code Path}: JMH serialises the options to every fork, and a {@code Path} is not serialisable. */
  private final String agentJar;

  private RunnerOptions(String[] jmhArgs, boolean quick, String agentJar) throws CommandLineOptionException {
    super(jmhArgs);
    this.quick = quick;
    this.agentJar = agentJar;
    if (super.getForkCount().orElse(1) < 1) {
      throw new CommandLineOptionException("-f must be at least 1: the agent's benchmarks need a JVM of their own");
    }
  }

  /**
   * Parses the command line: the runner's options, then the rest with JMH's parser, over the system
   * properties read through {@code properties} ({@code sunset.agent.jar}).
   *
   * @throws CommandLineOptionException naming the bad argument
   */
  public static RunnerOptions parse(String[] args, Function<String, String> properties)
      throws CommandLineOptionException {
    boolean quick = false;
    String agent = properties.apply("sunset.agent.jar");
    List<String> jmh = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--quick")) {
        quick = true;
      } else if (arg.equals("--agent")) {
        if (i + 1 >= args.length) {
          throw new CommandLineOptionException("--agent needs the path of the agent jar");
        }
        agent = args[++i];
      } else if (arg.startsWith("--agent=")) {
        agent = arg.substring("--agent=".length());
      } else {
        jmh.add(arg);
      }
    }
    if (agent != null && agent.isBlank()) {
      throw new CommandLineOptionException("--agent needs the path of the agent jar");
    }
    return new RunnerOptions(jmh.toArray(new String[0]), quick, agent);
  }

  /** Whether the quick (smoke check) defaults apply. */
  public boolean quick() {
    return quick;
  }

  /** The agent jar given, or null to look for it in the repository. */
  public Path agentJar() {
    return agentJar == null ? null : Path.of(agentJar);
  }

  /** The file the combined results go to: {@code -rff}, else {@code fallback}. */
  public Path resultFile(Path fallback) {
    return super.getResult().hasValue() ? Path.of(super.getResult().get()) : fallback;
  }

  /** The format of the combined results: {@code -rf}, else JSON. */
  public ResultFormatType resultFormat() {
    return super.getResultFormat().orElse(ResultFormatType.JSON);
  }

  @Override
  public Optional<Integer> getForkCount() {
    return super.getForkCount().orAnother(Optional.of(quick ? 1 : DEFAULT_FORKS));
  }

  @Override
  public Optional<Integer> getWarmupIterations() {
    return super.getWarmupIterations().orAnother(Optional.of(quick ? 2 : DEFAULT_WARMUP_ITERATIONS));
  }

  @Override
  public Optional<TimeValue> getWarmupTime() {
    return super.getWarmupTime().orAnother(Optional.of(quick ? QUICK_TIME : DEFAULT_TIME));
  }

  @Override
  public Optional<Integer> getMeasurementIterations() {
    return super.getMeasurementIterations().orAnother(Optional.of(quick ? 3 : DEFAULT_ITERATIONS));
  }

  @Override
  public Optional<TimeValue> getMeasurementTime() {
    return super.getMeasurementTime().orAnother(Optional.of(quick ? QUICK_TIME : DEFAULT_TIME));
  }

  @Override
  public Optional<Boolean> shouldFailOnError() {
    return super.shouldFailOnError().orAnother(Optional.of(true));
  }

  @Override
  public String toString() {
    return getForkCount().get() + " fork(s), " + getWarmupIterations().get() + " x " + getWarmupTime().get()
        + " warmup, " + getMeasurementIterations().get() + " x " + getMeasurementTime().get() + " measurement"
        + (quick ? " (quick)" : "") + (getIncludes().isEmpty() ? "" : ", only " + getIncludes())
        + (getExcludes().isEmpty() ? "" : ", not " + getExcludes());
  }
}
