package dev.sunset.cli.internal.html;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A burn-down chart, laid out for an inline SVG: its series of values over time, with axes and ticks, every
 * coordinate computed here so the template only writes elements. Time runs left to right, proportionally, and every
 * date of the page is labelled on it (all charts of a page share it); values start at zero, on a linear scale or,
 * for counts that span orders of magnitude (calls), a logarithmic one on which 1 and 2 stand clear of 0.
 *
 * @param metric what is counted ({@code sites} or {@code calls}); the SVG's {@code data-metric}
 * @param scale {@code linear} or {@code log}; the SVG's {@code data-scale}
 * @param title the caption
 * @param description what the chart shows, in words (its accessible name)
 * @param width the SVG's width
 * @param height the SVG's height
 * @param left the plot area's left edge
 * @param right the plot area's right edge
 * @param top the plot area's top edge
 * @param bottom the plot area's bottom edge (the time axis)
 * @param xTicks the dates labelled under the time axis
 * @param yTicks the values labelled left of the plot, each with a grid line
 * @param series the lines
 */
public record Chart(String metric, String scale, String title, String description, int width, int height, String left,
    String right, String top, String bottom, List<Tick> xTicks, List<Tick> yTicks, List<Series> series) {
  static final int WIDTH = 520;
  static final int HEIGHT = 210;
  private static final double LEFT = 52;
  private static final double RIGHT = WIDTH - 40;
  /** The pixel columns of the plot. */
  static final int COLUMNS = (int) (RIGHT - LEFT);
  private static final double TOP = 14;
  private static final double BOTTOM = HEIGHT - 34;
  /** Labels on the time axis closer than this (in SVG units) would overlap: the later one is left out. */
  private static final double MIN_LABEL_GAP = 78;

  /**
   * A labelled position on an axis.
   *
   * @param x where the label goes, horizontally
   * @param y where the label goes, vertically (for the value axis: where its grid line is)
   * @param label the text
   */
  public record Tick(String x, String y, String label) {}

  /**
   * One line of the chart.
   *
   * @param name its name in the legend
   * @param css its CSS class, which gives its colour
   * @param points the polyline's points ({@code x,y x,y ...})
   * @param marks a mark per value
   */
  public record Series(String name, String css, String points, List<Mark> marks) {}

  /**
   * One value of a series, at one date.
   *
   * @param x the mark's centre, horizontally
   * @param y the mark's centre, vertically
   * @param at when (the input's {@code generatedAt}); the mark's {@code data-at}
   * @param value the value; the mark's {@code data-value}
   * @param title what a pointer over the mark shows
   */
  public record Mark(String x, String y, String at, long value, String title) {}

  /**
   * A value of a series before layout.
   *
   * @param at when
   * @param value the value
   */
  record Value(Instant at, long value) {}

  /**
   * A series before layout.
   *
   * @param name its name in the legend
   * @param css its CSS class
   * @param unit what a value counts, for the marks' titles ({@code call sites}, {@code calls})
   * @param values its values in time order
   */
  record Line(String name, String css, String unit, List<Value> values) {}

  /**
   * Lays out a chart of {@code lines} over the time span {@code from} to {@code to} (all charts of a page share
   * it, so they line up); lines without values are left out.
   */
  static Chart of(String metric, String title, String description, Instant from, Instant to, List<Line> lines) {
    TreeSet<Instant> dates = new TreeSet<>();
    for (Line l : lines) {
      for (Value v : l.values()) {
        dates.add(v.at());
      }
    }
    return of(metric, false, title, description, from, to, List.copyOf(dates), lines);
  }

  /**
   * Lays out a chart of {@code lines} over {@code from} to {@code to}, labelling {@code dates} on the time axis (the
   * page's: a chart whose lines have no value at a date still shows where that date is), on a logarithmic value
   * scale when {@code log}.
   */
  static Chart of(String metric, boolean log, String title, String description, Instant from, Instant to,
      List<Instant> axisDates, List<Line> lines) {
    long max = 0;
    TreeSet<Instant> dates = new TreeSet<>(axisDates);
    for (Line l : lines) {
      for (Value v : l.values()) {
        max = Math.max(max, v.value());
        dates.add(v.at());
      }
    }
    List<Long> tickValues = new ArrayList<>();
    long top;
    if (log) {
      top = 10;
      while (top < max && top <= Long.MAX_VALUE / 10) {
        top *= 10;
      }
      tickValues.add(0L);
      for (long v = 1; v <= top; v *= 10) {
        tickValues.add(v);
      }
    } else {
      double step = niceStep(max);
      top = (long) (Math.ceil(Math.max(max, 1) / step) * step);
      for (long v = 0; v <= top; v += (long) step) {
        tickValues.add(v);
      }
    }
    Scale scale = new Scale(from, to, top, log);
    List<Tick> yTicks = new ArrayList<>();
    for (long v : tickValues) {
      yTicks.add(new Tick(num(LEFT - 8), num(scale.y(v)), String.format(Locale.ROOT, "%,d", v)));
    }
    DateTimeFormatter format = DateTimeFormatter.ofPattern(distinctDays(dates) ? "yyyy-MM-dd" : "MM-dd HH:mm",
        Locale.ROOT).withZone(ZoneOffset.UTC);
    List<Tick> xTicks = new ArrayList<>();
    double lastX = Double.NEGATIVE_INFINITY;
    List<Instant> ordered = new ArrayList<>(dates);
    for (int i = 0; i < ordered.size(); i++) {
      double x = scale.x(ordered.get(i));
      boolean last = i == ordered.size() - 1;
      if (x - lastX < MIN_LABEL_GAP) {
        if (!last || xTicks.isEmpty()) {
          continue;
        }
        xTicks.remove(xTicks.size() - 1); // the newest date is always labelled
      }
      xTicks.add(new Tick(num(x), num(BOTTOM + 18), format.format(ordered.get(i))));
      lastX = x;
    }
    List<Series> series = new ArrayList<>();
    for (Line l : lines) {
      if (l.values().isEmpty()) {
        continue;
      }
      List<Mark> marks = new ArrayList<>();
      StringBuilder points = new StringBuilder();
      for (Value v : drawn(l.values(), scale)) {
        String x = num(scale.x(v.at()));
        String y = num(scale.y(v.value()));
        marks.add(new Mark(x, y, v.at().toString(), v.value(), String.format(Locale.ROOT, "%s: %,d %s",
            Dates.display(v.at()), v.value(), l.unit())));
        points.append(points.isEmpty() ? "" : " ").append(x).append(',').append(y);
      }
      series.add(new Series(l.name(), l.css(), points.toString(), marks));
    }
    return new Chart(metric, log ? "log" : "linear", title, description, WIDTH, HEIGHT, num(LEFT), num(RIGHT), num(TOP),
        num(BOTTOM), xTicks, yTicks, series);
  }

  /**
   * The values a line draws: all of them while there are no more than the chart is pixels wide; else, of the values
   * that fall on one pixel column, the newest, and the line's first (a fleet's thousands of reports each a date: a
   * mark per pixel is all a reader can tell apart, and the page stays the size of a few hundred).
   */
  static List<Value> drawn(List<Value> values, Scale scale) {
    if (values.size() <= COLUMNS) {
      return values;
    }
    List<Value> drawn = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      boolean newestOfColumn = i == values.size() - 1
          || column(scale, values.get(i)) != column(scale, values.get(i + 1));
      if (i == 0 || newestOfColumn) {
        drawn.add(values.get(i));
      }
    }
    return drawn;
  }

  /** The pixel column of the plot a value falls on, from 0 to {@link #COLUMNS} - 1 (the right edge in the last). */
  private static long column(Scale scale, Value v) {
    return Math.min(COLUMNS - 1, (long) Math.floor(scale.x(v.at()) - LEFT));
  }

  /** 1, 2 or 5 times a power of ten, so that about four steps reach {@code max}; at least 1. */
  static double niceStep(long max) {
    if (max <= 4) {
      return 1;
    }
    double raw = max / 4.0;
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * power >= raw) {
        return m * power;
      }
    }
    return 10 * power;
  }

  private static boolean distinctDays(TreeSet<Instant> dates) {
    return dates.stream().map(d -> d.atZone(ZoneOffset.UTC).toLocalDate()).distinct().count() == dates.size();
  }

  /** An SVG coordinate: one decimal, a dot whatever the locale. */
  static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** Times and values to plot coordinates. */
  record Scale(Instant from, Instant to, long top, boolean log) {
    double x(Instant at) {
      long span = to.toEpochMilli() - from.toEpochMilli();
      if (span <= 0) {
        return (LEFT + RIGHT) / 2;
      }
      return LEFT + (RIGHT - LEFT) * (at.toEpochMilli() - from.toEpochMilli()) / span;
    }

    double y(long value) {
      double share = log ? Math.log10(1 + (double) value) / Math.log10(1 + (double) top) : value / (double) top;
      return BOTTOM - (BOTTOM - TOP) * share;
    }
  }
}
