package dev.sunset.benchmarks.overhead;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The order statistics of a set of measurements: median, quartiles (linear interpolation between closest
 * ranks, as R's default and NumPy's do) and extremes. Medians and quartiles, not means and standard
 * deviations, because start-up times on a shared machine have a long right tail.
 */
public record Summary(int count, double min, double q1, double median, double q3, double max) {
  /** The summary of {@code values}, which must not be empty. */
  public static Summary of(double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values to summarise");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return new Summary(sorted.length, sorted[0], quantile(sorted, 0.25), quantile(sorted, 0.5),
        quantile(sorted, 0.75), sorted[sorted.length - 1]);
  }

  /** The summary of {@code values}, which must not be empty. */
  public static Summary of(List<Double> values) {
    return of(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  static double quantile(double[] sorted, double p) {
    double rank = p * (sorted.length - 1);
    int lo = (int) Math.floor(rank);
    int hi = (int) Math.ceil(rank);
    return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
  }

  /** The interquartile range. */
  public double iqr() {
    return q3 - q1;
  }

  /** {@code median [q1-q3]} with {@code decimals} decimals. */
  public String medianAndQuartiles(int decimals) {
    String f = "%." + decimals + "f";
    return String.format(Locale.ROOT, f + " [" + f + "–" + f + "]", median, q1, q3);
  }

  /** {@code min–max} with {@code decimals} decimals. */
  public String range(int decimals) {
    String f = "%." + decimals + "f";
    return String.format(Locale.ROOT, f + "–" + f, min, max);
  }
}
