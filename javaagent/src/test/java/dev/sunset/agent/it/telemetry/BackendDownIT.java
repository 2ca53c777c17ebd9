package dev.sunset.agent.it.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the telemetry backend refuses connections or takes them and never answers, the application runs as it
 * does without telemetry, none of its threads waits on an export, Sunset's memory stays bounded while
 * thousands of first-call events and exports pile up, and the JVM still exits promptly.
 */
class BackendDownIT {
  private static final String SITES = "3000";
  private static final String MILLIS = "3000";

  private static TelemetryJvm.Result withoutTelemetry;

  @TempDir
  Path dir;

  @Test
  void aHangingBackendNeitherBlocksNorChangesTheApplication() throws Exception {
    try (OtlpReceiver hanging = OtlpReceiver.hanging()) {
      TelemetryJvm.Result down = runWithBackend(hanging.endpoint());

      assertUnaffected(down, hanging.paths().size());
    }
  }

  @Test
  void aRefusingBackendNeitherBlocksNorChangesTheApplication() throws Exception {
    TelemetryJvm.Result down = runWithBackend("http://127.0.0.1:" + closedPort());

    assertUnaffected(down, -1);
  }

  private TelemetryJvm.Result runWithBackend(String endpoint) throws Exception {
    return new TelemetryJvm()
        .sunset("rules=" + TelemetryRules.write(dir) + ",report=none,summary=false")
        .jvmArg("-Xmx256m")
        .env("OTEL_METRICS_EXPORTER", "otlp")
        .env("OTEL_LOGS_EXPORTER", "otlp")
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint)
        // export as often as possible, so that whatever an export holds on to would pile up
        .env("OTEL_METRIC_EXPORT_INTERVAL", "100")
        .env("OTEL_BLRP_SCHEDULE_DELAY", "50")
        .run(120, "backend-down", SITES, MILLIS);
  }

  /** The same application with telemetry off, run once for both tests. */
  private synchronized TelemetryJvm.Result withoutTelemetry() throws Exception {
    if (withoutTelemetry == null) {
      withoutTelemetry = new TelemetryJvm()
          .sunset("rules=" + TelemetryRules.write(dir) + ",report=none,summary=false,telemetry=off")
          .jvmArg("-Xmx256m")
          .run(120, "backend-down", SITES, MILLIS);
    }
    return withoutTelemetry;
  }

  private void assertUnaffected(TelemetryJvm.Result down, int requestsTaken) throws Exception {
    TelemetryJvm.Result without = withoutTelemetry();
    Map<String, String> d = down.values();
    Map<String, String> w = without.values();
    String context = "with the backend down:\n" + down + "\nwithout telemetry:\n" + without;

    assertThat(down.exitCode()).as(context).isZero();
    assertThat(down.agentLines()).as(context).anyMatch(l -> l.startsWith("telemetry: OpenTelemetry SDK"));
    if (requestsTaken >= 0) {
      assertThat(requestsTaken).as("exports the hanging backend took and never answered").isPositive();
    }
    // the application's results are those it gets without telemetry
    for (String key : new String[] {"sitesDefined", "callsMade", "wrongResults", "done"}) {
      assertThat(d.get(key)).as(key + "; " + context).isEqualTo(w.get(key)).isNotNull();
    }
    assertThat(d.get("wrongResults")).isEqualTo("0");
    // a first call emits its event without waiting: an export waits up to its 10 s timeout
    assertThat(Long.parseLong(d.get("maxFirstCallMillis"))).as(context).isLessThan(1000);
    assertThat(Integer.parseInt(d.get("stackDumps"))).as(context).isGreaterThan(20);
    assertThat(d.get("exporterFramesOnAppThreads")).as(context).isEqualTo("0");
    // 3,000 first-call events (more than the 2,048 the event queue holds) and some thirty metric exports of
    // 1,000 series each (about 0.4 MB apiece) meet a backend that is down: had the exports been kept, the heap
    // would grow by a dozen megabytes more; it grows as it does without telemetry, give or take the event
    // queue and one export in flight
    long growthDown = kib(d, "heapAtEndKiB") - kib(d, "heapAfterFirstWaveKiB");
    long growthWithout = kib(w, "heapAtEndKiB") - kib(w, "heapAfterFirstWaveKiB");
    assertThat(growthDown - growthWithout).as(context).isLessThan(6 * 1024);
    assertThat(kib(d, "heapAtEndKiB") - kib(w, "heapAtEndKiB")).as(context).isLessThan(16 * 1024);
    // the SDK (started in the background) and its exporters' HTTP clients start their few threads once; no
    // export leaves a thread behind
    assertThat(d.get("threadsStarted").split(",")).as("threads started while the backend was down; " + context)
        .hasSizeLessThanOrEqualTo(16)
        .allSatisfy(name -> assertThat(name).matches("HttpClient-\\d+-(Worker-\\d+|SelectorManager)"
            + "|jdkhttp-executor-\\d+|PeriodicMetricReader-\\d+|BatchLogRecordProcessor_WorkerThread-\\d+"));
    // the exit flush gives up after two seconds rather than wait out the export's timeout and retries
    assertThat(down.exitMillis()).as(context).isLessThan(3500);
    assertThat(without.exitMillis()).as(context).isLessThan(1000);
  }

  private static long kib(Map<String, String> values, String key) {
    return Long.parseLong(values.get(key));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort(); // closed again when this returns: connections are refused
    }
  }
}
