package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server that is not Prometheus, or one that never stops answering, is bad input in one line: exit 2. */
class HostilePrometheusTest {
  @TempDir
  Path dir;

  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** A server on loopback answering every request with {@code body}, or without end when it is null. */
  private String serve(String body) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        if (body != null) {
          out.write(body.getBytes(StandardCharsets.UTF_8));
        } else {
          byte[] spaces = " ".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
          out.write("{\"status\": \"success\", \"data\": ".getBytes(StandardCharsets.US_ASCII));
          for (int i = 0; i < 4096; i++) { // 4 GiB, unless the client stops reading first
            out.write(spaces);
          }
        }
      } catch (IOException e) {
        // the client hung up: what it should do
      }
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private CliRun verdict(String prometheus) throws Exception {
    Path app = HostileClasses.jar().legacy().caller("com/acme/Plain", "Plain.java", "run", 3)
        .writeTo(dir.resolve("app.jar"));
    Path rules = Files.writeString(dir.resolve("rules.yaml"), HostileClasses.RULES);
    return CliRun.of("verdict", "--rules", rules.toString(), "--scan", app.toString(), "--prometheus", prometheus);
  }

  @Test
  void seriesOfTheWrongShapeAreBadInputNotABug() throws Exception {
    String url = serve("{\"status\": \"success\", \"data\": {\"resultType\": \"vector\", \"result\": "
        + "[{\"metric\": \"rule\", \"value\": \"lots\"}]}}");

    CliRun run = verdict(url);

    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.errLines()).as("%s", run).singleElement().asString().startsWith("sunset verdict: --prometheus "
        + url + "/: answered with a series that is not a count as Prometheus sends it");
  }

  @Test
  void anAnswerWithoutEndIsCutAtTheStatedLimit() throws Exception {
    String url = serve(null);

    CliRun run = verdict(url);

    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.errLines()).as("%s", run).singleElement().asString().startsWith("sunset verdict: --prometheus "
        + url + "/: cannot be queried").contains("more than the 64 MiB Sunset reads of an answer");
  }
}
