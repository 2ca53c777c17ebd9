package dev.sunset.agent.internal.config;

import java.util.function.Function;

/**
 * The JVM's system properties and environment variables as lookups, for the options readers: plain classes
 * rather than method references, so that reading options at start-up spins no lambda.
 */
public enum SystemLookup implements Function<String, String> {
  /** {@link System#getProperty(String)}. */
  PROPERTIES {
    @Override
    public String apply(String key) {
      return System.getProperty(key);
    }
  },
  /** {@link System#getenv(String)}. */
  ENVIRONMENT {
    @Override
    public String apply(String key) {
      return System.getenv(key);
    }
  },
  /**
   * Nothing: for the options of a second attach, which are only what its agent argument gives (the running agent read
   * the properties and the environment when it started).
   */
  NONE {
    @Override
    public String apply(String key) {
      return null;
    }
  }
}
