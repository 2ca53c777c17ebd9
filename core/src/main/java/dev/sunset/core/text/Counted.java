package dev.sunset.core.text;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Locale;
import org.apiguardian.api.API;

/** A count with its noun, singular for one: {@code 1 call site}, {@code 2 call sites}, {@code 1,200 calls}. */
@API(status = INTERNAL, since = "0.1.0")
public final class Counted {
  private Counted() {}

  /** {@code n} and {@code one}, with an {@code s} added unless {@code n} is 1. */
  public static String of(long n, String one) {
    return of(n, one, one + "s");
  }

  /** {@code n} and {@code one} when {@code n} is 1, else {@code many}; thousands grouped with commas. */
  public static String of(long n, String one, String many) {
    return String.format(Locale.ROOT, "%,d %s", n, noun(n, one, many));
  }

  /** {@code one} when {@code n} is 1, else {@code one} with an {@code s}: for counts written without grouping. */
  public static String noun(long n, String one) {
    return noun(n, one, one + "s");
  }

  /** {@code one} when {@code n} is 1, else {@code many}. */
  public static String noun(long n, String one, String many) {
    return n == 1 ? one : many;
  }
}
