package dev.sunset.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs every Sunset benchmark in one go and prints one combined table: {@link NoAgentBenchmarks} in forks
 * without the agent, then {@link AgentBenchmarks} in forks started with
 * {@code -javaagent:<copy of the agent jar>=rules=<bench rules>,report=none,summary=false}.
 *
 * <p>It finds the agent jar ({@code --agent}, {@code -Dsunset.agent.jar}, else
 * {@code javaagent/target/sunset-agent.jar} under the working directory or the repository holding this jar),
 * extracts the benchmark rules to a temporary file, and writes the JMH JSON of both runs to
 * {@code benchmarks/target/jmh-results.json} (and the table to {@code jmh-results.txt} beside it). Any
 * failed benchmark, including a failed path check in a fork, fails the run with exit status 1.
 */
public final class BenchmarkRunner {
  private static final String RULES_RESOURCE = "/dev/sunset/benchmarks/bench-rules.yaml";
  private static final List<String> FORK_HEAP = List.of("-Xms1g", "-Xmx1g");

  /** The order of the combined table: each figure next to the ones it is compared with. */
  private static final List<String> ORDER = List.of(
      "NoAgentBenchmarks.directValue", "AgentBenchmarks.directValue", "NoAgentBenchmarks.legacyValueViaShim",
      "AgentBenchmarks.redirectedValue", "NoAgentBenchmarks.directValueTwoThreads",
      "AgentBenchmarks.directValueTwoThreads", "AgentBenchmarks.redirectedValueTwoThreads",
      "NoAgentBenchmarks.stackWalkerShimValue", "NoAgentBenchmarks.legacyValueViaMethodHandle",
      "AgentBenchmarks.guardedValueViaMethodHandle [extraFrames=0]",
      "AgentBenchmarks.guardedValueViaMethodHandle [extraFrames=16]",
      "AgentBenchmarks.guardedValueViaMethodHandle [extraFrames=64]", "NoAgentBenchmarks.legacyValueViaReflection",
      "AgentBenchmarks.guardedValueViaReflection [extraFrames=0]",
      "AgentBenchmarks.guardedValueViaReflection [extraFrames=16]",
      "AgentBenchmarks.guardedValueViaReflection [extraFrames=64]",
      "NoAgentBenchmarks.directWs", "AgentBenchmarks.directWs", "NoAgentBenchmarks.legacyWsViaShim",
      "AgentBenchmarks.redirectedWs", "NoAgentBenchmarks.directWsTwoThreads", "AgentBenchmarks.directWsTwoThreads",
      "AgentBenchmarks.redirectedWsTwoThreads", "NoAgentBenchmarks.stackWalkerShimWs",
      "NoAgentBenchmarks.classRuleNew", "AgentBenchmarks.classRuleNew", "NoAgentBenchmarks.classRuleFieldRead",
      "AgentBenchmarks.classRuleFieldRead", "NoAgentBenchmarks.classRuleCall", "AgentBenchmarks.classRuleCall",
      "NoAgentBenchmarks.methodRuleCall", "AgentBenchmarks.methodRuleCall");

  private BenchmarkRunner() {}

  /** Runs the benchmarks; see {@link RunnerOptions#USAGE} for the arguments. */
  public static void main(String[] args) {
    RunnerOptions options;
    try {
      options = RunnerOptions.parse(args, System::getProperty);
    } catch (CommandLineOptionException e) {
      System.err.println("benchmarks: " + e.getMessage());
      System.err.println("benchmarks: -h lists the options");
      System.exit(2);
      return;
    }
    try {
      if (options.shouldHelp()) {
        System.out.println(RunnerOptions.USAGE);
        options.showHelp();
        return;
      }
      if (options.shouldList()) {
        new Runner(options).list();
        return;
      }
      System.exit(run(options, System.out));
    } catch (RunnerException | IOException | RuntimeException e) {
      System.err.println();
      System.err.println("benchmarks: FAILED: " + e);
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        System.err.println("  caused by: " + c);
      }
      System.exit(1);
    }
  }

  static int run(RunnerOptions options, PrintStream out) throws RunnerException, IOException {
    Path repo = Artifacts.repositoryRoot();
    Path agent = Artifacts.findSunsetAgent(options.agentJar(), repo);
    if (agent == null) {
      System.err.println("benchmarks: cannot find the Sunset agent jar (looked for " + Artifacts.SUNSET_AGENT + " under "
          + Path.of("").toAbsolutePath() + (repo == null ? "" : " and " + repo) + ").");
      System.err.println("Build it with: ./mvnw -B -q -DskipTests package -pl benchmarks -am");
      System.err.println("or name it with -Dsunset.agent.jar=<path> or --agent <path>.");
      return 2;
    }
    Path rules = extractRules();
    Path agentCopy = snapshot(agent);
    String agentArg = agentArgument(agentCopy, rules);
    Path results = options.resultFile(
        repo != null ? repo.resolve("benchmarks/target/jmh-results.json") : Path.of("jmh-results.json"));

    List<String> forkArgs = forkJvmArgs(options.getJvmArgs().hasValue()
        ? List.copyOf(options.getJvmArgs().get()) : ManagementFactory.getRuntimeMXBean().getInputArguments());
    List<String> agentForkArgs = new ArrayList<>(forkArgs);
    agentForkArgs.add(agentArg);

    out.println("Sunset benchmarks: " + options);
    out.println("  JVM     : " + options.getJvm().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString()) + " (the forks' JVM; -jvm picks another)");
    double busy = cpuBusyBeforeStart();
    String idleLine = "CPU kept busy by other processes in the second before the run: "
        + (busy < 0 ? "n/a" : Math.round(100 * busy) + "%")
        + (busy > 0.25 ? " -- WARNING: other processes are running; they add noise to every figure" : "");
    out.println("  CPUs    : " + Runtime.getRuntime().availableProcessors() + "; " + idleLine);
    out.println("  agent   : " + agent.toAbsolutePath() + " (" + Files.size(agent) + " bytes, modified "
        + Files.getLastModifiedTime(agent) + "), run from a copy");
    out.println("  attached: " + agentArg);
    out.println("  forks   : " + String.join(" ", forkArgs) + " [+ the agent for AgentBenchmarks]");
    out.println();

    List<RunResult> all = new ArrayList<>();
    all.addAll(runGroup(groupOptions(options, NoAgentBenchmarks.class, AgentBenchmarks.class, forkArgs,
        groupResult(results, "no-agent"))));
    all.addAll(runGroup(groupOptions(options, AgentBenchmarks.class, NoAgentBenchmarks.class, agentForkArgs,
        groupResult(results, "agent"))));
    if (all.isEmpty()) {
      System.err.println("benchmarks: no benchmark matched " + options.getIncludes());
      return 2;
    }

    List<Row> rows = rows(all);
    BenchmarkParams first = all.get(0).getParams();
    List<String> report = new ArrayList<>();
    report.add("Sunset benchmarks (" + options + ") on " + first.getVmName() + " " + first.getVmVersion()
        + " (JDK " + first.getJdkVersion() + "), " + Runtime.getRuntime().availableProcessors() + " CPUs");
    report.add(idleLine);
    report.add("Agent: " + agent.toAbsolutePath() + " (" + Files.size(agent) + " bytes)");
    if (options.quick()) {
      report.add("QUICK MODE: a smoke check that every path runs and is checked; iterations this short measure "
          + "warm-up and noise, not the steady state. Do not quote these figures.");
    }
    report.add("");
    report.addAll(table(rows));
    report.add("");
    report.addAll(targets(rows));

    Files.createDirectories(results.toAbsolutePath().getParent());
    try (PrintStream ps = new PrintStream(Files.newOutputStream(results), true, StandardCharsets.UTF_8)) {
      ResultFormatFactory.getInstance(options.resultFormat(), ps).writeOut(all);
    }
    Path text = results.resolveSibling(results.getFileName().toString().replaceFirst("\\.[^.]*$", "") + ".txt");
    Files.write(text, report, StandardCharsets.UTF_8);

    out.println();
    out.println("==== Combined results (" + results.toAbsolutePath() + ", table in " + text.getFileName() + ") ====");
    report.forEach(out::println);
    return 0;
  }

  private static Collection<RunResult> runGroup(Options group) throws RunnerException {
    try {
      return new Runner(group).run();
    } catch (NoBenchmarksException e) {
      return List.of(); // the includes left nothing of this group
    }
  }

  /**
   * The JMH options of one group of benchmarks: the command line's, minus the other group's benchmarks, with
   * the group's fork arguments (the agent or not) and its own result file, so that the two runs do not write
   * over each other's results and the runner can write both to the file {@code -rff} names.
   */
  static Options groupOptions(RunnerOptions options, Class<?> group, Class<?> other, List<String> jvmArgs,
      Path groupResult) {
    ChainedOptionsBuilder builder = new OptionsBuilder()
        .parent(options)
        .exclude("^" + Pattern.quote(other.getName()) + "\\.")
        .jvmArgs(jvmArgs.toArray(new String[0]))
        .result(groupResult.toString())
        .resultFormat(ResultFormatType.JSON);
    if (options.getIncludes().isEmpty()) {
      builder.include("^" + Pattern.quote(group.getName()) + "\\.");
    }
    return builder.build();
  }

  private static Path groupResult(Path results, String group) {
    String name = results.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    return results.toAbsolutePath().resolveSibling(name + "-" + group + ".json");
  }

  /** The share of all CPUs that other processes kept busy during one second, or -1 if the JVM cannot tell. */
  private static double cpuBusyBeforeStart() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (!(os instanceof com.sun.management.OperatingSystemMXBean)) {
      return -1;
    }
    com.sun.management.OperatingSystemMXBean sun = (com.sun.management.OperatingSystemMXBean) os;
    sun.getCpuLoad();
    sun.getProcessCpuLoad();
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
    double all = sun.getCpuLoad();
    double self = sun.getProcessCpuLoad(); // this JVM's start-up (JIT, class loading) is not someone else's load
    return all < 0 || self < 0 ? -1 : Math.max(0, all - self);
  }

  /**
   * The forks' JVM arguments: this JVM's own, without any {@code -javaagent} (the runner decides which forks
   * get the agent) and without the runner's own {@code -Dbench.*} and {@code -Dsunset.*} settings (the agent
   * would read {@code sunset.*} as its options), plus a fixed 1 GB heap unless one was given.
   */
  static List<String> forkJvmArgs(List<String> hostArgs) {
    List<String> args = new ArrayList<>();
    boolean heapGiven = false;
    for (String a : hostArgs) {
      if (a.startsWith("-javaagent:") || a.startsWith("-Dbench.") || a.startsWith("-Dsunset.")) {
        continue;
      }
      heapGiven |= a.startsWith("-Xmx") || a.startsWith("-Xms");
      args.add(a);
    }
    if (!heapGiven) {
      args.addAll(FORK_HEAP);
    }
    return args;
  }

  /** The {@code -javaagent} argument of the agent forks: the benchmark rules, no report file, no exit table. */
  static String agentArgument(Path agent, Path rules) {
    String rulesPath = rules.toAbsolutePath().toString();
    if (rulesPath.contains(",")) {
      throw new IllegalStateException("the rules file path " + rulesPath + " holds a comma, which the agent's "
          + "option string cannot carry; set java.io.tmpdir to a directory without one");
    }
    return "-javaagent:" + agent.toAbsolutePath() + "=rules=" + rulesPath + ",report=none,summary=false";
  }

  /**
   * Copies the agent jar to a temporary file that the agent forks use, so that a rebuild of the agent while the
   * benchmarks run (which replaces the jar under classes still to be loaded from it) cannot break them or mix
   * two versions into one table.
   */
  private static Path snapshot(Path agent) throws IOException {
    Path copy = Files.createTempFile("sunset-agent-", ".jar");
    copy.toFile().deleteOnExit();
    Files.copy(agent, copy, StandardCopyOption.REPLACE_EXISTING);
    return copy;
  }

  private static Path extractRules() throws IOException {
    Path file = Files.createTempFile("sunset-bench-rules-", ".yaml");
    file.toFile().deleteOnExit();
    try (InputStream in = BenchmarkRunner.class.getResourceAsStream(RULES_RESOURCE)) {
      if (in == null) {
        throw new IOException("resource " + RULES_RESOURCE + " is missing from the benchmark jar");
      }
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }

  /** One line of the combined table. */
  static final class Row {
    final String name;
    final boolean agent;
    final int threads;
    final int count;
    final double score;
    final double error;
    final String unit;

    Row(String name, boolean agent, int threads, int count, double score, double error, String unit) {
      this.name = name;
      this.agent = agent;
      this.threads = threads;
      this.count = count;
      this.score = score;
      this.error = error;
      this.unit = unit;
    }
  }

  private static List<Row> rows(List<RunResult> results) {
    Map<String, Row> byName = new LinkedHashMap<>();
    for (RunResult r : results) {
      BenchmarkParams params = r.getParams();
      String full = params.getBenchmark();
      String name = full.substring(full.lastIndexOf('.', full.lastIndexOf('.') - 1) + 1) + parameters(params);
      Result<?> primary = r.getPrimaryResult();
      byName.put(name, new Row(name, name.startsWith("AgentBenchmarks."), params.getThreads(),
          (int) primary.getSampleCount(), primary.getScore(), primary.getScoreError(), primary.getScoreUnit()));
    }
    List<Row> rows = new ArrayList<>();
    for (String name : ORDER) {
      Row row = byName.remove(name);
      if (row != null) {
        rows.add(row);
      }
    }
    rows.addAll(byName.values());
    return rows;
  }

  /** A benchmark's parameters as the table shows them after its name ({@code " [extraFrames=16]"}), or "". */
  static String parameters(BenchmarkParams params) {
    List<String> pairs = new ArrayList<>();
    for (String key : params.getParamsKeys()) {
      pairs.add(key + "=" + params.getParam(key));
    }
    return pairs.isEmpty() ? "" : " [" + String.join(", ", pairs) + "]";
  }

  static List<String> table(List<Row> rows) {
    int width = "Benchmark".length();
    for (Row r : rows) {
      width = Math.max(width, r.name.length());
    }
    List<String> lines = new ArrayList<>();
    String format = "%-" + width + "s  %-5s  %7s  %4s  %10s  %10s  %s";
    lines.add(String.format(Locale.ROOT, format, "Benchmark", "Agent", "Threads", "Cnt", "Score", "Error", "Units"));
    for (Row r : rows) {
      lines.add(String.format(Locale.ROOT, format, r.name, r.agent ? "yes" : "no", r.threads, r.count,
          number(r.score), "± " + number(r.error), r.unit));
    }
    lines.add("(Score: mean time per call per thread; Error: half-width of JMH's 99.9% confidence interval.)");
    return lines;
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
  }

  /** Issue 10's call-path targets: ns a redirected call may add over a direct one, on one thread and on two. */
  static final double TARGET_ONE_THREAD_NS = 1.5;
  static final double TARGET_TWO_THREADS_NS = 3.0;

  /**
   * Reads the table against the targets: a redirected call adds at most {@value #TARGET_ONE_THREAD_NS} ns
   * over a direct one on one thread, and at most {@value #TARGET_TWO_THREADS_NS} ns with two threads sharing
   * one call site; each read against the direct call in a JVM with the agent (same kind of JVM) and without.
   */
  static List<String> targets(List<Row> rows) {
    Map<String, Row> byName = new LinkedHashMap<>();
    rows.forEach(r -> byName.put(r.name, r));
    List<String> lines = new ArrayList<>();
    lines.add("Against the targets (difference ± sum of the two errors):");
    for (String kind : new String[] {"Value", "Ws"}) {
      String label = kind.equals("Value") ? "cheap static call" : "createWebSocketManager";
      for (String threads : new String[] {"", "TwoThreads"}) {
        double target = threads.isEmpty() ? TARGET_ONE_THREAD_NS : TARGET_TWO_THREADS_NS;
        String what = label + (threads.isEmpty() ? ", 1 thread" : ", 2 threads sharing the site");
        Row redirected = byName.get("AgentBenchmarks.redirected" + kind + threads);
        Row sameJvm = byName.get("AgentBenchmarks.direct" + kind + threads);
        Row noAgent = byName.get("NoAgentBenchmarks.direct" + kind + threads);
        if (redirected != null && sameJvm != null) {
          lines.add(overhead(what + ", vs direct (same JVM)", redirected, sameJvm, target));
        }
        if (redirected != null && noAgent != null) {
          lines.add(overhead(what + ", vs direct (no agent)", redirected, noAgent, target));
        }
      }
    }
    lines.add("");
    lines.add("Calls no rewritten site covers, caught by the legacy method's guard (one stack walk each, bounded"
        + " by the agent's LegacyGuards.MAX_FRAMES; no target, the bound is measured):");
    for (String path : new String[] {"MethodHandle", "Reflection"}) {
      Row plain = byName.get("NoAgentBenchmarks.legacyValueVia" + path);
      for (Row guarded : rows) {
        if (plain != null && guarded.name.startsWith("AgentBenchmarks.guardedValueVia" + path)) {
          String depth = guarded.name.substring(("AgentBenchmarks.guardedValueVia" + path).length()).trim();
          lines.add(String.format(Locale.ROOT, "  %-62s %+8.3f ± %.3f ns (%.3f ns a call, %.3f ns without the agent)",
              (path.equals("MethodHandle") ? "method handle" : "Method.invoke") + (depth.isEmpty() ? "" : " " + depth)
                  + ", vs the same call without the agent",
              guarded.score - plain.score, guarded.error + plain.error, guarded.score, plain.score));
        }
      }
    }
    return lines;
  }

  private static String overhead(String label, Row agent, Row direct, double target) {
    double d = agent.score - direct.score;
    double e = agent.error + direct.error;
    String verdict = d + e <= target ? "met"
        : d <= target ? (Double.isNaN(e) ? "met on the means (no error estimate)"
            : "met on the means, but the error reaches past the target")
        : String.format(Locale.ROOT, "MISSED by %.3f ns", d - target);
    return String.format(Locale.ROOT, "  %-62s %+8.3f ± %.3f ns  target <= %.1f ns: %s", label, d, e, target,
        verdict);
  }
}
