package dev.sunset.agent.it.telemetry;

import static dev.sunset.agent.it.telemetry.TelemetryRules.SITES;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
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
    int port = freePort();
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

      String metrics = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10))
              .build(), HttpResponse.BodyHandlers.ofString()).body();

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

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
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
