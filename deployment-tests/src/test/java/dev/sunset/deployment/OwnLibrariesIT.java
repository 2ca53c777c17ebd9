package dev.sunset.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import dev.sunset.testing.BuiltJars;
import dev.sunset.testing.TestJvm;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that brings its own versions of every library the agent bundles (snakeyaml-engine, jackson-jr and
 * jackson-core, ASM, the OpenTelemetry SDK: {@code app-own.*} in the parent pom) and uses them while the agent runs
 * with its telemetry on (OpenTelemetry, Prometheus endpoint): both work, each with its own copy. And an application
 * whose jackson-core is the agent's own version, held in a parent-first child loader as a Spring Boot jar or a plugin
 * host holds a library, parses long numbers as well under the agent as without it. Fixture:
 * {@code src/fixtures/own-libraries}.
 */
class OwnLibrariesIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int LEGACY_CALLS = 7;
  /** What the application prints about its libraries' work: the same with or without the agent. */
  private static final List<String> LIBRARY_RESULTS = List.of("yaml", "jacksonJr", "jacksonJrVersion",
      "jacksonCoreVersion", "jacksonCoreLongDecimal", "asmMethods", "otelRequests");

  private static Map<String, String> withoutAgent;
  private static Map<String, String> withAgent;
  private static String metrics;
  private static Report report;

  @BeforeAll
  static void theApplicationRunsWithoutAndWithTheAgent(@TempDir Path dir) throws Exception {
    List<Path> classPath = OwnLibrariesApp.classPath();
    String[] launch = {OwnLibrariesApp.MAIN, "libraries", String.valueOf(LEGACY_CALLS)};

    TestJvm.Result plain = TestJvm.withoutAgent().classPath(classPath).run(TIMEOUT, launch);
    assertThat(plain.exitCode()).as(plain.toString()).isZero();
    withoutAgent = plain.values();

    int port = freePort();
    Path reportFile = dir.resolve("report.json");
    try (TestJvm.Running app = TestJvm.withAgent("report=" + reportFile + ",summary=false")
        .env("OTEL_SERVICE_NAME", "own-libraries-app")
        .env("OTEL_METRICS_EXPORTER", "prometheus")
        .env("OTEL_EXPORTER_PROMETHEUS_PORT", String.valueOf(port))
        .env("OTEL_TRACES_EXPORTER", "none")
        .env("OTEL_LOGS_EXPORTER", "none")
        .classPath(classPath).start(launch)) {
      app.awaitStdout(l -> l.equals("ready=true"), TIMEOUT);
      metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/metrics")).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString()).body();
      app.closeStandardInput();
      TestJvm.Result underAgent = app.awaitExit(TIMEOUT);
      assertThat(underAgent.exitCode()).as(underAgent.toString()).isZero();
      withAgent = underAgent.values();
    }
    report = Report.read(reportFile);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void withoutTheAgentTheApplicationWorksWithItsOwnLibraries() throws IOException {
    assertThat(withoutAgent)
        .containsEntry("yaml", "{name=own, items=[1, 2]}")
        .containsEntry("jacksonJr", "{\"items\":[1,2]} {items=[1, 2]}")
        .containsEntry("jacksonJrVersion", Build.property("sunset.app-own.jackson.version"))
        .containsEntry("jacksonCoreVersion", Build.property("sunset.app-own.jackson.version"))
        .containsEntry("jacksonCoreLongDecimal", "1202")
        .containsEntry("otelRequests", "5");
    assertThat(withoutAgent.get("asmMethods")).matches("[1-9][0-9]*");
  }

  @Test
  void underTheAgentEachLibraryGivesTheApplicationTheSameResults() {
    for (String key : LIBRARY_RESULTS) {
      assertThat(withAgent.get(key)).as("%s under the agent", key).isNotNull().isEqualTo(withoutAgent.get(key));
    }
  }

  @Test
  void underTheAgentEveryLibraryClassComesFromTheApplicationsOwnJar() throws IOException {
    assertThat(withAgent)
        .containsEntry("yamlFrom",
            OwnLibrariesApp.ownJar("snakeyaml-engine", Build.property("sunset.app-own.snakeyaml-engine.version")))
        .containsEntry("jacksonJrFrom",
            OwnLibrariesApp.ownJar("jackson-jr-objects", Build.property("sunset.app-own.jackson.version")))
        .containsEntry("jacksonCoreFrom",
            OwnLibrariesApp.ownJar("jackson-core", Build.property("sunset.app-own.jackson.version")))
        .containsEntry("asmFrom", OwnLibrariesApp.ownJar("asm", Build.property("sunset.app-own.asm.version")))
        .containsEntry("otelSdkFrom", OwnLibrariesApp.ownJar("opentelemetry-sdk-metrics",
            Build.property("sunset.app-own.opentelemetry.version")))
        .containsEntry("otelApiFrom", OwnLibrariesApp.ownJar("opentelemetry-api",
            Build.property("sunset.app-own.opentelemetry.version")));
  }

  @Test
  void theAgentsPrometheusEndpointServesTheApplicationsLegacyCallsMeanwhile() {
    assertThat(metrics.lines()).as(metrics).anyMatch(l -> l.startsWith("sunset_legacy_calls_total{")
        && l.contains("sunset_rule=\"ws-factory-create-websocket-manager\"")
        && l.contains("code_function_name=\"com.acme.ownlibs.OwnLibrariesApp.legacyCall\"")
        && l.endsWith(" " + LEGACY_CALLS + ".0"));
  }

  @Test
  void theReportCountsTheApplicationsLegacyCalls() {
    assertThat(report.sitesOf("ws-factory-create-websocket-manager")).singleElement().satisfies(site -> {
      assertThat(site.className()).isEqualTo(OwnLibrariesApp.MAIN);
      assertThat(site.method()).isEqualTo("legacyCall");
      assertThat(site.count()).isEqualTo(LEGACY_CALLS);
    });
  }

  @Test
  void jacksonCoreAtTheAgentsOwnVersionInAParentFirstChildLoaderParsesLongNumbersUnderTheAgent() throws Exception {
    Path jacksonCore = BuiltJars.locationOf(JsonFactory.class);
    assertThat(jacksonCore.getFileName().toString())
        .isEqualTo("jackson-core-" + Build.property("sunset.agent.jackson.version") + ".jar");
    List<Path> probeOnly = OwnLibrariesApp.classPath().subList(0, 1); // the application loader has no jackson-core
    String probe = "com.acme.ownlibs.ChildLoaderProbe";

    TestJvm.Result plain = TestJvm.withoutAgent().classPath(probeOnly).run(TIMEOUT, probe, jacksonCore.toString());
    TestJvm.Result underAgent = TestJvm.withAgent("report=none,summary=false").classPath(probeOnly)
        .run(TIMEOUT, probe, jacksonCore.toString());

    Map<String, String> expected = Map.of("childJacksonCoreFrom", jacksonCore.toUri().toURL().toString(),
        "child.parseBigDecimal", "ok:1203", "child.parseBigInteger", "ok:1000");
    assertThat(plain.values()).as(plain.toString()).isEqualTo(expected);
    assertThat(underAgent.values()).as(underAgent.toString()).isEqualTo(expected);
  }
}
