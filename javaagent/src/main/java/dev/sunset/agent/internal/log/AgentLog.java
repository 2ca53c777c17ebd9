package dev.sunset.agent.internal.log;

import dev.sunset.core.text.Printable;
import java.io.PrintStream;
import java.util.Set;
import java.util.function.Consumer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's own diagnostics: one line each on standard error, prefixed {@code [sunset]}, and each problem
 * reported once however often it happens. Every line is shown through {@link Printable#line}: a class name, a path or
 * a rule's message holding a line break or a terminal escape cannot print a line of its own (a fake {@code [sunset]}
 * line) or drive the terminal.
 */
public final class AgentLog {
  private static final Set<OnceKey> REPORTED = ConcurrentHashMap.newKeySet();
  private static volatile PrintStream out = System.err;

  /** {@link #info} as a consumer, for the parts that take where to print their lines. */
  public static final Consumer<String> INFO = new Consumer<>() {
    @Override
    public void accept(String message) {
      info(message);
    }
  };

  private AgentLog() {}

  /** Prints a line, escaped. */
  public static void info(String message) {
    out.println("[sunset] " + Printable.line(message));
  }

  /** Sends the lines to {@code to} from now on, and returns where they went before: for tests. */
  public static PrintStream printTo(PrintStream to) {
    PrintStream before = out;
    out = to;
    return before;
  }

  /**
   * The key of a line printed once: what it is about, and of what (a site id, a class name, a path; a list of them;
   * null: the topic alone).
   */
  public record OnceKey(LogTopic topic, Object subject) {}

  /** Prints a line unless a line of the same topic was printed before; returns whether it printed. */
  public static boolean once(LogTopic topic, String message) {
    return once(topic, null, message);
  }

  /** Prints a line unless a line of the same topic and subject was printed before; returns whether it printed. */
  public static boolean once(LogTopic topic, Object subject, String message) {
    if (REPORTED.add(new OnceKey(topic, subject))) {
      info(message);
      return true;
    }
    return false;
  }

  /** Reports an unexpected failure once per topic, naming its type and message, never its arguments. */
  public static void failureOnce(LogTopic topic, String what, Throwable failure) {
    failureOnce(topic, null, what, failure);
  }

  /** Reports an unexpected failure once per topic and subject, naming its type and message, never its arguments. */
  public static void failureOnce(LogTopic topic, Object subject, String what, Throwable failure) {
    once(topic, subject, what + ": " + describe(failure));
  }

  /** A short description of a failure: its type and message. */
  public static String describe(Throwable failure) {
    String message = failure.getMessage();
    return failure.getClass().getName() + (message == null ? "" : ": " + message);
  }
}
