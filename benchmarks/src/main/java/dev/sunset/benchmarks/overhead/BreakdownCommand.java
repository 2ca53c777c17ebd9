package dev.sunset.benchmarks.overhead;

import dev.sunset.benchmarks.Artifacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the time goes between JVM start and {@code main} under Sunset: {@code Hello} (with the three rules of
 * the start-up benchmark) is run several times under no agent, the do-nothing agent and Sunset (report off,
 * and on) with {@code -Xlog:class+load} (every class, its uptime and origin) and {@code -Xlog:startuptime} (the
 * JVM's own phases). The agent's phases are cut at the first load of a class that marks each step; each
 * phase gets its median duration and the classes loaded in it by origin (CDS, JDK outside CDS, agent jar by
 * library, spun LambdaForms and lambdas). The time between class loads is also charged to libraries (each gap
 * to the class loaded at its end), which says how much each library costs, class loading included.
 */
@Command(name = "breakdown", mixinStandardHelpOptions = true,
    description = "Breaks Sunset's start-up down into phases (ms, classes) from class-load and startuptime logs.")
final class BreakdownCommand implements Callable<Integer> {
  private static final Pattern STARTUPTIME = Pattern.compile("^\\[\\d+ns\\]\\s*(.+), ([0-9.]+) secs");

  /** The steps of the agent's start, each marked by the first load of a class (prefix); see the class comment. */
  record Marker(String classPrefix, String phaseEndingHere) {}

  static final List<Marker> MARKERS = List.of(
      new Marker("sun.instrument.InstrumentationImpl", "JVM boot until java.lang.instrument starts"),
      new Marker("dev.sunset.agent.SunsetAgent", "java.lang.instrument: agent jar opened, manifest read, premain class loaded"),
      new Marker("dev.sunset.agent.shaded.core.rules.RuleSource",
          "premain: options, clock, rules in force, registry, stages, linker, guards"),
      new Marker("dev.sunset.agent.internal.telemetry.TelemetryStarter",
          "rules= file read as text and its member names found (no YAML parser); the reloader"),
      new Marker("dev.sunset.agent.internal.linkage.BootstrapInstaller", "telemetry decided: off (OpenTelemetry agent detection)"),
      new Marker("java.lang.SunsetBootstrapDispatcher",
          "bootstrap dispatcher defined from its build-time class files, java.lang opened to its installer"),
      new Marker("dev.sunset.agent.internal.rewrite.LegacyCallTransformer", "dispatcher wired to IndyBootstrap"),
      new Marker(GeneratedApp.HELLO,
          "transformer registered, agent thread and shutdown hook started; main class loaded"));

  @Mixin
  CommonOptions common;

  @Option(names = "--runs", defaultValue = "7", description = "Runs of each variant (default: ${DEFAULT-VALUE}).")
  int runs;

  @Mixin
  QuietMachine quiet;

  /** One way to start Hello. */
  record Variant(String name, List<String> jvmArgs) {}

  /** One run's figures: phases (ms, by marker), the JVM's startuptime phases, and the log. */
  record RunFigures(Map<String, Double> startuptime, ClassLoadLog log) {}

  @Override
  public Integer call() throws Exception {
    Jvm jvm = common.jvm();
    Path work = common.work().resolve("breakdown");
    Files.createDirectories(work);
    GeneratedApp app = GeneratedApp.generate(common.work().resolve("startup/app"),
        new GeneratedApp.Shape(20_000, 100, 1), List.of());
    Path sunset = common.sunsetAgentCopy();
    List<Variant> variants = List.of(
        new Variant("none", List.of()),
        new Variant("noop", List.of("-javaagent:" + Artifacts.requireNoopAgent())),
        new Variant("sunset", List.of("-javaagent:" + sunset + "=rules=" + app.rules() + ",report=none,summary=false")),
        new Variant("sunset-report", List.of("-javaagent:" + sunset + "=rules=" + app.rules() + ",report="
            + work.resolve("sunset-report.json"))));
    System.out.println("JVM: " + jvm.java() + " (" + jvm.version() + "); Sunset agent: " + common.sunsetAgentSource());
    String loadBefore = MachineLoad.describe("before the runs");
    Map<String, List<RunFigures>> figures = new LinkedHashMap<>();
    variants.forEach(v -> figures.put(v.name(), new ArrayList<>()));
    for (int r = 0; r < runs; r++) {
      if (quiet.await() < 0) {
        System.out.println("  (the machine did not go quiet within 10 minutes; run " + (r + 1) + " measured anyway)");
      }
      for (Variant v : variants) {
        Path classLog = work.resolve(v.name() + "-" + r + "-class-load.log");
        Path startLog = work.resolve(v.name() + "-" + r + "-startuptime.log");
        List<String> args = new ArrayList<>(List.of("-Xlog:class+load=info:file=" + classLog + ":uptimenanos",
            "-Xlog:startuptime=info:file=" + startLog + ":uptimenanos"));
        args.addAll(v.jvmArgs());
        args.addAll(List.of("-cp", app.jar().toString(), GeneratedApp.HELLO));
        Jvm.Run run = jvm.run(args, Map.of(), Duration.ofMinutes(2)).requireSuccess("Hello under " + v.name());
        if (!run.stdout().trim().equals("Hello")) {
          throw new IllegalStateException("Hello under " + v.name() + " printed " + run.stdout());
        }
        figures.get(v.name()).add(new RunFigures(startuptime(startLog),
            ClassLoadLog.read(classLog, app.jar().getFileName().toString())));
      }
      System.out.println("  run " + (r + 1) + "/" + runs + " done");
    }
    List<String> report = report(jvm, figures);
    report.add(1, loadBefore);
    Results.publish(report, work, jvm);
    System.out.println("Logs of every run: " + work);
    return 0;
  }

  private List<String> report(Jvm jvm, Map<String, List<RunFigures>> figures) {
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add("Start-up breakdown of Hello on " + jvm.version() + ", " + runs + " runs per variant (medians), "
        + "-Xlog:class+load and -Xlog:startuptime (logging adds a few ms of its own)");

    lines.add("");
    lines.add("JVM start -> main class loaded, and the JVM's own startuptime phases:");
    lines.add("| variant | to main, ms | classes before main | of which CDS | Initialize module system, ms | Create VM, ms |");
    lines.add("|---|---:|---:|---:|---:|---:|");
    for (Map.Entry<String, List<RunFigures>> v : figures.entrySet()) {
      List<Double> toMain = new ArrayList<>();
      List<Double> classes = new ArrayList<>();
      List<Double> cds = new ArrayList<>();
      for (RunFigures f : v.getValue()) {
        long main = f.log().firstLoad(GeneratedApp.HELLO);
        List<ClassLoadLog.Load> before = f.log().between(0, main);
        toMain.add(main / 1e6);
        classes.add((double) before.size());
        cds.add((double) before.stream().filter(l -> l.origin() == ClassLoadLog.Origin.CDS).count());
      }
      lines.add(String.format(Locale.ROOT, "| %s | %.1f | %.0f | %.0f | %.1f | %.1f |", v.getKey(),
          Summary.of(toMain).median(), Summary.of(classes).median(), Summary.of(cds).median(),
          startupMedian(v.getValue(), "Initialize module system"), startupMedian(v.getValue(), "Create VM")));
    }

    List<RunFigures> sunset = figures.get("sunset");
    lines.add("");
    lines.add("Sunset (report=none), phase by phase; a phase ends at the first load of the marker class:");
    lines.add("| phase | ends at first load of | ms, median [IQR] | classes | CDS | JDK not in CDS | agent jar | spun (LambdaForms + lambdas) |");
    lines.add("|---|---|---:|---:|---:|---:|---:|---:|");
    double total = 0;
    long previousMissing = 0;
    for (int i = 0; i < MARKERS.size(); i++) {
      Marker m = MARKERS.get(i);
      List<Double> ms = new ArrayList<>();
      double[] counts = new double[5];
      boolean seen = true;
      for (RunFigures f : sunset) {
        long start = i == 0 ? 0 : f.log().firstLoad(MARKERS.get(i - 1).classPrefix());
        long end = f.log().firstLoad(m.classPrefix());
        if (start < 0 || end < 0) {
          seen = false;
          break;
        }
        ms.add((end - start) / 1e6);
        for (ClassLoadLog.Load l : f.log().between(start, end)) {
          counts[0]++;
          switch (l.origin()) {
            case CDS -> counts[1]++;
            case JDK -> counts[2]++;
            case AGENT, SNAKEYAML, ASM, JACKSON, OTEL -> counts[3]++;
            case LAMBDA_FORM, LAMBDA -> counts[4]++;
            default -> { }
          }
        }
      }
      if (!seen) {
        lines.add("| " + m.phaseEndingHere() + " | `" + m.classPrefix() + "` | marker not loaded: the agent changed; "
            + "this phase is part of the next | | | | | |");
        previousMissing++;
        continue;
      }
      Summary s = Summary.of(ms);
      total += s.median();
      int n = sunset.size();
      lines.add(String.format(Locale.ROOT, "| %s | `%s` | %s | %.0f | %.0f | %.0f | %.0f | %.0f |", m.phaseEndingHere(),
          m.classPrefix(), s.medianAndQuartiles(1), counts[0] / n, counts[1] / n, counts[2] / n, counts[3] / n,
          counts[4] / n));
    }
    lines.add(String.format(Locale.ROOT, "| **JVM start -> main** | | %.1f (sum of medians) | | | | | |", total));
    if (previousMissing > 0) {
      lines.add("(" + previousMissing + " marker(s) missing: update BreakdownCommand.MARKERS for the new agent)");
    }

    lines.add("");
    lines.add("Sunset, from premain (`dev.sunset.agent.SunsetAgent` loaded) to main, by origin of the classes loaded "
        + "(time between loads charged to the class loaded at the end of it; medians):");
    lines.addAll(byOrigin(sunset, "dev.sunset.agent.SunsetAgent", GeneratedApp.HELLO, false));

    List<RunFigures> withReport = figures.get("sunset-report");
    lines.add("");
    lines.add("Sunset with its defaults (report file written, table at exit), from main to the last class loaded"
        + " before exit (the exit hook: snapshot, jackson-jr report, summary table):");
    lines.addAll(byOrigin(withReport, GeneratedApp.HELLO, null, true));
    return lines;
  }

  private static List<String> byOrigin(List<RunFigures> runs, String fromPrefix, String toPrefix, boolean toEnd) {
    Map<ClassLoadLog.Origin, List<Double>> ms = new EnumMap<>(ClassLoadLog.Origin.class);
    Map<ClassLoadLog.Origin, List<Double>> count = new EnumMap<>(ClassLoadLog.Origin.class);
    List<Double> totals = new ArrayList<>();
    for (ClassLoadLog.Origin o : ClassLoadLog.Origin.values()) {
      ms.put(o, new ArrayList<>());
      count.put(o, new ArrayList<>());
    }
    for (RunFigures f : runs) {
      long from = f.log().firstLoad(fromPrefix);
      long to = toEnd ? f.log().lastLoad() + 1 : f.log().firstLoad(toPrefix);
      long[] charged = f.log().chargedNanos(from, to);
      long[] n = new long[ClassLoadLog.Origin.values().length];
      for (ClassLoadLog.Load l : f.log().between(from, to)) {
        n[l.origin().ordinal()]++;
      }
      for (ClassLoadLog.Origin o : ClassLoadLog.Origin.values()) {
        ms.get(o).add(charged[o.ordinal()] / 1e6);
        count.get(o).add((double) n[o.ordinal()]);
      }
      totals.add((to - from) / 1e6);
    }
    List<String> lines = new ArrayList<>();
    lines.add("| origin | classes | ms charged, median [IQR] |");
    lines.add("|---|---:|---:|");
    for (ClassLoadLog.Origin o : ClassLoadLog.Origin.values()) {
      Summary c = Summary.of(count.get(o));
      if (c.max() == 0) {
        continue;
      }
      lines.add(String.format(Locale.ROOT, "| %s | %.0f | %s |", o.label(), c.median(),
          Summary.of(ms.get(o)).medianAndQuartiles(1)));
    }
    lines.add(String.format(Locale.ROOT, "| **all** | | %s |", Summary.of(totals).medianAndQuartiles(1)));
    return lines;
  }

  private static double startupMedian(List<RunFigures> runs, String phase) {
    List<Double> values = new ArrayList<>();
    for (RunFigures f : runs) {
      Double v = f.startuptime().get(phase);
      if (v != null) {
        values.add(v);
      }
    }
    return values.isEmpty() ? Double.NaN : Summary.of(values).median();
  }

  /** The JVM's {@code startuptime} phases in milliseconds (the last one of a name, if it repeats). */
  static Map<String, Double> startuptime(Path log) throws IOException {
    Map<String, Double> phases = new LinkedHashMap<>();
    for (String line : Files.readAllLines(log)) {
      Matcher m = STARTUPTIME.matcher(line);
      if (m.find()) {
        phases.put(m.group(1).trim(), Double.parseDouble(m.group(2)) * 1000);
      }
    }
    return phases;
  }
}
