package dev.sunset.cli.internal.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The burn-down's layout: value ticks that reach the largest value, date labels that never overlap. */
class ChartTest {
  private static final Instant START = Instant.parse("2026-10-01T09:00:00Z");

  private static Chart daily(int days, long first, long step) {
    List<Chart.Value> values = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      values.add(new Chart.Value(START.plus(Duration.ofDays(d)), Math.max(0, first - d * step)));
    }
    return Chart.of("sites", "Call sites left", "per date", START, START.plus(Duration.ofDays(days - 1)),
        List.of(new Chart.Line("call sites", "left", "call sites", values), new Chart.Line("empty", "x", "x",
            List.of())));
  }

  @Test
  void valueTicksStartAtZeroAndReachTheLargestValueInRoundSteps() {
    Chart chart = daily(5, 1234, 100);

    List<String> labels = chart.yTicks().stream().map(Chart.Tick::label).toList();
    assertThat(labels).containsExactly("0", "500", "1,000", "1,500");
    assertThat(Chart.niceStep(0)).isEqualTo(1);
    assertThat(Chart.niceStep(4)).isEqualTo(1);
    assertThat(Chart.niceStep(11)).isEqualTo(5);
    assertThat(Chart.niceStep(100)).isEqualTo(50);
  }

  @Test
  void dateLabelsOfAQuarterOfDailyReportsDoNotOverlapAndTheNewestIsLabelled() {
    Chart chart = daily(90, 500, 5);

    List<Double> xs = chart.xTicks().stream().map(t -> Double.valueOf(t.x())).toList();
    assertThat(xs).hasSizeBetween(3, 8).isSorted();
    for (int i = 1; i < xs.size(); i++) {
      assertThat(xs.get(i) - xs.get(i - 1)).isGreaterThanOrEqualTo(78);
    }
    assertThat(chart.xTicks().get(chart.xTicks().size() - 1).label()).isEqualTo("2026-12-29");
    assertThat(chart.series()).singleElement().satisfies(s -> {
      assertThat(s.marks()).hasSize(90);
      assertThat(s.points().split(" ")).hasSize(90);
      assertThat(s.marks().get(0).title()).isEqualTo("2026-10-01 09:00 UTC: 500 call sites");
    });
  }

  @Test
  void aFleetsTenThousandDatesDrawAMarkPerPixelColumnTheNewestOfEachAndTheFirst() {
    List<Chart.Value> values = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      values.add(new Chart.Value(START.plus(Duration.ofMinutes(2L * i)), 20_000 - i));
    }
    Instant end = values.get(values.size() - 1).at();

    Chart chart = Chart.of("sites", "Call sites left", "per date", START, end,
        List.of(new Chart.Line("call sites", "left", "call sites", values)));
    Chart few = daily(Chart.COLUMNS, 500, 1);

    assertThat(chart.series()).singleElement().satisfies(s -> {
      assertThat(s.marks()).hasSizeBetween(Chart.COLUMNS - 1, Chart.COLUMNS + 1);
      assertThat(s.marks().get(0).value()).isEqualTo(20_000);
      assertThat(s.marks().get(s.marks().size() - 1).value()).isEqualTo(10_001);
      List<Double> xs = s.marks().stream().map(m -> Double.valueOf(m.x())).toList();
      assertThat(xs).isSorted().doesNotHaveDuplicates();
      assertThat(s.points().split(" ")).hasSize(s.marks().size());
    });
    assertThat(few.series()).singleElement().satisfies(s -> assertThat(s.marks()).hasSize(Chart.COLUMNS));
  }

  @Test
  void onTheLogScaleOfCallsOneAndTwoCallsStandClearOfNone() {
    Instant end = START.plus(Duration.ofDays(3));
    List<Chart.Value> calls = List.of(new Chart.Value(START, 1200), new Chart.Value(START.plus(Duration.ofDays(1)), 2),
        new Chart.Value(START.plus(Duration.ofDays(2)), 1), new Chart.Value(end, 0));

    Chart chart = Chart.of("calls", true, "Calls", "per date", START, end, List.of(START, end),
        List.of(new Chart.Line("calls", "calls", "calls", calls)));

    assertThat(chart.scale()).isEqualTo("log");
    assertThat(chart.yTicks().stream().map(Chart.Tick::label)).containsExactly("0", "1", "10", "100", "1,000",
        "10,000");
    List<Double> y = chart.series().get(0).marks().stream().map(m -> Double.valueOf(m.y())).toList();
    double plot = Double.parseDouble(chart.bottom()) - Double.parseDouble(chart.top());
    assertThat(y.get(3) - y.get(2)).as("1 call above 0, in SVG units").isGreaterThan(plot / 20);
    assertThat(y.get(2) - y.get(1)).as("2 calls above 1").isGreaterThan(plot / 40);
    assertThat(y.get(0)).as("1,200 calls near the top").isLessThan(y.get(1));
  }

  @Test
  void theTimeAxisLabelsEveryDateOfThePageEvenWhereTheChartHasNoValue() {
    Instant report = START;
    Instant scan = START.plus(Duration.ofDays(14));

    Chart chart = Chart.of("calls", true, "Calls", "per date", report, scan, List.of(report, scan),
        List.of(new Chart.Line("calls", "calls", "calls", List.of(new Chart.Value(report, 3)))));

    assertThat(chart.xTicks().stream().map(Chart.Tick::label)).containsExactly("2026-10-01", "2026-10-15");
    assertThat(Double.valueOf(chart.xTicks().get(1).x())).isEqualTo(Double.valueOf(chart.right()));
  }

  @Test
  void theShortNameOfACodeSourceIsItsFileNameAndTheNestedEntry() {
    assertThat(HtmlReport.jarLabel("file:/opt/app/app.jar")).isEqualTo("app.jar");
    assertThat(HtmlReport.jarLabel("app.jar!/BOOT-INF/lib/billing.jar")).isEqualTo("app.jar!/BOOT-INF/lib/billing.jar");
    assertThat(HtmlReport.jarLabel("/srv/app.war!/WEB-INF/classes")).isEqualTo("app.war!/WEB-INF/classes");
    assertThat(HtmlReport.jarLabel("file:/work/app/target/classes/")).isEqualTo("classes/");
    assertThat(HtmlReport.jarLabel(null)).isEqualTo("(unknown)");
    assertThat(HtmlReport.packageOf("com.acme.Checkout$Line")).isEqualTo("com.acme");
    assertThat(HtmlReport.packageOf("Main")).isEqualTo("(default package)");
  }
}
