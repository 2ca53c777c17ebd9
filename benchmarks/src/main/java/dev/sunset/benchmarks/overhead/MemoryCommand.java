package dev.sunset.benchmarks.overhead;

import dev.sunset.benchmarks.probe.MemoryProbe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Memory the agent retains per call site: a generated application whose classes hold 5 legacy call sites
 * each is run by {@link MemoryProbe} with and without the agent; the probe reports heap used after repeated
 * {@link System#gc()} and metaspace used at the start, once every class is loaded (sites rewritten, never
 * called) and once every site has been called twice (linked). Bytes per site = (growth with the agent - growth
 * without) / sites. A class histogram ({@code jcmd <pid> GC.class_histogram}) of each state shows which
 * objects make up the difference.
 */
@Command(name = "memory", mixinStandardHelpOptions = true,
    description = "Measures heap and metaspace retained per rewritten call site, never called and linked.")
final class MemoryCommand implements Callable<Integer> {
  /** Issue 10: bytes retained per call site, linked or not. */
  static final double PER_SITE_TARGET = 256;
  /** Issue 10: 100,000 rewritten sites retain less than this many bytes. */
  static final double HUNDRED_THOUSAND_TARGET = 32 * 1024 * 1024;
  private static final int SITES_PER_CLASS = 5;
  private static final Pattern PHASE = Pattern.compile("phase (\\w+) heap=(\\d+) metaspace=(\\d+)");
  private static final Pattern HISTOGRAM_LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
  private static final List<String> PHASES = List.of("base", "loaded", "linked");

  @Mixin
  CommonOptions common;

  @Option(names = "--sites", split = ",", defaultValue = "20000,100000",
      description = "Call-site counts to measure (default: ${DEFAULT-VALUE}).")
  List<Integer> sites;

  @Option(names = "--repeats", defaultValue = "3", description = "Runs of each variant (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--heap", defaultValue = "1g", description = "-Xms and -Xmx of the measured JVMs (default: ${DEFAULT-VALUE}).")
  String heap;

  @Option(names = "--top", defaultValue = "12", description = "Classes shown from the histograms (default: ${DEFAULT-VALUE}).")
  int top;

  /** One state of one run: heap and metaspace used, and the class histogram (class -> bytes). */
  record State(long heap, long metaspace, Map<String, Long> histogram) {}

  @Override
  public Integer call() throws Exception {
    Jvm jvm = common.jvm();
    Path work = common.work().resolve("memory");
    Files.createDirectories(work);
    Path agent = common.sunsetAgentCopy();
    Path jcmd = jvm.java().resolveSibling("jcmd");
    if (!Files.isExecutable(jcmd)) {
      throw new IllegalStateException("no jcmd beside " + jvm.java() + "; --java must name a JDK");
    }
    System.out.println("JVM: " + jvm.java() + " (" + jvm.version() + "); Sunset agent: " + common.sunsetAgentSource());
    List<String> report = new ArrayList<>();
    report.add("");
    report.add("Retained memory per call site on " + jvm.version() + ": generated classes with " + SITES_PER_CLASS
        + " sites each (3 redirect rules), -Xms" + heap + " -Xmx" + heap + ", default GC; heap used after repeated"
        + " System.gc(), metaspace used; " + repeats + " run(s) per variant; per site = (growth with Sunset - growth"
        + " without) / sites");
    report.add(MachineLoad.describe("before the runs"));
    report.add("");
    report.add("| sites | state | heap B/site, median (min–max) | metaspace B/site | heap+metaspace B/site | total MiB |");
    report.add("|---:|---|---:|---:|---:|---:|");
    List<String> histograms = new ArrayList<>();
    List<String> verdicts = new ArrayList<>();
    for (int n : sites) {
      if (n % SITES_PER_CLASS != 0) {
        throw new IllegalArgumentException("--sites must be multiples of " + SITES_PER_CLASS + ": " + n);
      }
      GeneratedApp.Shape shape = new GeneratedApp.Shape(n / SITES_PER_CLASS, 1, SITES_PER_CLASS);
      System.out.println("Generating " + shape.classes() + " classes with " + n + " call sites ...");
      GeneratedApp app = GeneratedApp.generate(work.resolve("app-" + n), shape, List.of(MemoryProbe.class));
      List<Map<String, State>> without = new ArrayList<>();
      List<Map<String, State>> with = new ArrayList<>();
      for (int r = 0; r < repeats; r++) {
        without.add(run(jvm, jcmd, app, null, r == 0));
        with.add(run(jvm, jcmd, app, agent, r == 0));
        System.out.printf(Locale.ROOT, "  %,d sites, run %d/%d done%n", n, r + 1, repeats);
      }
      for (String phase : List.of("loaded", "linked")) {
        double[] heapPerSite = new double[repeats];
        double[] metaPerSite = new double[repeats];
        for (int r = 0; r < repeats; r++) {
          heapPerSite[r] = (growth(with.get(r), phase, State::heap) - growth(without.get(r), phase, State::heap))
              / (double) n;
          metaPerSite[r] = (growth(with.get(r), phase, State::metaspace)
              - growth(without.get(r), phase, State::metaspace)) / (double) n;
        }
        Summary h = Summary.of(heapPerSite);
        Summary m = Summary.of(metaPerSite);
        double total = h.median() + m.median();
        String state = phase.equals("loaded") ? "rewritten, never called" : "linked, called twice";
        report.add(String.format(Locale.ROOT, "| %,d | %s | %.0f (%.0f–%.0f) | %.0f (%.0f–%.0f) | %.0f | %.1f |", n,
            state, h.median(), h.min(), h.max(), m.median(), m.min(), m.max(), total, total * n / (1024 * 1024)));
        verdicts.add(String.format(Locale.ROOT, "  %,d sites, %-24s heap %4.0f B/site, heap+metaspace %4.0f B/site"
            + "  target <= %.0f B/site: %s", n, state + ":", h.median(), total, PER_SITE_TARGET,
            verdict(h.median(), total, PER_SITE_TARGET, "B/site")));
        if (n == 100_000) {
          verdicts.add(String.format(Locale.ROOT, "  %,d sites, %-24s heap %.1f MiB, heap+metaspace %.1f MiB"
              + "  target < 32 MiB: %s", n, state + ":", h.median() * n / (1024 * 1024), total * n / (1024 * 1024),
              verdict(h.median() * n, total * n, HUNDRED_THOUSAND_TARGET, "bytes")));
        }
      }
      histograms.addAll(histogramDiff(n, without.get(0), with.get(0)));
    }
    report.add("");
    report.add("Against issue 10's memory targets:");
    report.addAll(verdicts);
    report.addAll(histograms);
    report.add("");
    Results.publish(report, work, jvm);
    return 0;
  }

  private static String verdict(double heap, double total, double target, String unit) {
    boolean bytes = unit.equals("bytes");
    double scale = bytes ? 1024 * 1024 : 1;
    String u = bytes ? "MiB" : "B/site";
    if (total <= target) {
      return String.format(Locale.ROOT, "met (heap+metaspace %.1f %s under)", (target - total) / scale, u);
    }
    if (heap <= target) {
      return String.format(Locale.ROOT, "met on the heap; heap+metaspace MISSES by %.1f %s", (total - target) / scale, u);
    }
    return String.format(Locale.ROOT, "MISSED by %.1f %s on the heap alone (%.2fx), %.1f %s with metaspace",
        (heap - target) / scale, u, heap / target, (total - target) / scale, u);
  }

  private static long growth(Map<String, State> run, String phase, ToLongFunction<State> f) {
    return f.applyAsLong(run.get(phase)) - f.applyAsLong(run.get("base"));
  }

  /** The classes whose retained bytes grow most with the agent, per site, from the first run's histograms. */
  private List<String> histogramDiff(int n, Map<String, State> without, Map<String, State> with) {
    List<String> lines = new ArrayList<>();
    for (String phase : List.of("loaded", "linked")) {
      Map<String, Long> diff = new HashMap<>();
      addGrowth(diff, with, phase, 1);
      addGrowth(diff, without, phase, -1);
      long sum = diff.values().stream().mapToLong(Long::longValue).sum();
      lines.add("");
      lines.add(String.format(Locale.ROOT, "Class histogram, %,d sites, %s: bytes per site that Sunset adds, by class"
          + " (growth from base with Sunset - without; all classes: %.0f B/site)", n,
          phase.equals("loaded") ? "rewritten, never called" : "linked", sum / (double) n));
      lines.add("| class | B/site |");
      lines.add("|---|---:|");
      diff.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(top)
          .forEach(e -> lines.add(String.format(Locale.ROOT, "| `%s` | %.1f |", e.getKey(), e.getValue() / (double) n)));
    }
    return lines;
  }

  private static void addGrowth(Map<String, Long> diff, Map<String, State> run, String phase, int sign) {
    run.get(phase).histogram().forEach((k, v) -> diff.merge(k, sign * v, Long::sum));
    run.get("base").histogram().forEach((k, v) -> diff.merge(k, -sign * v, Long::sum));
  }

  /** One run of the probe: its states by phase. */
  private Map<String, State> run(Jvm jvm, Path jcmd, GeneratedApp app, Path agent, boolean histograms)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("-Xms" + heap, "-Xmx" + heap));
    if (agent != null) {
      args.add("-javaagent:" + agent + "=rules=" + app.rules() + ",report=none,summary=false");
    }
    args.addAll(List.of("-cp", app.jar().toString(), MemoryProbe.class.getName(),
        String.valueOf(app.shape().classes())));
    Path err = Files.createTempFile("memory-", ".err");
    ProcessBuilder builder = new ProcessBuilder(jvm.command(args)).redirectError(err.toFile());
    Jvm.clean(builder.environment());
    Process p = builder.start();
    Map<String, State> states = new LinkedHashMap<>();
    String done = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        Matcher m = PHASE.matcher(line);
        if (m.matches()) {
          Map<String, Long> histogram = histograms ? histogram(jcmd, p.pid()) : Map.of();
          states.put(m.group(1), new State(Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), histogram));
          in.write("next\n");
          in.flush();
        } else if (line.startsWith("done ")) {
          done = line;
        }
      }
    } finally {
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
      }
    }
    String stderr = Files.readString(err);
    Files.delete(err);
    String what = (agent == null ? "without" : "with") + " the agent, " + app.shape().sites() + " sites";
    long expectedBodyCalls = agent == null ? 2L * app.shape().sites() : 0;
    if (p.exitValue() != 0 || !states.keySet().containsAll(PHASES) || done == null
        || !done.endsWith(" legacyBodyCalls=" + expectedBodyCalls)) {
      throw new IllegalStateException("the memory probe " + what + " did not finish as expected (exit status "
          + p.exitValue() + ", phases " + states.keySet() + ", last line " + done + ", expected legacyBodyCalls="
          + expectedBodyCalls + ")\n--- stderr:\n" + stderr);
    }
    if (!stderr.isBlank()) {
      throw new IllegalStateException("the memory probe " + what + " wrote to stderr:\n" + stderr);
    }
    return states;
  }

  /** {@code jcmd <pid> GC.class_histogram} (live objects, after a full GC): bytes by class. */
  private static Map<String, Long> histogram(Path jcmd, long pid) throws IOException, InterruptedException {
    Jvm.Run run = Jvm.run(List.of(jcmd.toString(), String.valueOf(pid), "GC.class_histogram"), Map.of(),
        Duration.ofMinutes(2), null).requireSuccess("jcmd GC.class_histogram");
    Map<String, Long> bytes = new HashMap<>();
    for (String line : run.stdout().split("\n")) {
      Matcher m = HISTOGRAM_LINE.matcher(line);
      if (m.find()) {
        // hidden classes (lambda forms, lambdas) differ by address: count them under one name
        String name = m.group(3).replaceAll("/0x[0-9a-f]+", "/<hidden>");
        bytes.merge(name, Long.parseLong(m.group(2)), Long::sum);
      }
    }
    if (bytes.isEmpty()) {
      throw new IOException("jcmd printed no histogram:\n" + run.stdout());
    }
    return bytes;
  }
}
