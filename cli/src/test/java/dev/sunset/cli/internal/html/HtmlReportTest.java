package dev.sunset.cli.internal.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sunset.core.format.Report;
import dev.sunset.core.format.Scan;
import dev.sunset.core.format.TestSites;
import dev.sunset.core.format.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
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
    return page(inputs, List.of()).rules().get(0);
  }

  private static Page page(List<Input> inputs, List<Input.Tests> tests) {
    Verdict none = new Verdict(SCANNED, new Verdict.Evidence(List.of(), List.of(), List.of(), List.of(), null, null,
        null, null), List.of());
    Page page = HtmlReport.page(inputs, tests, none, "nothing", SCANNED, "test");
    assertThat(page.rules()).hasSize(1);
    return page;
  }

  /**
   * A tests file as sunset-junit writes it, through the record's own writer and reader: one test (its display name
   * hostile markup) reached the checkout's site, which also ran while several tests did; the plugin loader's site ran
   * only outside any test.
   */
  private static Input.Tests testsFile() throws Exception {
    TestSites.SiteCount checkout = new TestSites.SiteCount("create", "com.acme.Checkout", "run", "Checkout.java", 42, 2,
        false);
    TestSites written = new TestSites(SCANNED, null, List.of(new TestSites.TestEntry(
        "[engine:junit-jupiter]/[class:com.acme.CheckoutTest]/[method:runs()]", "com.acme.CheckoutTest", "runs",
        "runs the <b>checkout</b>", List.of(checkout))),
        List.of(new TestSites.SiteCount("create", "com.acme.Checkout", "run", "Checkout.java", 42, 1, false)),
        List.of(new TestSites.SiteCount("create", "com.acme.Plugins", "load", "Plugins.java", 7, 1, false)));
    return new Input.Tests(Path.of("tests.json"), TestSites.parse(written.toJson(), "tests.json"));
  }

  @Test
  void eachCallSiteSaysWhichTestsReachItAndASiteReachedOnlyOutsideAnyTestIsOneNoTestReaches() throws Exception {
    Page.RuleSection rule = page(reportThenLaterScan(), List.of(testsFile())).rules().get(0);

    assertThat(rule.tested()).extracting(Page.TestedSite::className, Page.TestedSite::reached)
        .containsExactly(tuple("com.acme.Checkout", true), tuple("com.acme.Plugins", false));
    Page.TestedSite checkout = rule.tested().get(0);
    assertThat(checkout.tests()).singleElement().satisfies(t -> {
      assertThat(t.className()).isEqualTo("com.acme.CheckoutTest");
      assertThat(t.method()).isEqualTo("runs");
      assertThat(t.displayName()).isEqualTo("runs the <b>checkout</b>");
      assertThat(t.count()).isEqualTo(2);
    });
    assertThat(checkout.whileSeveralTestsRan()).isEqualTo("1 call");
    assertThat(checkout.location()).isEqualTo("Checkout.java:42");
    Page.TestedSite plugins = rule.tested().get(1);
    assertThat(plugins.tests()).isEmpty();
    assertThat(plugins.outsideAnyTest()).isEqualTo("1 call");
    assertThat(rule.untested()).isEqualTo(1);
  }

  @Test
  void thePageMarksTheSiteNoTestReachesAndWritesTheTestsDisplayNameAsText() throws Exception {
    Page page = page(reportThenLaterScan(), List.of(testsFile()));
    String html = HtmlReport.render(page);
    Document dom = Jsoup.parse(html);

    assertThat(html).doesNotContain("<b>checkout</b>").contains("runs the &lt;b&gt;checkout&lt;/b&gt;");
    Element plugins = dom.selectFirst("table.tested tr.tested-site[data-class=com.acme.Plugins]");
    assertThat(plugins.attr("data-reached")).isEqualTo("no");
    assertThat(plugins.select(".tag.no-test").text()).isEqualTo("no test reaches it");
    assertThat(plugins.select(".outside").text()).isEqualTo("1 call outside any test");
    Element checkout = dom.selectFirst("table.tested tr.tested-site[data-class=com.acme.Checkout]");
    assertThat(checkout.attr("data-reached")).isEqualTo("yes");
    assertThat(checkout.select(".no-test")).isEmpty();
    assertThat(checkout.select("li.test")).singleElement().satisfies(li -> {
      assertThat(li.select(".test-name").text()).isEqualTo("com.acme.CheckoutTest#runs");
      assertThat(li.select(".display-name").text()).isEqualTo("runs the <b>checkout</b>");
      assertThat(li.attr("data-calls")).isEqualTo("2");
    });
    assertThat(checkout.select(".several").text()).isEqualTo("1 call while several tests ran");
    assertThat(dom.select("li[data-field=untested] b").text()).isEqualTo("1");
    assertThat(dom.select("table.rules thead th").eachText()).contains("No test reaches");
    assertThat(dom.select("table.rules tr.rule-summary td[data-field=untested]")).as("the overview, per rule")
        .singleElement().satisfies(td -> assertThat(td.text()).isEqualTo("1"));
    assertThat(dom.select(".tests-summary").text()).isEqualTo("Tests: 1 tests file: 1 test reached 1 call site; "
        + "1 call while several tests ran, 1 call outside any test.");
    assertThat(dom.select(".inputs tr.input[data-kind=tests] td").eachText()).startsWith("tests.json", "tests")
        .endsWith("2", "4");
  }

  @Test
  void withoutATestsFileThePageSaysNothingOfTests() throws Exception {
    Page page = page(reportThenLaterScan(), List.of());

    assertThat(page.tests()).isNull();
    assertThat(page.rules().get(0).tested()).isNull();
    String html = HtmlReport.render(page);
    assertThat(html).doesNotContain("tested-site").doesNotContain("no test reaches it");
    Document dom = Jsoup.parse(html);
    assertThat(dom.select("table.rules thead th").eachText()).as("the overview's columns as before")
        .containsExactly("Rule", "Verdict", "Stage", "Call sites left", "Called", "Never called", "Calls",
            "Since the oldest report");
    assertThat(dom.select("[data-field=untested]")).isEmpty();
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
