package dev.sunset.agent.it.telemetry;

import static dev.sunset.agent.it.telemetry.TelemetryRules.SITES;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code OTEL_METRICS_EXPORTER=prometheus}, Sunset serves its metrics itself, on the loopback address only. */
class PrometheusEndpointIT {
  @TempDir
  Path dir;

  @Test
  void theEndpointServesTheCallSeriesAndListensOnLoopbackOnly() throws Exception {
    int port = TelemetryJvm.freePort();
    Process app = new TelemetryJvm()
        .sunset("rules=" + TelemetryRules.write(dir) + ",report=none")
        .env("OTEL_METRICS_EXPORTER", "prometheus")
        .env("OTEL_LOGS_EXPORTER", "none")
        .env("OTEL_EXPORTER_PROMETHEUS_PORT", String.valueOf(port))
        .start("serve", "4");
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
      for (String line = out.readLine(); line != null && !line.equals("serving=true"); line = out.readLine()) {
        // the application's calls are made before this line
      }

      String metrics = scrape(port);

      assertThat(metrics.lines()).anyMatch(l -> l.startsWith("sunset_legacy_calls_total{")
          && l.contains("code_function_name=\"" + SITES + ".busy\"") && l.contains("sunset_rule=\"clock-now\"")
          && l.contains("sunset_stage=\"observe\"") && l.endsWith(" 4.0"));
      assertThat(metrics.lines()).anyMatch(l -> l.startsWith("sunset_call_sites{")
          && l.contains("sunset_rule=\"clock-now\"") && l.contains("sunset_state=\"uncalled\"") && l.endsWith(" 2.0"));
      assertThat(metrics.lines()).anyMatch(l -> l.startsWith("sunset_rule_deny_time_seconds{")
          && l.contains("sunset_rule=\"clock-now\""));
      assertThat(listeningAddresses(port)).containsExactly("127.0.0.1");
    } finally {
      app.getOutputStream().close();
      if (!app.waitFor(30, TimeUnit.SECONDS)) {
        app.destroyForcibly();
      }
    }
    assertThat(app.exitValue()).isZero();
  }

  /**
   * The README's Prometheus command, with the variables it sets (on another port): its metrics are served and
   * nothing is exported elsewhere, so standard error holds no stack trace (first-call events went to OTLP on
   * localhost:4318 while the README did not say OTEL_LOGS_EXPORTER=none).
   */
  @Test
  void theReadmesPrometheusCommandServesMetricsAndPrintsNoStackTrace() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    java.util.regex.Matcher command = java.util.regex.Pattern.compile("(OTEL_SERVICE_NAME=\\S+ OTEL_METRICS_EXPORTER="
        + "prometheus[^\\n]*(\\\\\\n[^\\n]*)?)java -javaagent").matcher(readme);
    assertThat(command.find()).as("the README's Prometheus command").isTrue();
    TelemetryJvm jvm = new TelemetryJvm().sunset("rules=" + TelemetryRules.write(dir) + ",report=none,summary=false");
    List<String> set = new ArrayList<>();
    int port = TelemetryJvm.freePort();
    for (String word : command.group(1).split("[\\s\\\\]+")) {
      if (word.contains("=")) {
        String key = word.substring(0, word.indexOf('='));
        set.add(key);
        jvm.env(key, key.equals("OTEL_EXPORTER_PROMETHEUS_PORT") ? String.valueOf(port)
            : word.substring(word.indexOf('=') + 1));
      }
    }

    Process app = jvm.start("serve", "3");
    java.util.concurrent.CompletableFuture<String> stderr = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return new String(app.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return e.toString();
      }
    });
    String metrics;
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
      for (String line = out.readLine(); line != null && !line.equals("serving=true"); line = out.readLine()) {
        // the first calls, and so the first-call events, are made before this line
      }
      Thread.sleep(3000); // the events' batch goes out within a second or two: to OTLP, unless told otherwise
      metrics = scrape(port);
    } finally {
      app.getOutputStream().close();
      if (!app.waitFor(30, TimeUnit.SECONDS)) {
        app.destroyForcibly();
      }
    }

    assertThat(metrics).contains("sunset_legacy_calls_total{");
    // without OTEL_LOGS_EXPORTER=none the events go to otlp at localhost:4318, and a long-running application prints
    // "SEVERE: Failed to export logs ... ConnectException" with a stack trace every few seconds
    assertThat(stderr.get(10, TimeUnit.SECONDS)).contains("first-call events to none").doesNotContain("SEVERE")
        .doesNotContain("Exception");
    assertThat(set).contains("OTEL_METRICS_EXPORTER", "OTEL_LOGS_EXPORTER");
    assertThat(app.exitValue()).isZero();
  }

  /**
   * The endpoint's metrics once it serves Sunset's series: the SDK starts on a thread of its own and may register
   * its instruments a moment after the application's first calls, so an early scrape can find nothing yet.
   */
  private static String scrape(int port) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .timeout(Duration.ofSeconds(10)).build();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    String body;
    do {
      body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
      if (body.contains("sunset_legacy_calls_total{")) {
        return body;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < until);
    return body;
  }

  /** The local addresses of the sockets listening on {@code port}, from the kernel's socket tables. */
  private static List<String> listeningAddresses(int port) throws IOException {
    List<String> addresses = new ArrayList<>();
    String hexPort = String.format(Locale.ROOT, "%04X", port);
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path file = Path.of(table);
      if (!Files.isReadable(file)) {
        continue;
      }
      for (String line : Files.readAllLines(file)) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length > 3 && fields[1].endsWith(":" + hexPort) && fields[3].equals("0A")) { // 0A: LISTEN
          addresses.add(address(fields[1].substring(0, fields[1].indexOf(':'))));
        }
      }
    }
    return addresses;
  }

  /**
   * A socket table's address: {@code 0100007F} is 127.0.0.1 (a little-endian word), and an IPv6 address is four
   * such words, of which {@code 0000000000000000FFFF00000100007F} is the IPv4-mapped {@code ::ffff:127.0.0.1}.
   */
  private static String address(String hex) {
    if (hex.length() == 32 && hex.startsWith("0000000000000000FFFF0000")) {
      return address(hex.substring(24));
    }
    if (hex.length() != 8) {
      return hex;
    }
    long value = Long.parseLong(hex, 16);
    return (value & 0xFF) + "." + ((value >> 8) & 0xFF) + "." + ((value >> 16) & 0xFF) + "." + ((value >> 24) & 0xFF);
  }
}
