package dev.sunset.agent.it.telemetry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP endpoint on the loopback address that decodes what it receives with the OTLP protobuf
 * definitions, as a collector would, and keeps every request; or, when told to hang, accepts requests and
 * never answers.
 */
final class OtlpReceiver implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "otlp-receiver");
    t.setDaemon(true);
    return t;
  });
  private final boolean hang;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<ExportMetricsServiceRequest> metrics = new CopyOnWriteArrayList<>();
  private final List<ExportLogsServiceRequest> logs = new CopyOnWriteArrayList<>();
  private final List<byte[]> payloads = new CopyOnWriteArrayList<>();
  private final List<String> paths = new CopyOnWriteArrayList<>();

  private OtlpReceiver(boolean hang) throws IOException {
    this.hang = hang;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A receiver that answers every export with success. */
  static OtlpReceiver start() throws IOException {
    return new OtlpReceiver(false);
  }

  /** A receiver that takes every request and never answers, until closed. */
  static OtlpReceiver hanging() throws IOException {
    return new OtlpReceiver(true);
  }

  /** {@code http://127.0.0.1:<port>}, for {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = read(exchange);
      paths.add(exchange.getRequestURI().getPath());
      payloads.add(body);
      if (hang) {
        closed.await();
        return;
      }
      byte[] response;
      switch (exchange.getRequestURI().getPath()) {
        case "/v1/metrics":
          metrics.add(ExportMetricsServiceRequest.parseFrom(body));
          response = ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
          break;
        case "/v1/logs":
          logs.add(ExportLogsServiceRequest.parseFrom(body));
          response = ExportLogsServiceResponse.getDefaultInstance().toByteArray();
          break;
        default:
          response = new byte[0]; // traces: not decoded here
      }
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
      if (response.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(response);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] read(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  /** Every metrics export received so far, in order. */
  List<ExportMetricsServiceRequest> metrics() {
    return List.copyOf(metrics);
  }

  /** Every logs export received so far, in order. */
  List<ExportLogsServiceRequest> logs() {
    return List.copyOf(logs);
  }

  /** The raw bodies of every request received, decoded or not. */
  List<byte[]> payloads() {
    return new ArrayList<>(payloads);
  }

  /** The paths of every request received. */
  List<String> paths() {
    return List.copyOf(paths);
  }

  /** Waits until a metrics export satisfies {@code condition}; returns it. */
  ExportMetricsServiceRequest awaitMetrics(Predicate<ExportMetricsServiceRequest> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (ExportMetricsServiceRequest request : metrics) {
        if (condition.test(request)) {
          return request;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no metrics export matched within " + timeout + "; received " + metrics.size());
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
