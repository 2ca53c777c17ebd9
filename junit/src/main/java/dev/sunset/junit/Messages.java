package dev.sunset.junit;

import dev.sunset.core.text.Printable;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The lines this jar prints to stderr: each at most once, escaped for terminals. */
final class Messages {
  private static final Set<String> SAID = ConcurrentHashMap.newKeySet();

  private Messages() {}

  static void once(String line) {
    if (SAID.add(line)) {
      say(line);
    }
  }

  static void say(String line) {
    System.err.println("sunset-junit: " + Printable.line(line));
  }
}
