package dev.sunset.agent.internal.registry;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One copy of each name that many call sites hold alike (the code source of a jar, the key of a legacy
 * method), so that a site retains a reference rather than a string of its own.
 *
 * <p>Only names drawn from a small set go through here: jars and rules, not methods or lines.
 */
public final class SharedNames {
  private static final ConcurrentHashMap<String, String> NAMES = new ConcurrentHashMap<>();

  private SharedNames() {}

  /** The one copy of {@code name} (null stays null). */
  public static String of(String name) {
    if (name == null) {
      return null;
    }
    String shared = NAMES.putIfAbsent(name, name);
    return shared == null ? name : shared;
  }
}
