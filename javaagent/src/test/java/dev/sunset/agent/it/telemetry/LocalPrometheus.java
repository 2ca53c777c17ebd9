package dev.sunset.agent.it.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code prometheus}, found on the PATH (installed with apt-get when missing outside CI, as the chat app's
 * tests do), started on the loopback address with a temporary storage folder, scraping one target every second.
 *
 * <p>The chat app's {@code LocalPrometheus} does the same for its tests; this module cannot use it (the chat app
 * depends on the agent), so this is the part of it the agent's telemetry ITs need.
 */
final class LocalPrometheus implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();

  private LocalPrometheus(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * The path of {@code prometheus}. When missing, CI fails (its {@code .ci/run} installs it); elsewhere it is
   * installed with apt-get if possible, and the test is skipped, saying why, if not.
   */
  static synchronized Path tool() throws IOException, InterruptedException {
    Path found = onPath();
    if (found != null) {
      return found;
    }
    if (System.getenv("CI") != null) {
      fail("prometheus is not installed; CI must install Debian's prometheus package first (see .ci/run)");
    }
    StringBuilder out = new StringBuilder();
    for (List<String> command : List.of(List.of("apt-get", "update", "-q"),
        List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", "prometheus"))) {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
      try {
        Process p = builder.start();
        out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
          break;
        }
      } catch (IOException e) {
        out.append(command).append(": ").append(e.getMessage());
        break;
      }
    }
    found = onPath();
    Assumptions.assumeTrue(found != null, "prometheus is not installed and apt-get could not install it:\n" + out);
    return found;
  }

  private static Path onPath() {
    String path = System.getenv("PATH");
    for (String dir : (path == null ? "/usr/bin:/usr/local/bin" : path).split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "prometheus");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * Starts Prometheus on 127.0.0.1, storing in {@code dir}, scraping {@code target} ({@code host:port}) every second
   * as the job {@code job}, and waits until it is ready.
   */
  static LocalPrometheus start(String job, String target, Path dir) throws IOException, InterruptedException {
    Path tool = tool();
    Path config = Files.writeString(dir.resolve("prometheus.yml"), "global:\n"
        + "  scrape_interval: 1s\n"
        + "  evaluation_interval: 1s\n"
        + "scrape_configs:\n"
        + "  - job_name: " + job + "\n"
        + "    static_configs:\n"
        + "      - targets: ['" + target + "']\n");
    int port = TelemetryJvm.freePort();
    Path log = dir.resolve("prometheus.log");
    Process process = new ProcessBuilder(tool.toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("prometheus-data")),
        "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    LocalPrometheus prometheus = new LocalPrometheus(process, port, log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        fail("prometheus exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        if (prometheus.get("/-/ready").statusCode() == 200) {
          return prometheus;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    prometheus.close();
    throw new AssertionError("prometheus was not ready within 60 s:\n" + Files.readString(log));
  }

  private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Evaluates {@code promql} now through the HTTP API ({@code /api/v1/query}); returns the result's elements, each
   * with its {@code metric} labels and {@code value}. A query Prometheus refuses fails the test.
   */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> query(String promql) throws IOException, InterruptedException {
    HttpResponse<String> response = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    Map<String, Object> body = JSON.std.mapFrom(response.body());
    assertThat(body.get("status")).as("query %s: %s", promql, response.body()).isEqualTo("success");
    return (List<Map<String, Object>>) ((Map<String, Object>) body.get("data")).get("result");
  }

  /** What Prometheus logged. */
  String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
