package dev.sunset.agent.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads what a forked test JVM printed: its {@code key=value} lines and the agent's own lines. */
public final class ForkedOutput {
  private static final String AGENT_PREFIX = "[sunset] ";

  private ForkedOutput() {}

  /** The {@code key=value} lines of standard output, by key. */
  public static Map<String, String> values(String stdout) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : stdout.split("\\R")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return values;
  }

  /** The agent's lines on standard error, without their {@code [sunset]} prefix. */
  public static List<String> agentLines(String stderr) {
    List<String> lines = new ArrayList<>();
    for (String line : stderr.split("\\R")) {
      if (line.startsWith(AGENT_PREFIX)) {
        lines.add(line.substring(AGENT_PREFIX.length()));
      }
    }
    return lines;
  }
}
