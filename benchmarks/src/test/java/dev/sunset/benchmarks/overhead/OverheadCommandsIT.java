package dev.sunset.benchmarks.overhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sunset.benchmarks.Artifacts;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Runs each overhead command end to end at a tiny size (real JVMs, the real agent jar, the do-nothing agent,
 * hyperfine, jcmd, JFR, a real Prometheus endpoint): a sanity check that every command runs, passes its own
 * path checks and writes its table; the figures of so short a run mean nothing.
 */
class OverheadCommandsIT {
  private static final Path WORK = Path.of("target/overhead-it").toAbsolutePath();
  private static int feature;

  @BeforeAll
  static void jdk() throws Exception {
    feature = Jvm.of(null).feature();
  }

  private static int run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--work";
    all[args.length + 1] = WORK.toString();
    return new CommandLine(new Overhead()).execute(all);
  }

  private static String results(String command) throws Exception {
    return Files.readString(WORK.resolve(command).resolve("results-jdk" + feature + ".txt"));
  }

  @Test
  void startupTimesEachVariantAfterCheckingItsPathAndReadsTheTargets() throws Exception {
    requireHyperfine();
    assertThat(run("startup", "--classes", "300", "--rounds", "1", "--warmup-rounds", "0", "--memory-runs", "1",
        "--variants", "none,noop,sunset", "--quiet-seconds", "0")).isZero();
    assertThat(results("startup")).contains("hello (one-line Hello)", "app (300-class application, 3 legacy call sites)",
        "| none ", "| noop ", "| sunset ", "20,000-class application, Sunset over no agent",
        "Hello, Sunset over the do-nothing agent");
  }

  @Test
  void memoryMeasuresBothStatesAndNamesTheAgentsObjects() throws Exception {
    assertThat(run("memory", "--sites", "500", "--repeats", "1")).isZero();
    assertThat(results("memory")).contains("| 500 | rewritten, never called |", "| 500 | linked, called twice |",
        "`dev.sunset.agent.internal.registry.CallSiteInfo`");
  }

  @Test
  void telemetryScrapesTheEndpointAndFindsTheCollectingThread() throws Exception {
    assertThat(run("telemetry", "--sites", "500", "--caps", "100", "--scrapes", "3", "--warmup-scrapes", "0",
        "--interval", "50", "--quiet-seconds", "0")).isZero();
    assertThat(results("telemetry")).contains("maxCallSiteSeries=100: 103 series of sunset_legacy_calls_total (3 overflow)",
        "| scrape (client round trip) |", "application thread: main");
  }

  @Test
  void breakdownCutsSunsetsStartIntoPhases() throws Exception {
    assertThat(run("breakdown", "--runs", "1", "--quiet-seconds", "0")).isZero();
    assertThat(results("breakdown")).contains("| none |", "| noop |", "| sunset |", "**JVM start -> main**",
        "snakeyaml-engine (agent jar)");
  }

  @Test
  void fleetGivesTheRealCommandLineGeneratedReportsAndChecksTheMergedSums() throws Exception {
    requireGnuTime();
    assertThat(run("fleet", "--reports", "3,6", "--sites", "20", "--distinct", "100", "--heap", "64m",
        "--quiet-seconds", "0")).isZero();
    assertThat(results("fleet")).contains("| 6 | ", "| merge | ", "| verdict --report | ", "| report --html | ",
        ": as generated |", "20 sites per report: the 10 hot sites every JVM calls");
    assertThat(WORK.resolve("fleet/reports/report-00005.json")).isRegularFile();
    assertThat(WORK.resolve("fleet/report.html")).isRegularFile();
  }

  @Test
  void cliTimesTheScanBesideTheBarePassWithAndWithoutTheArchiveAndReadsTheThroughput() throws Exception {
    requireHyperfine();
    Path corpus = Artifacts.requireRepository().resolve("benchmarks/target/benchmarks.jar");
    Path m2 = Files.createDirectories(WORK.resolve("m2-corpus/org/example/lib/1.0"));
    Files.copy(corpus, m2.resolve("lib-1.0.jar"), StandardCopyOption.REPLACE_EXISTING);

    assertThat(run("cli", "--jars", corpus.toString(), "--m2", WORK.resolve("m2-corpus").toString(), "--runs", "1",
        "--warmup", "0", "--quiet-seconds", "0")).isZero();

    assertThat(results("cli")).contains("| bare single-rule ASM pass | ", "| sunset scan (java -jar) | ",
        "| sunset scan (bin/sunset: class-data sharing) | ", "Against issue 20's target (a scan within 1.25x",
        "Throughput over " + WORK.resolve("m2-corpus") + " (1 jars given, exit status 0)", "classes per second");
    assertThat(WORK.resolve("cli/scan-jdk" + feature + ".jsa")).as("the archive the scan mapped").isRegularFile();
  }

  /** GNU time: CI installs it (.ci/run); elsewhere the fleet check is skipped, saying why. */
  private static void requireGnuTime() {
    if (Files.isExecutable(Path.of("/usr/bin/time"))) {
      return;
    }
    if (System.getenv("CI") != null) {
      fail("GNU time is not installed; CI must install Debian's time package first (see .ci/run)");
    }
    Assumptions.abort("GNU time is not installed (apt-get install -y time); the fleet command needs /usr/bin/time");
  }

  /** hyperfine: CI installs it (.ci/run); elsewhere the start-up check is skipped, saying why. */
  private static void requireHyperfine() {
    String path = System.getenv("PATH");
    for (String dir : (path == null ? "/usr/bin" : path).split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "hyperfine"))) {
        return;
      }
    }
    if (System.getenv("CI") != null) {
      fail("hyperfine is not installed; CI must install Debian's hyperfine package first (see .ci/run)");
    }
    Assumptions.abort("hyperfine is not installed (apt-get install -y hyperfine); the start-up command needs it");
  }
}
