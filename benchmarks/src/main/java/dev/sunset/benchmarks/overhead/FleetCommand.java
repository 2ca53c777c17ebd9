package dev.sunset.benchmarks.overhead;

import dev.sunset.benchmarks.Artifacts;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
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
 * What reading a fleet's reports costs: {@link FleetReports} writes N agent reports of a generated fleet into
 * {@code <work>/fleet/reports/}, once (kept between runs, regenerated when their shape changes); then for each N
 * asked for, the first N of them are given to the real command line ({@code java -Xmx<heap> -jar sunset-cli.jar},
 * from a copy) as {@code merge}, {@code verdict --report} and {@code report --html}, one forked JVM each, timed from
 * the outside: wall time, the peak resident set size (GNU time's {@code %M}) and the heap the garbage collector saw
 * ({@code -Xlog:gc}: the most used before a collection, and the most still used after one, which is what the command
 * holds). {@code merge}'s result is checked against the generator's own sums (the calls, the distinct sites).
 */
@Command(name = "fleet", mixinStandardHelpOptions = true,
    description = "Times merge, verdict --report and report --html over N generated agent reports, in a bounded heap.")
final class FleetCommand implements Callable<Integer> {
  /** Issue 20: 10,000 reports of 2,000 sites merged within this many seconds ... */
  static final double TARGET_SECONDS = 60;
  /** ... in a heap of this many MiB. */
  static final int TARGET_HEAP_MIB = 512;
  private static final String GNU_TIME = "/usr/bin/time";
  private static final Pattern GC_LINE = Pattern.compile("\\bPause\\b.*?(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
  private static final Pattern MAX_RSS = Pattern.compile("^maxrss_kb=(\\d+) user_s=([\\d.]+) sys_s=([\\d.]+)$",
      Pattern.MULTILINE);
  private static final Pattern MERGED = Pattern.compile("merged ([\\d,]+) reports? of [\\d,]+ JVM runs? into .*: "
      + "([\\d,]+) call sites?, ([\\d,]+) calls?");

  @Mixin
  CommonOptions common;

  @Option(names = "--reports", split = ",", defaultValue = "100,1000,10000",
      description = "Numbers of reports to give each command (default: ${DEFAULT-VALUE}).")
  List<Integer> reports;

  @Option(names = "--sites", defaultValue = "2000", description = "Call sites per report (default: ${DEFAULT-VALUE}).")
  int sites;

  @Option(names = "--distinct", defaultValue = "20000",
      description = "Distinct call sites in the fleet (default: ${DEFAULT-VALUE}).")
  int distinct;

  @Option(names = "--heap", defaultValue = "512m", description = "-Xmx of the command line's JVM (default: ${DEFAULT-VALUE}).")
  String heap;

  @Option(names = "--commands", split = ",", defaultValue = "merge,verdict,report",
      description = "Which commands to time: merge, verdict (--report), report (--html) (default: ${DEFAULT-VALUE}).")
  List<String> commands;

  @Option(names = "--cli", paramLabel = "JAR",
      description = "The command line's jar (default: cli/target/sunset-cli.jar of the repository).")
  Path cli;

  @Option(names = "--seed", defaultValue = "20", description = "The generator's seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--timeout", defaultValue = "20", description = "Minutes one command may take (default: ${DEFAULT-VALUE}).")
  int timeoutMinutes;

  @Mixin
  QuietMachine quiet;

  /** One timed command. */
  record Measured(String command, int reports, double seconds, double cpuSeconds, long rssKb, long heapBeforeGcKb,
      long heapAfterGcKb, int collections, String check) {}

  @Override
  public Integer call() throws Exception {
    for (String c : commands) {
      if (!List.of("merge", "verdict", "report").contains(c)) {
        throw new IllegalArgumentException("--commands takes merge, verdict and report, not " + c);
      }
    }
    if (!Files.isExecutable(Path.of(GNU_TIME))) {
      throw new IllegalStateException("no GNU time at " + GNU_TIME + " (apt-get install time): it reads each command's"
          + " peak resident set size");
    }
    Jvm jvm = common.jvm();
    Path work = common.work().resolve("fleet");
    Path reportDir = work.resolve("reports");
    Files.createDirectories(reportDir);
    Path jar = cliCopy(work);
    int most = reports.stream().mapToInt(Integer::intValue).max().orElseThrow();
    FleetReports fleet = new FleetReports(distinct, sites, seed);
    String shape = fleet.describe() + "; seed " + seed;
    Path shapeFile = work.resolve("shape.txt");
    if (!Files.isRegularFile(shapeFile) || !Files.readString(shapeFile).equals(shape)) {
      System.out.println("Removing reports of another shape from " + reportDir + " ...");
      try (DirectoryStream<Path> old = Files.newDirectoryStream(reportDir)) {
        for (Path p : old) {
          Files.delete(p);
        }
      }
      Files.writeString(shapeFile, shape);
    }
    System.out.printf(Locale.ROOT, "Writing %,d reports (those not there yet) into %s ...%n", most, reportDir);
    long started = System.nanoTime();
    FleetReports.Totals all = fleet.write(reportDir, most, 2);
    System.out.printf(Locale.ROOT, "  done in %.1f s%n", (System.nanoTime() - started) / 1e9);
    Path scan = work.resolve("scan.json");
    fleet.writeScan(scan);

    List<String> out = new ArrayList<>();
    out.add("");
    out.add("Fleet reports read by the command line on " + jvm.version() + ", java -Xmx" + heap + " -jar sunset-cli.jar"
        + " (a copy of " + Artifacts.requireRepository().relativize(requireCli()) + "); " + shape + "; "
        + "report files of " + String.format(Locale.ROOT, "%.2f", bytes(reportDir, 1) / 1048576.0) + " MiB each");
    out.add(MachineLoad.describe("before the runs"));
    out.add("");
    out.add("| reports | on disk (GiB) | command | seconds | CPU seconds (user+sys) | peak RSS (MiB) | heap before GC, max"
        + " (MiB) | heap after GC, max (MiB) | GCs | check |");
    out.add("|---:|---:|---|---:|---:|---:|---:|---:|---:|---|");
    List<String> verdicts = new ArrayList<>();
    for (int n : reports) {
      FleetReports.Totals expected = n == most ? all : fleet.write(reportDir, n, 1);
      List<String> files = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        files.add(work.relativize(FleetReports.file(reportDir, i)).toString());
      }
      double gib = bytes(reportDir, n) / (1024.0 * 1024 * 1024);
      for (String command : commands) {
        if (quiet.await() < 0) {
          out.add("(the machine did not go quiet within 10 minutes before " + command + " of " + n + " reports)");
        }
        Measured m = run(jvm, jar, work, command, n, files, scan, expected);
        out.add(String.format(Locale.ROOT, "| %,d | %.2f | %s | %.1f | %.1f | %.0f | %.0f | %.0f | %d | %s |", n,
            gib, label(command), m.seconds(), m.cpuSeconds(), m.rssKb() / 1024.0, m.heapBeforeGcKb() / 1024.0,
            m.heapAfterGcKb() / 1024.0, m.collections(), m.check()));
        System.out.println(out.get(out.size() - 1));
        if (command.equals("merge") && n == 10_000 && sites == 2_000) {
          verdicts.add(String.format(Locale.ROOT, "  10,000 reports of 2,000 sites merged in %.1f s with -Xmx%s: %s",
              m.seconds(), heap, m.seconds() <= TARGET_SECONDS && heapMib() <= TARGET_HEAP_MIB
                  ? "met (target: at most 60 s within 512 MiB of heap)"
                  : "MISSED (target: at most 60 s within 512 MiB of heap)"));
        }
      }
    }
    out.add("");
    out.add("Against issue 20's fleet target:");
    out.addAll(verdicts.isEmpty() ? List.of("  (not measured: it needs --reports 10000 --sites 2000, merge)") : verdicts);
    Results.publish(out, work, jvm);
    return 0;
  }

  private static String label(String command) {
    return switch (command) {
      case "verdict" -> "verdict --report";
      case "report" -> "report --html";
      default -> command;
    };
  }

  private int heapMib() {
    String h = heap.toLowerCase(Locale.ROOT);
    long n = Long.parseLong(h.replaceAll("[kmg]$", ""));
    return (int) (h.endsWith("g") ? n * 1024 : h.endsWith("k") ? n / 1024 : h.endsWith("m") ? n : n / (1024 * 1024));
  }

  /** One forked command line over the first {@code n} reports, timed and measured. */
  private Measured run(Jvm jvm, Path jar, Path work, String command, int n, List<String> files, Path scan,
      FleetReports.Totals expected) throws IOException, InterruptedException {
    Path gcLog = work.resolve("gc-" + command + "-" + n + "-jdk" + jvm.feature() + ".log");
    Files.deleteIfExists(gcLog);
    List<String> cmd = new ArrayList<>(List.of(GNU_TIME, "-f", "maxrss_kb=%M user_s=%U sys_s=%S", jvm.java().toString(),
        "-Xmx" + heap, "-Xlog:gc:file=" + gcLog, "-jar", jar.toString()));
    switch (command) {
      case "merge" -> cmd.addAll(List.of("merge", "-o", "merged.json"));
      case "verdict" -> cmd.addAll(List.of("verdict", "--scan", work.relativize(scan).toString(), "--format", "json",
          "-o", "verdict.json", "--report"));
      default -> cmd.addAll(List.of("report", "--html", "report.html"));
    }
    cmd.addAll(files);
    long start = System.nanoTime();
    Jvm.Run run = Jvm.run(cmd, Map.of(), Duration.ofMinutes(timeoutMinutes), work);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (run.exitCode() != 0) {
      throw new IllegalStateException(command + " of " + n + " reports failed with exit status " + run.exitCode()
          + "\n--- stderr:\n" + tail(run.stderr()));
    }
    Matcher rss = MAX_RSS.matcher(run.stderr());
    long rssKb = 0;
    double cpu = 0;
    while (rss.find()) {
      rssKb = Long.parseLong(rss.group(1));
      cpu = Double.parseDouble(rss.group(2)) + Double.parseDouble(rss.group(3));
    }
    long before = 0;
    long after = 0;
    int collections = 0;
    for (String line : Files.readAllLines(gcLog)) {
      Matcher m = GC_LINE.matcher(line);
      if (m.find()) {
        before = Math.max(before, kb(m.group(1), m.group(2)));
        after = Math.max(after, kb(m.group(3), m.group(4)));
        collections++;
      }
    }
    String check = "exit 0";
    if (command.equals("merge")) {
      Matcher m = MERGED.matcher(run.stderr());
      if (!m.find()) {
        throw new IllegalStateException("merge printed no summary line:\n" + tail(run.stderr()));
      }
      long calls = Long.parseLong(m.group(3).replace(",", ""));
      int listed = Integer.parseInt(m.group(2).replace(",", ""));
      if (calls != expected.calls() || listed != expected.sites()) {
        throw new IllegalStateException(String.format(Locale.ROOT, "merge of %,d reports counted %,d calls at %,d "
            + "sites; the generator wrote %,d calls at %,d sites", n, calls, listed, expected.calls(), expected.sites()));
      }
      check = String.format(Locale.ROOT, "%,d sites, %,d calls: as generated", listed, calls);
    }
    return new Measured(command, n, seconds, cpu, rssKb, before, after, collections, check);
  }

  private static long kb(String value, String unit) {
    long n = Long.parseLong(value);
    return switch (unit) {
      case "G" -> n * 1024 * 1024;
      case "M" -> n * 1024;
      default -> n;
    };
  }

  private static long bytes(Path dir, int n) throws IOException {
    long total = 0;
    for (int i = 0; i < n; i++) {
      total += Files.size(FleetReports.file(dir, i));
    }
    return total;
  }

  private static String tail(String text) {
    return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
  }

  private Path requireCli() {
    return Artifacts.requireCli(cli);
  }

  /** A copy of the command line's jar in the working folder, so that a rebuild while this runs cannot break it. */
  private Path cliCopy(Path work) throws IOException {
    Path copy = work.resolve("sunset-cli.jar");
    Files.copy(requireCli(), copy, StandardCopyOption.REPLACE_EXISTING);
    return copy;
  }
}
