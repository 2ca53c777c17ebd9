package dev.sunset.agent.it.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.agent.it.RulesMBean;
import dev.sunset.agent.it.telemetry.fixtures.TelemetryApp;
import dev.sunset.testing.LocalPrometheus;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.ConstructorParameters;
import javax.management.JMX;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A class rule's sites in telemetry, with the real agent jar in a forked JVM, through Sunset's own SDK and through the
 * real OpenTelemetry Java agent: two uses of the class on one line ({@code new}, and a field read) are two series, each
 * naming its use and member and counted exactly, in a real Prometheus's scrape and over OTLP, and so are their
 * first-call events; the method rules' series and events are as they were, without those attributes. The MXBean lists
 * the two sites apart too.
 */
class ClassRuleTelemetryIT {
  private static final String USES = "dev.sunset.agent.it.telemetry.fixtures.ClassUses";
  /** Runs of the line with two uses: {@code new} on runs 0, 2 and 4, the field read on all five. */
  private static final int RUNS = 5;

  @TempDir
  Path dir;

  @ParameterizedTest(name = "through the OpenTelemetry Java agent: {0}")
  @ValueSource(booleans = {false, true})
  void twoUsesOfTheClassOnOneLineAreTwoSeriesEachCountedExactlyInARealPrometheusScrape(boolean otelAgent)
      throws Exception {
    Path report = dir.resolve("report.json");
    List<Map<String, Object>> classSeries;
    List<Map<String, Object>> methodSeries;
    try (Scraped scraped = scrape(otelAgent, report)) {
      // every call is made before the application says it serves: the values are final once the series are there
      classSeries = awaitSeries(scraped.prometheus, "sunset_legacy_calls_total{sunset_rule=\"catalog\"}", 3);
      methodSeries = awaitSeries(scraped.prometheus, "sunset_legacy_calls_total{sunset_rule!=\"catalog\"}", 4);
    }

    List<Map<String, Object>> reported = TelemetryRules.reportedSites(report);
    Map<Map<String, String>, Long> expected = new LinkedHashMap<>();
    for (Map<String, Object> site : reported) {
      if (site.get("rule").equals("catalog") && site.get("class").equals(USES)) {
        expected.put(labelsOf(site), ((Number) site.get("count")).longValue());
      }
    }
    assertThat(valuesBySite(classSeries)).as("the class rule's series, from the report's sites")
        .isEqualTo(expected);
    assertThat(useMemberCounts(classSeries)).isEqualTo(Map.of(
        "call open(java.lang.String)", 1L, "new <init>()", 3L, "field-read name", (long) RUNS));
    assertThat(classSeries).filteredOn(s -> !labels(s).get("sunset_use").equals("call"))
        .extracting(s -> labels(s).get("code_line_number")).as("both uses on one line").hasSize(2)
        .containsOnly(labels(classSeries.stream().filter(s -> labels(s).get("sunset_use").equals("new"))
            .findFirst().orElseThrow()).get("code_line_number"));

    assertThat(methodSeries).as("the method rules' series carry what they always did, and no more")
        .allSatisfy(s -> assertThat(siteLabels(labels(s)).keySet()).containsExactlyInAnyOrder("sunset_rule",
            "sunset_stage", "code_function_name", "code_file_path", "code_line_number", "sunset_code_source"));
    Map<Map<String, String>, Long> methodExpected = new LinkedHashMap<>();
    for (Map<String, Object> site : reported) {
      if (!site.get("rule").equals("catalog") && ((Number) site.get("count")).longValue() > 0) {
        methodExpected.put(labelsOf(site), ((Number) site.get("count")).longValue());
      }
    }
    assertThat(valuesBySite(methodSeries)).isEqualTo(methodExpected);
    assertThat(classSeries).as("the secret the application passes to every use is in no label")
        .allSatisfy(s -> assertThat(labels(s).values()).noneMatch(v -> v.contains(TelemetryApp.SECRET)));
  }

  @Test
  void theShippedNewSiteAlertAndTopSitesPanelListEachUseOnOneLineAsASiteOfItsOwn() throws Exception {
    Path report = dir.resolve("report.json");
    List<Map<String, Object>> alert;
    List<Map<String, Object>> top;
    try (Scraped scraped = scrape(false, report)) {
      awaitSeries(scraped.prometheus, "sunset_legacy_calls_total", 7);
      alert = awaitSeries(scraped.prometheus, ShippedConfig.alertExpression("SunsetNewLegacyCallSite"), 7);
      // a rate needs two samples in its window: the panel lists a site from its second scrape
      top = awaitSeries(scraped.prometheus, ShippedConfig.panelQuery("Top legacy call sites"), 7);
    }

    String line = null;
    for (Map<String, Object> site : TelemetryRules.reportedSites(report)) {
      if ("newOrShared".equals(site.get("method"))) {
        line = String.valueOf(site.get("line"));
      }
    }
    String newOrShared = "dev/sunset/agent/it/telemetry/fixtures/ClassUses.java:" + line;
    assertThat(alert).extracting(s -> useAt(labels(s), labels(s).get("code_file_path") + ":"
            + labels(s).get("code_line_number")))
        .as("every site of the run is new: the class rule's two uses on one line are two alerts")
        .contains(newOrShared + " new <init>()", newOrShared + " field-read name").doesNotHaveDuplicates();
    assertThat(top).extracting(s -> useAt(labels(s), labels(s).get("location")))
        .as("and two rows of the panel")
        .contains(newOrShared + " new <init>()", newOrShared + " field-read name").doesNotHaveDuplicates();
    assertThat(top).filteredOn(s -> !"catalog".equals(labels(s).get("sunset_rule")))
        .as("a method rule's row is as it was").hasSize(4)
        .allSatisfy(s -> assertThat(labels(s)).doesNotContainKeys("sunset_use", "sunset_member"));
  }

  /** A row of a query's result as the test lists it: where, and a class rule's use and member. */
  private static String useAt(Map<String, String> labels, String where) {
    return where + (labels.containsKey("sunset_use") ? " " + labels.get("sunset_use") + " "
        + labels.get("sunset_member") : "");
  }

  @ParameterizedTest(name = "through the OpenTelemetry Java agent: {0}")
  @ValueSource(booleans = {false, true})
  void eachUseOfTheClassEmitsOneFirstCallEventNamingItsUseAndMemberAndArrivesOverOtlpCountedExactly(
      boolean otelAgent) throws Exception {
    Path report = dir.resolve("report.json");
    String options = "rules=" + TelemetryRules.writeWithClassRule(dir) + ",report=" + report + ",summary=false";
    TelemetryJvm.Result run;
    List<Otlp.Event> events;
    Map<Map<String, Object>, Long> points;
    List<byte[]> payloads;
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      TelemetryJvm jvm = new TelemetryJvm();
      if (otelAgent) {
        Assumptions.assumeTrue(Files.isRegularFile(TelemetryJvm.otelJavaagentJar()),
            "the OpenTelemetry Java agent is copied to target/ by the build");
        jvm.sunset(options).otelJavaagent().env("OTEL_TRACES_EXPORTER", "none");
      } else {
        jvm.sunset(options);
      }
      run = jvm.env("OTEL_SERVICE_NAME", "class-rules")
          .env("OTEL_METRICS_EXPORTER", "otlp")
          .env("OTEL_LOGS_EXPORTER", "otlp")
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
          .run(120, "class-uses", String.valueOf(RUNS));
      assertThat(run.exitCode()).as(run.toString()).isZero();
      List<ExportMetricsServiceRequest> exports = receiver.metrics();
      assertThat(exports).as(run.toString()).isNotEmpty();
      points = Otlp.points(Otlp.sunsetMetric(exports.get(exports.size() - 1), "sunset.legacy.calls").orElseThrow());
      events = Otlp.sunsetEvents(receiver.logs());
      payloads = receiver.payloads();
    }

    Map<Map<String, Object>, Long> classSites = new LinkedHashMap<>();
    List<Map<String, Object>> methodSites = new ArrayList<>();
    for (Map<String, Object> site : TelemetryRules.reportedSites(report)) {
      long count = ((Number) site.get("count")).longValue();
      if (site.get("rule").equals("catalog") && site.get("class").equals(USES)) {
        classSites.put(attributesOf(site), count);
      } else if (count > 0) {
        methodSites.add(attributesOf(site));
      }
    }
    assertThat(classSites.values()).as("open once, new on three runs, the read on five")
        .containsExactlyInAnyOrder(1L, 3L, (long) RUNS);
    assertThat(events).as(run.toString()).extracting(Otlp.Event::attributes)
        .filteredOn(a -> "catalog".equals(a.get("sunset.rule")))
        .containsExactlyInAnyOrderElementsOf(classSites.keySet());
    assertThat(events).extracting(Otlp.Event::attributes).filteredOn(a -> !"catalog".equals(a.get("sunset.rule")))
        .as("the method rules' events carry what they always did, and no more")
        .containsExactlyInAnyOrderElementsOf(methodSites)
        .allSatisfy(a -> assertThat(a).doesNotContainKeys("sunset.use", "sunset.member"));
    assertThat(events).filteredOn(e -> "new".equals(e.attributes().get("sunset.use"))).singleElement()
        .satisfies(e -> assertThat(e.record().getBody().getStringValue()).isEqualTo("first call of legacy call site "
            + USES + ".newOrShared(ClassUses.java:" + e.attributes().get("code.line.number") + ") new <init>() [rule"
            + " catalog, stage observe] in " + e.attributes().get("sunset.code_source")));
    Map<Map<String, Object>, Long> classPoints = new LinkedHashMap<>(points);
    classPoints.keySet().removeIf(a -> !"catalog".equals(a.get("sunset.rule")));
    assertThat(classPoints).isEqualTo(classSites);
    assertThat(payloads).isNotEmpty().allSatisfy(body -> assertThat(new String(body, StandardCharsets.ISO_8859_1))
        .doesNotContain(TelemetryApp.SECRET));
  }

  @Test
  void theMxBeanListsTwoUsesOfTheClassOnOneLineAsTwoSitesWithTheirUseMemberAndExactCounts() throws Exception {
    Path report = dir.resolve("report.json");
    Process app = new TelemetryJvm()
        .sunset("rules=" + TelemetryRules.writeWithClassRule(dir) + ",report=" + report + ",summary=false")
        .start("serve-class-uses", String.valueOf(RUNS));
    CompletableFuture<String> stderr = drain(app);
    List<String> sites = new ArrayList<>();
    List<String> sitesAsReadBefore = new ArrayList<>();
    try {
      awaitServing(app);
      try (RulesMBean mbean = RulesMBean.connect(app.pid(), Duration.ofSeconds(10))) {
        long[] counts = (long[]) mbean.attribute("CallCounts");
        for (CompositeData site : (CompositeData[]) mbean.attribute("CallSites")) {
          if (USES.equals(site.get("className"))) {
            sites.add(site.get("method") + ":" + site.get("line") + " " + site.get("use") + " " + site.get("member")
                + " x" + counts[(Integer) site.get("id")]);
          }
        }
        for (SiteBeforeClassRules site : JMX.newMXBeanProxy(mbean.connection(), mbean.name(),
            CallSitesBeforeClassRulesMXBean.class)
            .getCallSites()) {
          if (USES.equals(site.getClassName())) {
            sitesAsReadBefore.add(site.getMethod() + ":" + site.getLine());
          }
        }
      }
    } finally {
      app.getOutputStream().close();
      if (!app.waitFor(60, TimeUnit.SECONDS)) {
        app.destroyForcibly();
      }
    }
    assertThat(app.exitValue()).as(stderr.get(10, TimeUnit.SECONDS)).isZero();

    List<String> reported = new ArrayList<>();
    List<String> where = new ArrayList<>();
    for (Map<String, Object> site : TelemetryRules.reportedSites(report)) {
      if (USES.equals(site.get("class"))) {
        reported.add(site.get("method") + ":" + site.get("line") + " " + site.getOrDefault("use", "call") + " "
            + site.get("member") + " x" + site.get("count"));
        where.add(site.get("method") + ":" + site.get("line"));
      }
    }
    assertThat(sites).as("as the report lists them").containsExactlyInAnyOrderElementsOf(reported)
        .hasSize(3).anyMatch(s -> s.startsWith("open:") && s.endsWith(" call open(java.lang.String) x1"))
        .anyMatch(s -> s.endsWith(" new <init>() x3")).anyMatch(s -> s.endsWith(" field-read name x" + RUNS));
    assertThat(sitesAsReadBefore).as("a reader of the items there were before (sunset-junit) reads every site")
        .containsExactlyInAnyOrderElementsOf(where);
  }

  /** The MXBean as a reader that knows only the call-site items there were before class rules sees it. */
  public interface CallSitesBeforeClassRulesMXBean {
    /** The call sites, mapped by item name to what that reader knows. */
    List<SiteBeforeClassRules> getCallSites();
  }

  /**
   * A call site as {@code sunset-junit}'s {@code AgentSite} maps it: the items there were before class rules, each
   * with its getter (JMX derives the item's type from them).
   */
  public static final class SiteBeforeClassRules {
    private final int id;
    private final String rule;
    private final String className;
    private final String method;
    private final String descriptor;
    private final String file;
    private final int line;
    private final String via;

    /** Built by JMX from the items of these names; any others are left out. */
    @ConstructorParameters({"id", "rule", "className", "method", "descriptor", "file", "line", "via"})
    public SiteBeforeClassRules(int id, String rule, String className, String method, String descriptor, String file,
        int line, String via) {
      this.id = id;
      this.rule = rule;
      this.className = className;
      this.method = method;
      this.descriptor = descriptor;
      this.file = file;
      this.line = line;
      this.via = via;
    }

    public int getId() {
      return id;
    }

    public String getRule() {
      return rule;
    }

    public String getClassName() {
      return className;
    }

    public String getMethod() {
      return method;
    }

    public String getDescriptor() {
      return descriptor;
    }

    public String getFile() {
      return file;
    }

    public int getLine() {
      return line;
    }

    public String getVia() {
      return via;
    }
  }

  /**
   * The fixture serving its class and method rules' uses under the agent (and the OpenTelemetry Java agent, when
   * asked), with its metrics on a Prometheus endpoint that a real Prometheus scrapes every second. Closing stops both;
   * the agent writes {@code report} as the application exits.
   */
  private Scraped scrape(boolean otelAgent, Path report) throws Exception {
    LocalPrometheus.tool("prometheus");
    int port = TelemetryJvm.freePort();
    TelemetryJvm jvm = new TelemetryJvm();
    String options = "rules=" + TelemetryRules.writeWithClassRule(dir) + ",report=" + report + ",summary=false";
    if (otelAgent) {
      Assumptions.assumeTrue(Files.isRegularFile(TelemetryJvm.otelJavaagentJar()),
          "the OpenTelemetry Java agent is copied to target/ by the build");
      jvm.otelJavaagent().sunset(options).env("OTEL_TRACES_EXPORTER", "none");
    } else {
      jvm.sunset(options);
    }
    Process app = jvm.env("OTEL_SERVICE_NAME", "class-rules")
        .env("OTEL_METRICS_EXPORTER", "prometheus")
        .env("OTEL_LOGS_EXPORTER", "none")
        .env("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
        .env("OTEL_EXPORTER_PROMETHEUS_PORT", String.valueOf(port))
        .start("serve-class-uses", String.valueOf(RUNS));
    Scraped scraped = new Scraped(app, drain(app));
    try {
      scraped.prometheus = LocalPrometheus.start("class-rules", "127.0.0.1:" + port, dir);
      awaitServing(app);
    } catch (Exception | Error e) {
      scraped.close();
      throw e;
    }
    return scraped;
  }

  /** An application and the Prometheus that scrapes it. */
  private static final class Scraped implements AutoCloseable {
    final Process app;
    final CompletableFuture<String> stderr;
    LocalPrometheus prometheus;

    Scraped(Process app, CompletableFuture<String> stderr) {
      this.app = app;
      this.stderr = stderr;
    }

    /** Stops Prometheus, then the application (closing its standard input), which must exit normally. */
    @Override
    public void close() throws Exception {
      if (prometheus != null) {
        prometheus.close();
      }
      app.getOutputStream().close();
      if (!app.waitFor(60, TimeUnit.SECONDS)) {
        app.destroyForcibly();
      }
      assertThat(app.exitValue()).as(stderr.get(10, TimeUnit.SECONDS)).isZero();
    }
  }

  /** Waits until {@code promql} has {@code count} series, and returns them (or what there is after 60 s). */
  private static List<Map<String, Object>> awaitSeries(LocalPrometheus prometheus, String promql, int count)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    List<Map<String, Object>> series = prometheus.query(promql);
    while (series.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(250);
      series = prometheus.query(promql);
    }
    Thread.sleep(1500); // one more scrape, then read again: the values no longer change
    series = prometheus.query(promql);
    assertThat(series).as("%s in Prometheus:\n%s", promql, prometheus.log()).hasSize(count);
    return series;
  }

  /**
   * The attributes Sunset gives a reported site's series and first-call event: the rule, the stage, the caller, its
   * file and line, the jar, and for a class rule's site the use and the member.
   */
  private static Map<String, Object> attributesOf(Map<String, Object> site) {
    String className = (String) site.get("class");
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("sunset.rule", site.get("rule"));
    attributes.put("sunset.stage", site.get("stage"));
    attributes.put("code.function.name", className + "." + site.get("method"));
    attributes.put("code.file.path", className.substring(0, className.lastIndexOf('.')).replace('.', '/') + "/"
        + site.get("file"));
    attributes.put("code.line.number", ((Number) site.get("line")).longValue());
    attributes.put("sunset.code_source", site.get("codeSource"));
    if (site.get("member") != null) {
      attributes.put("sunset.use", site.getOrDefault("use", "call"));
      attributes.put("sunset.member", site.get("member"));
    }
    return attributes;
  }

  /** The labels of a reported site's series in Prometheus: its attributes, with underscores for dots. */
  private static Map<String, String> labelsOf(Map<String, Object> site) {
    Map<String, String> labels = new TreeMap<>();
    attributesOf(site).forEach((name, value) -> labels.put(name.replace('.', '_'), String.valueOf(value)));
    return labels;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> labels(Map<String, Object> series) {
    return (Map<String, String>) series.get("metric");
  }

  /** A series' labels that say which site it counts: Sunset's and the {@code code_*} ones (not job, scope, ...). */
  private static Map<String, String> siteLabels(Map<String, String> labels) {
    Map<String, String> site = new TreeMap<>();
    labels.forEach((k, v) -> {
      if (k.startsWith("sunset_") || k.startsWith("code_")) {
        site.put(k, v);
      }
    });
    return site;
  }

  @SuppressWarnings("unchecked")
  private static long value(Map<String, Object> series) {
    return Long.parseLong((String) ((List<Object>) series.get("value")).get(1));
  }

  private static Map<Map<String, String>, Long> valuesBySite(List<Map<String, Object>> series) {
    Map<Map<String, String>, Long> values = new LinkedHashMap<>();
    for (Map<String, Object> s : series) {
      assertThat(values.put(siteLabels(labels(s)), value(s))).as("two series of one site: %s", series).isNull();
    }
    return values;
  }

  private static Map<String, Long> useMemberCounts(List<Map<String, Object>> series) {
    Map<String, Long> counts = new TreeMap<>();
    for (Map<String, Object> s : series) {
      counts.put(labels(s).get("sunset_use") + " " + labels(s).get("sunset_member"), value(s));
    }
    return counts;
  }

  private static void awaitServing(Process app) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.equals("serving=true")) {
        return;
      }
      lines.add(line);
    }
    throw new AssertionError("the application ended before serving: " + lines);
  }

  /** Standard error, read as it comes (a full pipe would stop the application), whole once it ends. */
  private static CompletableFuture<String> drain(Process app) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return new String(app.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return e.toString();
      }
    });
  }
}
