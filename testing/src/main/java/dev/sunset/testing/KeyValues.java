package dev.sunset.testing;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/** The {@code key=value} lines a fixture prints on standard output to tell its test what it saw. */
@API(status = INTERNAL, since = "0.1.0")
public final class KeyValues {
  private KeyValues() {}

  /** The {@code key=value} lines among {@code lines}, by key in first-seen order; the last value of a key wins. */
  public static Map<String, String> of(List<String> lines) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : lines) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return values;
  }

  /** The {@code key=value} lines of {@code text}. */
  public static Map<String, String> of(String text) {
    return of(text.lines().toList());
  }
}
