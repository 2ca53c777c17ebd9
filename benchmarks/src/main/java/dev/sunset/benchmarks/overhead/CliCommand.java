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
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the command line's own start-up and work cost: {@code sunset scan} of a corpus of jars with three rules, timed
 * by hyperfine beside {@link BareAsmScan} (a bare single-rule ASM pass over the same jars in a JVM of its own), as
 * {@code java -jar sunset-cli.jar} and with the application class-data sharing archive {@code bin/sunset} makes and
 * uses ({@code -XX:SharedArchiveFile}); then the scan's throughput over a large corpus (every jar of the local Maven
 * repository), in classes per second, read from its own summary line.
 */
@Command(name = "cli", mixinStandardHelpOptions = true,
    description = "Times sunset scan of a corpus beside a bare single-rule ASM pass, with and without class-data"
        + " sharing, and the scan's throughput over the local Maven repository.")
final class CliCommand implements Callable<Integer> {
  /** Issue 20: a scan of the corpus within this many times the bare pass. */
  static final double TARGET_RATIO = 1.25;
  /**
   * The default corpus: 19 widely used libraries the build downloads into the local Maven repository (the newest
   * version there of each), some 10,000 classes.
   */
  static final List<String> CORPUS = List.of("com/google/guava/guava", "com/fasterxml/jackson/core/jackson-databind",
      "com/fasterxml/jackson/core/jackson-core", "org/ow2/asm/asm", "org/ow2/asm/asm-tree", "org/ow2/asm/asm-commons",
      "info/picocli/picocli", "org/snakeyaml/snakeyaml-engine", "io/opentelemetry/opentelemetry-api",
      "io/opentelemetry/opentelemetry-sdk-metrics", "io/opentelemetry/opentelemetry-sdk-trace",
      "org/apache/commons/commons-lang3", "org/apache/commons/commons-text", "org/slf4j/slf4j-api",
      "ch/qos/logback/logback-classic", "ch/qos/logback/logback-core", "org/junit/jupiter/junit-jupiter-engine",
      "org/junit/platform/junit-platform-engine", "org/assertj/assertj-core");
  /** Three rules on methods every library calls; the bare pass looks for the first only. */
  static final String RULES = "rules:\n"
      + "  - id: require-non-null\n    legacy: java.util.Objects#requireNonNull(java.lang.Object)\n"
      + "  - id: string-format\n    legacy: java.lang.String#format(java.lang.String, java.lang.Object[])\n"
      + "  - id: integer-value-of\n    legacy: java.lang.Integer#valueOf(int)\n";
  private static final List<String> BARE_RULE = List.of("java/util/Objects", "requireNonNull",
      "(Ljava/lang/Object;)Ljava/lang/Object;");
  private static final Pattern SUMMARY = Pattern.compile("scanned ([\\d,]+) (?:jars and folders|jar or folder).*?, "
      + "([\\d,]+) classes, ([\\d,]+) parsed, in ([\\d.]+) s: ([\\d,]+) call sites?");

  @Mixin
  CommonOptions common;

  @Option(names = "--cli", paramLabel = "JAR",
      description = "The command line's jar (default: cli/target/sunset-cli.jar of the repository).")
  Path cli;

  @Option(names = "--jars", split = ",", paramLabel = "JAR",
      description = "The corpus timed against the bare pass (default: 19 libraries from the local Maven repository).")
  List<Path> jars;

  @Option(names = "--m2", paramLabel = "DIR", description = "The large corpus for throughput: every jar under it"
      + " (default: ~/.m2/repository; '-' skips the throughput run).")
  String m2;

  @Option(names = "--runs", defaultValue = "10",
      description = "hyperfine runs per command (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--warmup", defaultValue = "2",
      description = "hyperfine warm-up runs per command (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Mixin
  QuietMachine quiet;

  /** One command's times, in milliseconds, as hyperfine's export gives them. */
  record Timed(String name, double mean, double stddev, double median, double min, double max) {}

  @Override
  public Integer call() throws Exception {
    Jvm jvm = common.jvm();
    Path work = common.work().resolve("cli");
    Files.createDirectories(work);
    Path jar = work.resolve("sunset-cli.jar");
    Files.copy(Artifacts.requireCli(cli), jar, StandardCopyOption.REPLACE_EXISTING);
    Path benchmarks = Artifacts.requireRepository().resolve("benchmarks/target/benchmarks.jar");
    if (!Files.isRegularFile(benchmarks)) {
      throw new IllegalStateException("cannot find " + benchmarks + "; build it: ./mvnw -B -DskipTests package -pl "
          + "benchmarks -am");
    }
    Path rules = work.resolve("rules.yaml");
    Files.writeString(rules, RULES);
    Path m2Dir = m2 == null ? Path.of(System.getProperty("user.home"), ".m2", "repository")
        : m2.equals("-") ? null : Path.of(m2);
    List<Path> corpus = jars != null ? jars : defaultCorpus(m2Dir != null ? m2Dir
        : Path.of(System.getProperty("user.home"), ".m2", "repository"));
    long classes = 0;
    for (Path j : corpus) {
      classes += classesIn(j);
    }

    List<String> out = new ArrayList<>();
    out.add("");
    out.add(String.format(Locale.ROOT, "sunset scan of %d jars (%,d classes) with 3 rules on %s; hyperfine -N, %d"
        + " warm-up runs and %d timed runs per command", corpus.size(), classes, jvm.version(), warmup, runs));
    out.add("corpus: " + String.join(" ", corpus.stream().map(p -> p.getFileName().toString()).toList()));
    out.add(MachineLoad.describe("before the runs"));

    // the archive bin/sunset makes on a command's first run and uses after: made here the same way
    Path archive = work.resolve("scan-jdk" + jvm.feature() + ".jsa");
    Files.deleteIfExists(archive);
    List<String> scanArgs = new ArrayList<>(List.of("scan", "--rules", rules.toString(), "--format", "json", "-o",
        work.resolve("scan.json").toString()));
    corpus.forEach(p -> scanArgs.add(p.toString()));
    List<String> making = new ArrayList<>(List.of(jvm.java().toString(), "-XX:ArchiveClassesAtExit=" + archive,
        "-Xlog:cds*=off", "-jar", jar.toString()));
    making.addAll(scanArgs);
    Jvm.run(making, Map.of(), Duration.ofMinutes(5), work).requireSuccess("the run that makes the archive");
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException("the JVM made no class-data sharing archive at " + archive);
    }

    Map<String, List<String>> commands = new LinkedHashMap<>();
    List<String> bare = new ArrayList<>(List.of(jvm.java().toString(), "-cp", benchmarks.toString(),
        BareAsmScan.class.getName()));
    bare.addAll(BARE_RULE);
    corpus.forEach(p -> bare.add(p.toString()));
    commands.put("bare single-rule ASM pass", bare);
    List<String> plain = new ArrayList<>(List.of(jvm.java().toString(), "-jar", jar.toString()));
    plain.addAll(scanArgs);
    commands.put("sunset scan (java -jar)", plain);
    List<String> shared = new ArrayList<>(List.of(jvm.java().toString(), "-XX:SharedArchiveFile=" + archive,
        "-Xlog:cds*=off", "-jar", jar.toString()));
    shared.addAll(scanArgs);
    commands.put("sunset scan (bin/sunset: class-data sharing)", shared);

    if (quiet.await() < 0) {
      out.add("(the machine did not go quiet within 10 minutes before the runs)");
    }
    List<Timed> timed = time(commands, work.resolve("hyperfine-jdk" + jvm.feature() + ".json"));
    double base = timed.get(0).mean();
    out.add("");
    out.add("| command | mean (ms) | ± σ | median | min | max | × the bare pass |");
    out.add("|---|---:|---:|---:|---:|---:|---:|");
    for (Timed t : timed) {
      out.add(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.2f |", t.name(), t.mean(),
          t.stddev(), t.median(), t.min(), t.max(), t.mean() / base));
    }
    double best = Math.min(timed.get(1).mean(), timed.get(2).mean()) / base;
    out.add("");
    out.add(String.format(Locale.ROOT, "Against issue 20's target (a scan within %.2fx the bare pass): %.2fx, %s",
        TARGET_RATIO, best, best <= TARGET_RATIO ? "met" : "MISSED"));

    if (m2Dir != null) {
      List<Path> all = allJars(m2Dir);
      Path list = work.resolve("m2-jars.txt");
      Files.write(list, all.stream().map(Path::toString).toList(), StandardCharsets.UTF_8);
      List<String> whole = new ArrayList<>(List.of(jvm.java().toString(), "-XX:SharedArchiveFile=" + archive,
          "-Xlog:cds*=off", "-jar", jar.toString(), "scan", "--rules", rules.toString(), "--format", "json", "-o",
          work.resolve("m2-scan.json").toString()));
      all.forEach(p -> whole.add(p.toString()));
      quiet.await();
      long start = System.nanoTime();
      Jvm.Run run = Jvm.run(whole, Map.of(), Duration.ofMinutes(30), work);
      double wall = (System.nanoTime() - start) / 1e9;
      Matcher m = SUMMARY.matcher(run.stderr());
      out.add("");
      if (m.find()) {
        long scanned = Long.parseLong(m.group(2).replace(",", ""));
        double seconds = Double.parseDouble(m.group(4));
        out.add(String.format(Locale.ROOT, "Throughput over %s (%,d jars given, exit status %d): %s; %,.0f classes"
            + " per second by the scan's own clock, %,.0f per second of the whole process (%.1f s)", m2Dir,
            all.size(), run.exitCode(), m.group(0), scanned / seconds, scanned / wall, wall));
      } else {
        out.add("Throughput over " + m2Dir + ": no summary line (exit status " + run.exitCode() + "): "
            + run.stderr().lines().limit(5).toList());
      }
    }
    Results.publish(out, work, jvm);
    return 0;
  }

  /** The newest version in {@code m2} of each library of {@link #CORPUS}, or a clear failure naming the missing. */
  static List<Path> defaultCorpus(Path m2) throws IOException {
    List<Path> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String ga : CORPUS) {
      Path dir = m2.resolve(ga);
      String artifact = dir.getFileName().toString();
      Path newest = null;
      if (Files.isDirectory(dir)) {
        try (Stream<Path> versions = Files.list(dir)) {
          newest = versions.filter(v -> Files.isRegularFile(v.resolve(artifact + "-" + v.getFileName() + ".jar")))
              .max(Comparator.comparing(v -> VersionOrder.of(v.getFileName().toString())))
              .map(v -> v.resolve(artifact + "-" + v.getFileName() + ".jar")).orElse(null);
        }
      }
      if (newest == null) {
        missing.add(ga);
      } else {
        found.add(newest);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("the local Maven repository " + m2 + " lacks " + missing + "; build the project"
          + " first (./mvnw -B verify downloads them) or give the corpus with --jars");
    }
    return found;
  }

  /** Every jar under {@code dir} but sources, javadoc and test jars, in path order. */
  static List<Path> allJars(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> {
        String name = p.getFileName().toString();
        return name.endsWith(".jar") && !name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar")
            && !name.endsWith("-tests.jar") && Files.isRegularFile(p);
      }).sorted().toList();
    }
  }

  private static long classesIn(Path jar) throws IOException {
    long n = 0;
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        String name = e.nextElement().getName();
        if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
          n++;
        }
      }
    }
    return n;
  }

  /** Runs the commands under hyperfine, interleaved by hyperfine's own order, and reads its export. */
  @SuppressWarnings("unchecked")
  private List<Timed> time(Map<String, List<String>> commands, Path json) throws IOException, InterruptedException {
    Hyperfine hyperfine = Hyperfine.find();
    List<String> command = new ArrayList<>(List.of(hyperfine.executable().toString(), "-N", "--warmup",
        String.valueOf(warmup), "--runs", String.valueOf(runs), "--style", "none", "--export-json", json.toString()));
    List<String> names = new ArrayList<>(commands.keySet());
    for (String name : names) {
      command.add(Hyperfine.commandLine(commands.get(name)));
    }
    Jvm.run(command, Map.of(), Duration.ofMinutes(30), null).requireSuccess("hyperfine");
    List<Object> results = (List<Object>) JSON.std.mapFrom(Files.readString(json)).get("results");
    List<Timed> timed = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      Map<String, Object> r = (Map<String, Object>) results.get(i);
      timed.add(new Timed(names.get(i), ms(r, "mean"), ms(r, "stddev"), ms(r, "median"), ms(r, "min"), ms(r, "max")));
    }
    return timed;
  }

  private static double ms(Map<String, Object> result, String key) {
    Object v = result.get(key);
    return v instanceof Number n ? n.doubleValue() * 1000 : Double.NaN;
  }

  /** Orders Maven versions well enough to pick the newest release present: numbers as numbers. */
  record VersionOrder(List<Long> numbers, String rest) implements Comparable<VersionOrder> {
    static VersionOrder of(String version) {
      List<Long> numbers = new ArrayList<>();
      Matcher m = Pattern.compile("\\d+").matcher(version);
      while (m.find() && numbers.size() < 6) {
        numbers.add(Long.parseLong(m.group().length() > 15 ? m.group().substring(0, 15) : m.group()));
      }
      return new VersionOrder(numbers, version);
    }

    @Override
    public int compareTo(VersionOrder other) {
      for (int i = 0; i < Math.max(numbers.size(), other.numbers.size()); i++) {
        long a = i < numbers.size() ? numbers.get(i) : -1;
        long b = i < other.numbers.size() ? other.numbers.get(i) : -1;
        if (a != b) {
          return Long.compare(a, b);
        }
      }
      return rest.compareTo(other.rest);
    }
  }
}
