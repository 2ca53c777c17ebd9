package dev.sunset.core.rules;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * A rules file a tool cannot work with: missing, unreadable, not YAML, or with a rule the reader refuses. Its
 * {@link #lines()} are what the tool prints, one per problem, each naming the file and what is wrong.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class RulesFileException extends Exception {
  private static final long serialVersionUID = 1L;

  private final List<String> lines;

  /** The problems, one line each. */
  public RulesFileException(List<String> lines) {
    super(String.join("\n", lines), null, false, false);
    this.lines = List.copyOf(lines);
  }

  /** One line per problem, such as {@code rules.yaml:12: rule 'ws-create': refused: unknown stage 'shout'}. */
  public List<String> lines() {
    return lines;
  }
}
