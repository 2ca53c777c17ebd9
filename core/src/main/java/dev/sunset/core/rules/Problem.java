package dev.sunset.core.rules;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * Something wrong with a rules file or one of its rules, reported to people as one line that says where
 * and what: {@code rules.yaml:12: rule 'ws-create': refused: unknown stage 'shout'}.
 *
 * @param kind what the problem stops
 * @param source the file's label (path or resource URL)
 * @param line the line in the file, or 0 when unknown
 * @param ruleId the rule's id, or null for a problem with the whole file
 * @param where the class loader (or artifact) a {@link Kind#RESOLUTION} problem is about, or null
 * @param message what is wrong, for people
 */
@API(status = INTERNAL, since = "0.1.0")
public record Problem(Kind kind, String source, int line, String ruleId, String where, String message) {
  /** What a problem stops. */
  public enum Kind {
    /** The whole file: no rule is read from it. */
    FILE,
    /** One rule is refused; the others apply. */
    RULE,
    /** One rule does not apply in one class loader or artifact; it stays in force elsewhere. */
    RESOLUTION
  }

  /** A problem with a whole file. */
  public static Problem file(String source, int line, String message) {
    return new Problem(Kind.FILE, source, line, null, null, message);
  }

  /** A rule refused for this reason. */
  public static Problem rule(String source, int line, String ruleId, String message) {
    return new Problem(Kind.RULE, source, line, ruleId, null, message);
  }

  /** A rule that cannot apply in {@code where} (a class loader or an artifact). */
  public static Problem resolution(RuleSpec rule, String where, String message) {
    return new Problem(Kind.RESOLUTION, rule.source().label(), rule.line(), rule.id(), where, message);
  }

  /** The one line people read. */
  public String describe() {
    StringBuilder sb = new StringBuilder(source);
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ");
    if (ruleId != null) {
      sb.append("rule '").append(ruleId).append("': ");
    }
    switch (kind) {
      case RULE -> sb.append("refused: ");
      case RESOLUTION -> sb.append("not applied in ").append(where).append(": ");
      case FILE -> { }
    }
    return sb.append(message).toString();
  }

  @Override
  public String toString() {
    return describe();
  }
}
