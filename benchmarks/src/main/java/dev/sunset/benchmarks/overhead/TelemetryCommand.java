package dev.sunset.benchmarks.overhead;

import dev.sunset.agent.internal.registry.CallSiteSnapshot;
import dev.sunset.agent.internal.telemetry.data.CallSiteMetrics;
import dev.sunset.benchmarks.probe.TelemetryProbe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What collecting Sunset's metrics costs with 10,000 call sites: a generated application with 10,000 linked
 * and counted sites runs under the agent with {@code OTEL_METRICS_EXPORTER=prometheus}; this command scrapes
 * {@code /metrics} repeatedly and times each scrape from the client (collection and the text exposition),
 * while a JFR recording in the application tells on which threads Sunset's collection code ran (execution
 * samples) and, on JDK 25 and later, how long each call of it took ({@code jdk.MethodTrace} of the methods
 * {@code --trace} names).
 */
@Command(name = "telemetry", mixinStandardHelpOptions = true,
    description = "Times Prometheus scrapes of Sunset's metrics with 10,000 call sites, and names the threads.")
final class TelemetryCommand implements Callable<Integer> {
  /** Issue 10: one collection of 10,000 sites. */
  static final double TARGET_MS = 20;
  private static final int SITES_PER_CLASS = 5;
  private static final String SUNSET_CODE = "dev.sunset.agent.internal.";
  private static final String SCRAPE_CODE = "dev.sunset.agent.shaded.prometheus.metrics.exporter.httpserver.";

  @Mixin
  CommonOptions common;

  @Option(names = "--sites", defaultValue = "10000", description = "Call sites (default: ${DEFAULT-VALUE}).")
  int sites;

  @Option(names = "--caps", split = ",", defaultValue = "1000,10000",
      description = "maxCallSiteSeries values to run with: the default cap, and one series per site"
          + " (default: ${DEFAULT-VALUE}).")
  List<Integer> caps;

  @Option(names = "--scrapes", defaultValue = "40", description = "Scrapes per run (default: ${DEFAULT-VALUE}).")
  int scrapes;

  @Option(names = "--warmup-scrapes", defaultValue = "5",
      description = "Scrapes after the first not counted in the steady figures (default: ${DEFAULT-VALUE}).")
  int warmupScrapes;

  @Option(names = "--interval", defaultValue = "250", description = "Milliseconds between scrapes (default: ${DEFAULT-VALUE}).")
  long intervalMillis;

  @Mixin
  QuietMachine quiet;

  @Option(names = "--trace", split = ";", defaultValue = "dev.sunset.agent.internal.telemetry.otel.OtelBinding::record;"
      + "dev.sunset.agent.internal.registry.CallSiteSnapshot::take;"
      + "dev.sunset.agent.internal.telemetry.CallSiteMetrics::collect;"
      + "dev.sunset.agent.shaded.otel.exporter.prometheus.PrometheusMetricReader::collect",
      description = "Methods JFR times on JDK 25+ (jdk.MethodTrace), separated by ';' (default: ${DEFAULT-VALUE}).")
  List<String> trace;

  @Override
  public Integer call() throws Exception {
    if (sites % SITES_PER_CLASS != 0) {
      throw new IllegalArgumentException("--sites must be a multiple of " + SITES_PER_CLASS);
    }
    Jvm jvm = common.jvm();
    Path work = common.work().resolve("telemetry");
    Files.createDirectories(work);
    Path agent = common.sunsetAgentCopy();
    GeneratedApp.Shape shape = new GeneratedApp.Shape(sites / SITES_PER_CLASS, 1, SITES_PER_CLASS);
    System.out.println("Generating " + shape.classes() + " classes with " + sites + " call sites ...");
    GeneratedApp app = GeneratedApp.generate(work.resolve("app-" + sites), shape, List.of(TelemetryProbe.class));
    System.out.println("JVM: " + jvm.java() + " (" + jvm.version() + "); Sunset agent: " + common.sunsetAgentSource());
    boolean methodTrace = jvm.feature() >= 25;

    List<String> report = new ArrayList<>();
    report.add("");
    report.add("Telemetry collection of " + String.format(Locale.ROOT, "%,d", sites) + " linked and counted call sites on "
        + jvm.version() + ": OTEL_METRICS_EXPORTER=prometheus, " + scrapes + " scrapes " + intervalMillis
        + " ms apart after the first, timed by the client (collection + text exposition + loopback HTTP); steady = "
        + "scrapes " + (warmupScrapes + 2) + ".." + (scrapes + 1) + (methodTrace ? "; JFR jdk.MethodTrace times Sunset's code" : "; no "
        + "jdk.MethodTrace before JDK 25: scrape times only"));
    report.add(MachineLoad.describe("before the runs"));
    List<String> verdicts = new ArrayList<>();
    for (int cap : caps) {
      if (quiet.await() < 0) {
        report.add("(the machine did not go quiet within 10 minutes before the run with maxCallSiteSeries=" + cap + ")");
      }
      runOnce(jvm, app, agent, work, cap, methodTrace, report, verdicts);
    }
    report.add("");
    report.add("Against issue 10's telemetry target (at most " + (int) TARGET_MS + " ms per collection, never on an"
        + " application thread):");
    report.addAll(verdicts);
    Results.publish(report, work, jvm);
    return 0;
  }

  private void runOnce(Jvm jvm, GeneratedApp app, Path agent, Path work, int cap, boolean methodTrace,
      List<String> report, List<String> verdicts) throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path jfr = work.resolve("telemetry-cap" + cap + "-jdk" + jvm.feature() + ".jfr");
    Files.deleteIfExists(jfr);
    String recording = "-XX:StartFlightRecording:method-profiling=high,filename=" + jfr
        + (methodTrace ? ",method-trace=" + String.join(";", trace) : "");
    List<String> args = new ArrayList<>(List.of(recording,
        "-javaagent:" + agent + "=rules=" + app.rules() + ",report=none,summary=false,maxCallSiteSeries=" + cap,
        "-cp", app.jar().toString(), TelemetryProbe.class.getName()));
    Path err = work.resolve("telemetry-cap" + cap + ".err");
    ProcessBuilder builder = new ProcessBuilder(jvm.command(args)).redirectError(err.toFile());
    Jvm.clean(builder.environment());
    builder.environment().putAll(Map.of("OTEL_METRICS_EXPORTER", "prometheus", "OTEL_TRACES_EXPORTER", "none",
        "OTEL_LOGS_EXPORTER", "none", "OTEL_SERVICE_NAME", "sunset-telemetry-benchmark",
        "OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1", "OTEL_EXPORTER_PROMETHEUS_PORT", String.valueOf(port),
        // the SDK's own limit (2,000 points per metric) must stay above the cap, as docs/telemetry.md says
        "OTEL_JAVA_METRICS_CARDINALITY_LIMIT", String.valueOf(Math.max(2000, cap + 100))));
    Process p = builder.start();
    List<Double> times = new ArrayList<>();
    int series = -1;
    int overflowSeries = -1;
    String ready;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
      ready = out.readLine();
      while (ready != null && ready.startsWith("[")) { // JFR's start-up lines on stdout
        ready = out.readLine();
      }
      if (ready == null || !ready.startsWith("ready ") || !ready.contains(" legacyBodyCalls=0 ")) {
        throw new IllegalStateException("the telemetry probe did not start as expected (first line: " + ready
            + ")\n--- stderr:\n" + Files.readString(err));
      }
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
          .timeout(Duration.ofSeconds(30)).build();
      times.add(firstScrape(http, request, p, err));
      for (int i = 0; i < scrapes; i++) {
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200) {
          throw new IllegalStateException("scrape " + i + " answered " + response.statusCode());
        }
        times.add(ms);
        int[] counted = countSeries(response.body());
        series = counted[0];
        overflowSeries = counted[1];
        Thread.sleep(intervalMillis);
      }
      in.write("exit\n");
    } finally {
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
      }
    }
    int expectedOwn = Math.min(cap, app.shape().sites());
    if (series - overflowSeries != expectedOwn) {
      throw new IllegalStateException("the last scrape held " + (series - overflowSeries) + " call-site series of"
          + " sunset_legacy_calls_total, expected " + expectedOwn + " (maxCallSiteSeries=" + cap + ")");
    }

    Summary steady = Summary.of(times.subList(Math.min(1 + warmupScrapes, times.size() - 1), times.size()));
    report.add("");
    report.add(String.format(Locale.ROOT, "maxCallSiteSeries=%d: %d series of sunset_legacy_calls_total (%d overflow); "
        + "application thread: %s", cap, series, overflowSeries, ready.substring(ready.indexOf("thread=") + 7)));
    report.add("| what | first ms | steady median [IQR] ms | steady max ms | n | threads |");
    report.add("|---|---:|---:|---:|---:|---|");
    report.add(String.format(Locale.ROOT, "| scrape (client round trip) | %.1f | %s | %.1f | %d | |", times.get(0),
        steady.medianAndQuartiles(2), steady.max(), times.size()));

    Map<String, List<Double>> traced = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> tracedThreads = new LinkedHashMap<>();
    // execution samples: on which threads the traced (collection) methods ran, and what share of the time the
    // scrape threads spent in a scrape went to Sunset's callback (an estimate of the callback's time on JDK 17)
    Map<String, Integer> collectionThreads = new TreeMap<>();
    Map<String, Integer> otherSunsetThreads = new TreeMap<>();
    int inScrape = 0;
    int inCallback = 0;
    String callback = trace.get(0);
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      if (e.getEventType().getName().equals("jdk.MethodTrace")) {
        RecordedMethod m = e.getValue("method");
        String name = m.getType().getName() + "::" + m.getName();
        traced.computeIfAbsent(name, k -> new ArrayList<>()).add(e.getDuration().toNanos() / 1e6);
        tracedThreads.computeIfAbsent(name, k -> new TreeMap<>()).merge(threadName(e), 1, Integer::sum);
        continue;
      }
      if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
        continue;
      }
      List<String> frames = e.getStackTrace().getFrames().stream().map(RecordedFrame::getMethod)
          .map(m -> m.getType().getName() + "::" + m.getName()).toList();
      String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
      boolean scrape = frames.stream().anyMatch(f -> f.startsWith(SCRAPE_CODE));
      boolean collecting = frames.stream().anyMatch(trace::contains);
      inScrape += scrape ? 1 : 0;
      inCallback += scrape && frames.contains(callback) ? 1 : 0;
      if (collecting) {
        collectionThreads.merge(thread, 1, Integer::sum);
      } else if (frames.stream().anyMatch(f -> f.startsWith(SUNSET_CODE))) {
        otherSunsetThreads.merge(thread, 1, Integer::sum);
      }
    }
    Double sunsetSteady = null;
    double sunsetUpperQuartile = Double.NaN;
    for (Map.Entry<String, List<Double>> t : traced.entrySet()) {
      List<Double> d = t.getValue();
      // one collection per scrape, the first one cold
      Summary s = Summary.of(d.subList(Math.min(1 + warmupScrapes, d.size() - 1), d.size()));
      report.add(String.format(Locale.ROOT, "| `%s` (JFR) | %.1f | %s | %.1f | %d | %s |", t.getKey(), d.get(0),
          s.medianAndQuartiles(2), s.max(), d.size(), tracedThreads.get(t.getKey())));
      if (t.getKey().equals(callbackName())) {
        sunsetSteady = s.median();
        sunsetUpperQuartile = s.q3();
      }
    }
    double share = inScrape == 0 ? Double.NaN : inCallback / (double) inScrape;
    report.add(String.format(Locale.ROOT, "JFR execution samples (10 ms): with a collection method (--trace) on the"
        + " stack, by thread: %s; other Sunset code, by thread: %s (on main: linking and first-call events as"
        + " the sites first ran); %d samples inside a scrape, %.0f%% of them in %s, so the callback's share of"
        + " the steady scrape is about %.1f ms", collectionThreads, otherSunsetThreads, inScrape, 100 * share,
        callback, share * steady.median()));
    boolean sunsetOnAppThread = collectionThreads.containsKey("main");
    for (Map<String, Integer> threads : tracedThreads.values()) {
      sunsetOnAppThread |= threads.containsKey("main");
    }
    if (sunsetSteady == null && !Double.isNaN(share)) {
      sunsetSteady = share * steady.median();
    }

    double collection = sunsetSteady != null ? sunsetSteady : steady.median();
    String measured = traced.containsKey(callbackName()) ? "Sunset's callback (JFR trace)"
        : sunsetSteady != null ? "Sunset's callback (JFR samples)" : "whole scrape (upper bound)";
    verdicts.add(String.format(Locale.ROOT, "  maxCallSiteSeries=%-6d %-28s %6.2f ms median  target <= %.0f ms: %s;"
        + " application thread: %s", cap, measured, collection, TARGET_MS,
        collection > TARGET_MS ? String.format(Locale.ROOT, "MISSED by %.1f ms", collection - TARGET_MS)
            : sunsetUpperQuartile > TARGET_MS ? String.format(Locale.ROOT, "met on the median; a quarter of the"
                + " collections took more than %.1f ms", sunsetUpperQuartile) : "met",
        sunsetOnAppThread ? "USED (Sunset's collection code was seen on main)" : "never seen"));
  }

  /** The first method of {@code --trace}: Sunset's collection callback, which the target is read against. */
  private String callbackName() {
    return trace.get(0);
  }

  private static String threadName(RecordedEvent e) {
    return e.getThread() == null ? "?" : e.getThread().getJavaName();
  }

  /** Scrapes until the endpoint answers (the exporter starts in the background); the time of that first scrape. */
  private static double firstScrape(HttpClient http, HttpRequest request, Process p, Path err)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        long start = System.nanoTime();
        if (http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          return (System.nanoTime() - start) / 1e6;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (!p.isAlive()) {
        break;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the metrics endpoint did not answer within 60 s\n--- stderr:\n"
        + Files.readString(err));
  }

  /** Series of {@code sunset_legacy_calls_total} in an exposition, and how many of them are overflow series. */
  static int[] countSeries(String exposition) {
    int series = 0;
    int overflow = 0;
    for (String line : exposition.split("\n")) {
      if (line.startsWith("sunset_legacy_calls_total{")) {
        series++;
        if (line.contains("sunset_overflow=\"true\"")) {
          overflow++;
        }
      }
    }
    return new int[] {series, overflow};
  }
}
