package dev.sunset.benchmarks.overhead;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.benchmarks.Artifacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Start-up time of a one-line {@code Hello}, of a generated 20,000-class application (three redirect rules) and of
 * a real Spring Boot application, PetClinic ({@code benchmarks/fixtures/spring-petclinic}, eight observe rules on
 * Spring utility methods; timed from JVM start to its first HTTP 200), under no agent, a do-nothing agent, Sunset
 * (report off, and report on) and the OpenTelemetry Java agent (exporters off), timed with hyperfine in one
 * interleaved run: every round runs each command once, in an
 * order that rotates from round to round, so that a slow spell of the machine falls on all variants alike.
 * Ratios are taken within a round (variant over baseline, run minutes apart at most) and summarised over
 * the rounds. Peak RSS is read afterwards with GNU time, in runs of their own.
 */
@Command(name = "startup", mixinStandardHelpOptions = true,
    description = "Times start-up under no agent, a do-nothing agent, Sunset and the OpenTelemetry agent.")
final class StartupCommand implements Callable<Integer> {
  /** Issue 10: the 20,000-class application under Sunset, over no agent. */
  static final double APP_TARGET = 1.05;
  /** The agent's exit line for a rule whose legacy class no loader defined. */
  private static final Pattern NEVER_RESOLVED =
      Pattern.compile("^\\[sunset\\] rule '[^']+' \\(.*\\) never resolved: no class loader defined its legacy class");
  /** Issue 10: Hello under Sunset, over the do-nothing agent. */
  static final double HELLO_TARGET = 1.5;
  /** Issue 20, item 1: PetClinic under Sunset at observe, JVM start to ready, over no agent. */
  static final double BOOT_TARGET = 1.05;

  @Mixin
  CommonOptions common;

  @Option(names = "--rounds", defaultValue = "10", description = "Measured rounds (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--warmup-rounds", defaultValue = "1",
      description = "Rounds run first and not counted: page cache, CPU frequency (default: ${DEFAULT-VALUE}).")
  int warmupRounds;

  @Option(names = "--memory-runs", defaultValue = "3",
      description = "Runs per command under GNU time for peak RSS; 0 skips (default: ${DEFAULT-VALUE}).")
  int memoryRuns;

  @Mixin
  QuietMachine quiet;

  @Option(names = "--classes", defaultValue = "20000", description = "Classes of the application (default: ${DEFAULT-VALUE}).")
  int classes;

  @Option(names = "--every", defaultValue = "100",
      description = "One class in this many holds a legacy call site (default: ${DEFAULT-VALUE}).")
  int every;

  @Option(names = "--variants", split = ",", defaultValue = "none,noop,sunset,sunset-report,otel",
      description = "Which variants to run (default: ${DEFAULT-VALUE}).")
  List<String> variants;

  @Option(names = "--workloads", split = ",", defaultValue = "hello,app",
      description = "Which workloads to run: hello, app, boot (PetClinic) (default: ${DEFAULT-VALUE}).")
  List<String> workloads;

  @Option(names = "--compare-agent", paramLabel = "JAR",
      description = "Another Sunset agent build, run as variant sunset-compare beside sunset in the same rounds, so "
          + "that a change is measured against its parent on one machine state (default: none).")
  Path compareAgent;

  @Option(names = "--app-jar", paramLabel = "JAR",
      description = "PetClinic's executable jar for the boot workload (default: build " + PetClinic.FIXTURE + ").")
  Path bootJar;

  /** One way to start the JVM, given the rules its Sunset variants attach. */
  record Variant(String name, String description, List<String> jvmArgs, boolean quiet, boolean rewrites) {}

  /**
   * One program to start.
   *
   * @param launch what follows the variant's JVM options: class path and main class, or {@code -jar}
   * @param rules the rules the Sunset variants attach, and what they are
   */
  record Workload(String name, String description, List<String> launch, Path rules, String rulesDescription) {}

  @Override
  public Integer call() throws Exception {
    Jvm jvm = common.jvm();
    Path work = common.work().resolve("startup");
    Files.createDirectories(work);
    Hyperfine hyperfine = Hyperfine.find();
    GeneratedApp.Shape shape = new GeneratedApp.Shape(classes, every, 1);
    GeneratedApp app = null;
    if (workloads.contains("hello") || workloads.contains("app")) {
      System.out.println("Generating the application (" + classes + " classes, " + shape.sites()
          + " legacy call sites, three redirect rules) in " + work.resolve("app") + " ...");
      app = GeneratedApp.generate(work.resolve("app"), shape, List.of());
    }
    String appRules = "3 redirect rules";
    List<Workload> selectedWorkloads = new ArrayList<>();
    for (String name : workloads) {
      selectedWorkloads.add(switch (name) {
        case "hello" -> new Workload("hello", "one-line Hello", List.of("-cp", app.jar().toString(),
            GeneratedApp.HELLO), app.rules(), appRules);
        case "app" -> new Workload("app", classes + "-class application, " + shape.sites() + " legacy call sites",
            List.of("-cp", app.jar().toString(), GeneratedApp.MAIN), app.rules(), appRules);
        case "boot" -> bootWorkload();
        default -> throw new IllegalArgumentException("unknown workload " + name + "; known: hello, app, boot");
      });
    }
    Map<String, List<Variant>> variantsByWorkload = new LinkedHashMap<>();
    for (Workload w : selectedWorkloads) {
      List<Variant> allVariants = variants(w, work);
      List<Variant> selected = new ArrayList<>();
      List<String> names = new ArrayList<>(variants);
      if (compareAgent != null && !names.contains("sunset-compare")) {
        names.add(names.contains("sunset") ? names.indexOf("sunset") + 1 : names.size(), "sunset-compare");
      }
      if (compareAgent == null && names.contains("sunset-compare")) {
        throw new IllegalArgumentException("variant sunset-compare needs --compare-agent <jar>");
      }
      for (String name : names) {
        selected.add(allVariants.stream().filter(v -> v.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown variant " + name + "; known: "
                + allVariants.stream().map(Variant::name).toList())));
      }
      variantsByWorkload.put(w.name(), selected);
    }

    Map<String, List<String>> commands = new LinkedHashMap<>();
    for (Workload w : selectedWorkloads) {
      for (Variant v : variantsByWorkload.get(w.name())) {
        List<String> args = new ArrayList<>(v.jvmArgs());
        args.addAll(w.launch());
        commands.put(w.name() + "/" + v.name(), jvm.command(args));
      }
    }

    System.out.println("JVM: " + jvm.java() + " (" + jvm.version() + ")");
    System.out.println("Sunset agent: " + common.sunsetAgentSource() + " (run from a copy)");
    System.out.println(hyperfine.version() + "; " + Runtime.getRuntime().availableProcessors() + " CPUs");
    System.out.println("Checking that every command runs and takes the path it claims ...");
    for (Workload w : selectedWorkloads) {
      for (Variant v : variantsByWorkload.get(w.name())) {
        check(app, w, v, commands.get(w.name() + "/" + v.name()));
      }
    }

    String loadBefore = MachineLoad.describe("before the rounds");
    System.out.println(loadBefore);
    Map<String, List<Double>> times = new LinkedHashMap<>();
    commands.keySet().forEach(k -> times.put(k, new ArrayList<>()));
    int notQuiet = 0;
    List<String> order = new ArrayList<>(commands.keySet());
    Path exports = work.resolve("hyperfine");
    Files.createDirectories(exports);
    for (int r = 0; r < warmupRounds + rounds; r++) {
      List<String> roundOrder = new ArrayList<>(order);
      Collections.rotate(roundOrder, -r);
      if (r % 2 == 1) {
        Collections.reverse(roundOrder);
      }
      Map<String, List<String>> round = new LinkedHashMap<>();
      roundOrder.forEach(k -> round.put(k, commands.get(k)));
      long waited = quiet.await();
      if (waited < 0) {
        notQuiet++;
      }
      long start = System.nanoTime();
      // at least 10 minutes a round, 5 a command: PetClinic took 150 s a start on this machine under others' builds
      Duration roundTimeout = Duration.ofMinutes(Math.max(10, 5L * round.size()));
      Map<String, Double> t = hyperfine.runOnce(round, exports.resolve("round-" + r + ".json"), roundTimeout);
      boolean warm = r < warmupRounds;
      System.out.printf(Locale.ROOT, "round %d/%d%s: %.1f s%s%n", r + 1, warmupRounds + rounds,
          warm ? " (warm-up, not counted)" : "", (System.nanoTime() - start) / 1e9,
          waited < 0 ? " (the machine did not go quiet within 10 minutes; measured anyway)"
              : waited > quiet.seconds ? " (waited " + waited + " s for the machine to go quiet)" : "");
      if (!warm) {
        t.forEach((k, ms) -> times.get(k).add(ms));
      }
    }

    String loadAfter = MachineLoad.describe("after the rounds");
    Map<String, List<Double>> rss = new LinkedHashMap<>();
    if (memoryRuns > 0) {
      Path time = Path.of("/usr/bin/time");
      if (!Files.isExecutable(time)) {
        System.out.println("GNU time (/usr/bin/time, Debian package 'time') is missing: no peak RSS.");
      } else {
        System.out.println("Peak RSS: " + memoryRuns + " run(s) of each command under GNU time ...");
        commands.keySet().forEach(k -> rss.put(k, new ArrayList<>()));
        Path out = work.resolve("rss.txt");
        for (int r = 0; r < memoryRuns; r++) {
          for (Map.Entry<String, List<String>> c : commands.entrySet()) {
            List<String> command = new ArrayList<>(List.of(time.toString(), "-f", "%M", "-o", out.toString()));
            command.addAll(c.getValue());
            Jvm.run(command, Map.of(), Duration.ofMinutes(5), null).requireSuccess(c.getKey());
            rss.get(c.getKey()).add(Double.parseDouble(Files.readString(out).trim()) / 1024.0);
          }
        }
      }
    }

    List<String> report = report(jvm, hyperfine, selectedWorkloads, variantsByWorkload, times, rss);
    report.add(1, loadBefore);
    report.add(2, loadAfter);
    report.add(3, quiet.seconds == 0 ? "Rounds started without waiting for a quiet machine."
        : "Each round started once other processes had kept the CPUs under 15% busy for " + quiet.seconds
            + " s in a row" + (notQuiet == 0 ? "" : " (" + notQuiet + " round(s) started without: never quiet)")
            + "; load can still start mid-round.");
    report.forEach(System.out::println);
    String tag = "jdk" + jvm.feature();
    Files.write(work.resolve("results-" + tag + ".txt"), report, StandardCharsets.UTF_8);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("jvm", jvm.version());
    json.put("hyperfine", hyperfine.version());
    json.put("rounds", rounds);
    json.put("timesMs", times);
    json.put("peakRssMiB", rss);
    Files.writeString(work.resolve("results-" + tag + ".json"), JSON.std.asString(json));
    System.out.println("Raw times: " + work.resolve("results-" + tag + ".json"));
    return 0;
  }

  /** The boot workload: PetClinic, JVM start to its first HTTP 200. */
  private Workload bootWorkload() throws IOException, InterruptedException {
    PetClinic petClinic = PetClinic.find(bootJar);
    return new Workload("boot", "Spring PetClinic on Spring Boot, JVM start to the first HTTP 200 from "
        + PetClinic.READY_PATH, petClinic.launch(), petClinic.rules(), PetClinic.RULES_DESCRIPTION);
  }

  private List<Variant> variants(Workload w, Path work) throws IOException {
    Path sunset = common.sunsetAgentCopy();
    Path rules = w.rules();
    Path report = work.resolve("sunset-report-" + w.name() + ".json");
    return List.of(
        new Variant("none", "no agent", List.of(), true, false),
        new Variant("noop", "do-nothing agent (transformer returning null)",
            List.of("-javaagent:" + Artifacts.requireNoopAgent()), true, false),
        new Variant("sunset", "Sunset, " + w.rulesDescription() + ", report=none,summary=false",
            List.of("-javaagent:" + sunset + "=rules=" + rules + ",report=none,summary=false"), true, true),
        new Variant("sunset-report", "Sunset, " + w.rulesDescription() + ", report file and exit table (defaults)",
            List.of("-javaagent:" + sunset + "=rules=" + rules + ",report=" + report), false, true),
        new Variant("sunset-compare", "as sunset, with the agent given by --compare-agent",
            compareAgent == null ? List.of() : List.of("-javaagent:" + compareCopy(work) + "=rules=" + rules
                + ",report=none,summary=false"), true, true),
        new Variant("otel", "OpenTelemetry Java agent, exporters none",
            List.of("-javaagent:" + Artifacts.requireOtelAgent(), "-Dotel.traces.exporter=none",
                "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none"), false, false));
  }

  /** A copy of the {@code --compare-agent} jar in the working folder, as {@link CommonOptions#sunsetAgentCopy}. */
  private Path compareCopy(Path work) throws IOException {
    if (!Files.isRegularFile(compareAgent)) {
      throw new IllegalArgumentException("the agent jar " + compareAgent.toAbsolutePath() + " does not exist");
    }
    Path copy = work.resolve("agents/sunset-compare-agent.jar");
    Files.createDirectories(copy.getParent());
    Files.copy(compareAgent, copy, StandardCopyOption.REPLACE_EXISTING);
    return copy;
  }

  /** Runs a command once and fails unless it printed what its variant must print (the path check). */
  private static void check(GeneratedApp app, Workload w, Variant v, List<String> command)
      throws IOException, InterruptedException {
    Jvm.Run run = Jvm.run(command, Map.of(), Duration.ofMinutes(5), null).requireSuccess(w.name() + "/" + v.name());
    if (w.name().equals("boot")) {
      if (!PetClinic.wasReady(run)) {
        throw new IllegalStateException("boot/" + v.name() + " did not print '" + PetClinic.READY + "'\n--- stdout:\n"
            + run.stdout() + "\n--- stderr:\n" + run.stderr());
      }
      if (v.quiet() && !run.stderr().isBlank()) {
        throw new IllegalStateException("boot/" + v.name() + " wrote to stderr, which means a problem that would "
            + "change what is measured:\n" + run.stderr());
      }
      System.out.println("  ok  boot/" + v.name() + ": " + PetClinic.READY);
      return;
    }
    boolean hello = w.name().equals("hello");
    String expected = hello ? "Hello" : app.mainOutput(v.rewrites() ? 0 : app.shape().sites());
    if (!run.stdout().trim().equals(expected)) {
      throw new IllegalStateException(w.name() + "/" + v.name() + " printed '" + run.stdout().trim() + "', expected '"
          + expected + "'" + (v.rewrites() ? " (every legacy call redirected)" : " (every legacy body run)")
          + "\n--- stderr:\n" + run.stderr());
    }
    // Hello defines no legacy class, so the agent rightly says at exit that no loader resolved the rules.
    String problems = hello
        ? run.stderr().lines().filter(l -> !NEVER_RESOLVED.matcher(l).find()).collect(Collectors.joining("\n"))
        : run.stderr();
    if (v.quiet() && !problems.isBlank()) {
      throw new IllegalStateException(w.name() + "/" + v.name() + " wrote to stderr, which means a problem (such as a "
          + "refused rule) that would change what is measured:\n" + run.stderr());
    }
    System.out.println("  ok  " + w.name() + "/" + v.name() + ": " + expected);
  }

  private List<String> report(Jvm jvm, Hyperfine hyperfine, List<Workload> workloads,
      Map<String, List<Variant>> variantsByWorkload, Map<String, List<Double>> times, Map<String, List<Double>> rss)
      throws IOException, InterruptedException {
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add("Start-up on " + jvm.version() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs; "
        + hyperfine.version() + " -N, " + rounds + " interleaved rounds after " + warmupRounds + " warm-up round(s)");
    for (Workload w : workloads) {
      List<Variant> variants = variantsByWorkload.get(w.name());
      lines.add("");
      lines.add(w.name() + " (" + w.description() + ")");
      lines.add(String.format(Locale.ROOT, "| %-13s | %-26s | %-13s | %-24s | %-24s | %-9s |", "variant",
          "median [IQR] ms", "min–max ms", "× none, median [IQR]", "× noop, median [IQR]", "peak RSS MiB"));
      lines.add("|---|---:|---:|---:|---:|---:|");
      for (Variant v : variants) {
        String key = w.name() + "/" + v.name();
        Summary s = Summary.of(times.get(key));
        List<Double> r = rss.get(key);
        lines.add(String.format(Locale.ROOT, "| %-13s | %-26s | %-13s | %-24s | %-24s | %-9s |", v.name(),
            s.medianAndQuartiles(1), s.range(1), ratio(times, key, w.name() + "/none"),
            ratio(times, key, w.name() + "/noop"), r == null || r.isEmpty() ? "–"
                : String.format(Locale.ROOT, "%.0f", Summary.of(r).median())));
      }
      lines.add("Variants: " + String.join("; ", variants.stream().map(v -> v.name() + " = " + v.description())
          .toList()));
    }
    lines.add("");
    lines.add("Against issues 10 and 20's start-up targets (median of the per-round ratios):");
    target(lines, times, "app/sunset", "app/none", APP_TARGET, "20,000-class application, Sunset over no agent");
    target(lines, times, "hello/sunset", "hello/noop", HELLO_TARGET, "Hello, Sunset over the do-nothing agent");
    target(lines, times, "boot/sunset", "boot/none", BOOT_TARGET, "PetClinic to ready, Sunset over no agent");
    for (Workload w : workloads) {
      String compare = w.name() + "/sunset-compare";
      if (times.containsKey(compare) && times.containsKey(w.name() + "/sunset")) {
        lines.add(String.format(Locale.ROOT, "  %-52s %s", w.name() + ": this agent over --compare-agent's",
            ratio(times, w.name() + "/sunset", compare)));
      }
    }
    return lines;
  }

  private static void target(List<String> lines, Map<String, List<Double>> times, String key, String base,
      double target, String label) {
    if (!times.containsKey(key) || !times.containsKey(base)) {
      return;
    }
    Summary r = ratios(times, key, base);
    String verdict = r.median() <= target ? "met" + (r.q3() > target ? " on the median; the upper quartile is above" : "")
        : String.format(Locale.ROOT, "MISSED: %.2fx, %.0f%% over the target", r.median(),
            100 * (r.median() / target - 1));
    lines.add(String.format(Locale.ROOT, "  %-52s %.2fx [%.2f–%.2f]  target <= %.2fx: %s", label, r.median(),
        r.q1(), r.q3(), target, verdict));
  }

  private static String ratio(Map<String, List<Double>> times, String key, String base) {
    if (!times.containsKey(base)) {
      return "–";
    }
    Summary r = ratios(times, key, base);
    return String.format(Locale.ROOT, "%.2f [%.2f–%.2f]", r.median(), r.q1(), r.q3());
  }

  /** The ratios of a command's time over its baseline's, round by round. */
  static Summary ratios(Map<String, List<Double>> times, String key, String base) {
    List<Double> a = times.get(key);
    List<Double> b = times.get(base);
    double[] r = new double[a.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = a.get(i) / b.get(i);
    }
    return Summary.of(r);
  }
}
