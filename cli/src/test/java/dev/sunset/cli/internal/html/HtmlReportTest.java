package dev.sunset.cli.internal.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.format.Report;
import dev.sunset.core.format.Scan;
import dev.sunset.core.format.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the page makes of a report and a later scan, before any template: the numbers its parts agree on. */
class HtmlReportTest {
  private static final String LEGACY = "com.acme.Legacy#create(java.lang.String)";
  private static final Instant REPORTED = Instant.parse("2026-10-01T09:00:00Z");
  private static final Instant SCANNED = Instant.parse("2026-10-15T09:00:00Z");

  /** A report with a rewritten site called twice and a call by reflection; a later scan that finds the first only. */
  private static List<Input> reportThenLaterScan() throws Exception {
    Report report = Report.parse("""
        {"format": "sunset-report/1", "generatedAt": "2026-10-01T09:00:00Z",
         "rules": [{"id": "create", "legacy": "%s", "stage": "observe", "resolution": "resolved"}],
         "callSites": [
           {"rule": "create", "class": "com.acme.Checkout", "method": "run", "line": 42, "file": "Checkout.java",
            "codeSource": "file:/opt/app/app.jar", "count": 2, "stage": "observe"},
           {"rule": "create", "class": "com.acme.Plugins", "method": "load", "line": 7, "file": "Plugins.java",
            "codeSource": "file:/opt/app/app.jar", "count": 1, "stage": "observe", "via": "reflection"}]}
        """.formatted(LEGACY), "report.json");
    Scan scan = Scan.parse("""
        {"format": "sunset-scan/1", "generatedAt": "2026-10-15T09:00:00Z",
         "rules": [{"id": "create", "legacy": "%s", "resolution": "resolved"}],
         "callSites": [{"rule": "create", "class": "com.acme.Checkout", "method": "run", "line": 42,
                        "file": "Checkout.java", "codeSource": "app.jar"}]}
        """.formatted(LEGACY), "scan.json");
    return List.of(Input.of(Path.of("report.json"), report), Input.of(Path.of("scan.json"), scan));
  }

  private static Page.RuleSection section(List<Input> inputs) {
    Verdict none = new Verdict(SCANNED, new Verdict.Evidence(List.of(), List.of(), List.of(), List.of(), null, null,
        null, null), List.of());
    Page page = HtmlReport.page(inputs, none, "nothing", SCANNED, "test");
    assertThat(page.rules()).hasSize(1);
    return page.rules().get(0);
  }

  @Test
  void aLaterScanContinuesTheLineOfSitesLeftAndEndsAtTheNumberTheRuleShows() throws Exception {
    Page.RuleSection rule = section(reportThenLaterScan());

    assertThat(rule.sites()).as("the report's two sites; the scan's one is among them").isEqualTo(2);
    Chart sites = rule.charts().stream().filter(c -> c.metric().equals("sites")).findFirst().orElseThrow();
    assertThat(sites.series()).extracting(Chart.Series::css).containsExactly("left", "called")
        .as("no series of the scan's own standing apart from the line");
    assertThat(sites.series().get(0).marks()).extracting(m -> m.at() + "=" + m.value())
        .containsExactly(REPORTED + "=2", SCANNED + "=2");
  }

  @Test
  void theCallsChartIsOnALogScaleAndItsTimeAxisReachesTheScansDate() throws Exception {
    Page.RuleSection rule = section(reportThenLaterScan());

    Chart calls = rule.charts().stream().filter(c -> c.metric().equals("calls")).findFirst().orElseThrow();
    Chart sites = rule.charts().stream().filter(c -> c.metric().equals("sites")).findFirst().orElseThrow();
    assertThat(calls.scale()).isEqualTo("log");
    assertThat(calls.xTicks()).extracting(Chart.Tick::label).containsExactly("2026-10-01", "2026-10-15")
        .isEqualTo(sites.xTicks().stream().map(Chart.Tick::label).toList());
  }

  @Test
  void aJarIsOneGroupNamedAsTheScanNamesItWhetherItsSitesComeFromTheReportOrTheScan() throws Exception {
    Page.RuleSection rule = section(reportThenLaterScan());

    assertThat(rule.jars()).singleElement().satisfies(jar -> {
      assertThat(jar.codeSource()).isEqualTo("app.jar");
      assertThat(jar.packages()).flatExtracting(Page.PackageGroup::rows).hasSize(2);
    });
  }
}
