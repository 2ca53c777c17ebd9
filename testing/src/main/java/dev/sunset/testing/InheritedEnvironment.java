package dev.sunset.testing;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Map;
import org.apiguardian.api.API;

/**
 * Which of this JVM's environment variables a forked JVM inherits, before the ones a test sets: a developer's or
 * CI's own {@code SUNSET_*} or {@code OTEL_*} settings would otherwise reach the agent under test.
 */
@API(status = INTERNAL, since = "0.1.0")
public enum InheritedEnvironment {
  /** All of them (the command line's and the chat server's forks: no agent, or options given explicitly). */
  ALL,
  /** All but {@code SUNSET_*} and {@code OTEL_*}: what the agent's and the deployment tests' forks have always had. */
  WITHOUT_SUNSET_AND_OTEL,
  /**
   * All but {@code SUNSET_*}, {@code OTEL_*}, {@code JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS} (the telemetry
   * tests' forks, where another agent or option given through them would change what is exported).
   */
  WITHOUT_SUNSET_OTEL_AND_JAVA_OPTIONS;

  /** Removes from {@code environment} (a copy of this JVM's) what a forked JVM must not inherit. */
  void scrub(Map<String, String> environment) {
    switch (this) {
      case ALL -> { }
      case WITHOUT_SUNSET_AND_OTEL ->
          environment.keySet().removeIf(k -> k.startsWith("SUNSET_") || k.startsWith("OTEL_"));
      case WITHOUT_SUNSET_OTEL_AND_JAVA_OPTIONS ->
          environment.keySet().removeIf(k -> k.startsWith("SUNSET_") || k.startsWith("OTEL_")
              || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
    }
  }
}
