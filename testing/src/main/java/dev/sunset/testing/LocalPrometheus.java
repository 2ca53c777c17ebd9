package dev.sunset.testing;

import static org.apiguardian.api.API.Status.INTERNAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code prometheus} and {@code promtool}, found on the PATH (and installed with apt-get when missing
 * outside CI), and a Prometheus server started on the loopback address with a temporary storage folder: what the
 * agent's telemetry ITs and the chat app's dashboard and alert tests query.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class LocalPrometheus implements AutoCloseable {
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
   * The path of {@code prometheus} or {@code promtool}. When missing, CI fails (its {@code .ci/run} installs
   * them); elsewhere they are installed with apt-get if possible, and the test is skipped, saying why, if not.
   */
  public static synchronized Path tool(String name) throws IOException, InterruptedException {
    Path found = onPath(name);
    if (found != null) {
      return found;
    }
    if (System.getenv("CI") != null) {
      fail(name + " is not installed; CI must install Debian's prometheus package first (see .ci/run)");
    }
    String installLog = install();
    found = onPath(name);
    Assumptions.assumeTrue(found != null, name + " is not installed and apt-get could not install it:\n" + installLog);
    return found;
  }

  private static Path onPath(String name) {
    String path = System.getenv("PATH");
    for (String dir : (path == null ? "/usr/bin:/usr/local/bin" : path).split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static String install() throws IOException, InterruptedException {
    StringBuilder out = new StringBuilder();
    for (List<String> command : List.of(List.of("apt-get", "update", "-q"),
        List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", "prometheus"))) {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
      Process p;
      try {
        p = builder.start();
      } catch (IOException e) {
        return out.append(command).append(": ").append(e.getMessage()).toString();
      }
      out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
        return out.toString();
      }
    }
    return out.toString();
  }

  /** Runs promtool with these arguments; returns its exit code and output. */
  public static Map.Entry<Integer, String> promtool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(tool("promtool").toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("promtool did not finish: " + command);
    }
    return Map.entry(p.exitValue(), output);
  }

  /** A free TCP port on the loopback address. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * Starts Prometheus on 127.0.0.1, storing in {@code dir}, scraping {@code target} ({@code host:port}) every second
   * as the job {@code job}, and waits until it is ready.
   */
  public static LocalPrometheus start(String job, String target, Path dir) throws IOException, InterruptedException {
    Path config = Files.writeString(dir.resolve("prometheus.yml"), "global:\n"
        + "  scrape_interval: 1s\n"
        + "  evaluation_interval: 1s\n"
        + "scrape_configs:\n"
        + "  - job_name: " + job + "\n"
        + "    static_configs:\n"
        + "      - targets: ['" + target + "']\n");
    return start(config, dir);
  }

  /** Starts Prometheus on 127.0.0.1 with {@code config}, storing in {@code dir}, and waits until it is ready. */
  public static LocalPrometheus start(Path config, Path dir) throws IOException, InterruptedException {
    int port = freePort();
    Path log = dir.resolve("prometheus.log");
    Process process = new ProcessBuilder(tool("prometheus").toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("data")),
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
   * Evaluates {@code promql} now through the HTTP API ({@code /api/v1/query}); returns the result's elements,
   * each with its {@code metric} labels and {@code value}. A query Prometheus refuses fails the test.
   */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> query(String promql) throws IOException, InterruptedException {
    HttpResponse<String> response = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    Map<String, Object> body = JSON.std.mapFrom(response.body());
    assertEquals("success", body.get("status"), () -> "query " + promql + ": " + response.body());
    Map<String, Object> data = (Map<String, Object>) body.get("data");
    Object result = data.get("result");
    if (!(result instanceof List)) {
      return List.of(Map.of("value", result)); // a scalar
    }
    return (List<Map<String, Object>>) result;
  }

  /**
   * Waits until Prometheus has scraped {@code job} successfully ({@code up} is 1); its discovery hands the
   * targets over a few seconds after start.
   */
  @SuppressWarnings("unchecked")
  public void awaitFirstScrape(String job, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (Map<String, Object> series : query("up{job=\"" + job + "\"}")) {
        if ("1".equals(((List<Object>) series.get("value")).get(1))) {
          return;
        }
      }
      Thread.sleep(200);
    }
    fail("prometheus did not scrape " + job + " within " + timeout + ":\n" + log());
  }

  /** Where its HTTP API listens: {@code 127.0.0.1:<port>}. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** What Prometheus logged. */
  public String log() throws IOException {
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
