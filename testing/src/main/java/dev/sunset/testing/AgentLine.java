package dev.sunset.testing;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * One line the agent printed on standard error, {@code [sunset] <message>}, without its prefix.
 *
 * @param message what follows the prefix, such as {@code WARN legacy call ...} or {@code legacy call sites: ...}
 */
@API(status = INTERNAL, since = "0.1.0")
public record AgentLine(String message) {
  /** What starts every line of the agent's log. */
  public static final String PREFIX = "[sunset] ";

  /** The agent's line in {@code line}, or empty when {@code line} is someone else's. */
  public static Optional<AgentLine> parse(String line) {
    return line.startsWith(PREFIX) ? Optional.of(new AgentLine(line.substring(PREFIX.length()))) : Optional.empty();
  }

  /** The agent's lines among {@code lines} (such as a JVM's standard error), in order. */
  public static List<AgentLine> in(List<String> lines) {
    return lines.stream().flatMap(l -> parse(l).stream()).toList();
  }

  /** The messages of the agent's lines among {@code lines}, in order. */
  public static List<String> messages(List<String> lines) {
    return in(lines).stream().map(AgentLine::message).toList();
  }

  /** The messages of the agent's lines in {@code text}, split into lines. */
  public static List<String> messages(String text) {
    return messages(text.lines().toList());
  }

  /** Whether the agent logged this as a warning ({@code WARN ...}). */
  public boolean isWarning() {
    return message.startsWith("WARN ");
  }

  /** The line as the agent printed it. */
  @Override
  public String toString() {
    return PREFIX + message;
  }
}
