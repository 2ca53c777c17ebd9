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
  private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
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

  /** Prints a line unless a line with the same key was printed before; returns whether it printed. */
  public static boolean once(String key, String message) {
    if (REPORTED.add(key)) {
      info(message);
      return true;
    }
    return false;
  }

  /** Reports an unexpected failure once per key, naming its type and message, never its arguments. */
  public static void failureOnce(String key, String what, Throwable failure) {
    once(key, what + ": " + describe(failure));
  }

  /** A short description of a failure: its type and message. */
  public static String describe(Throwable failure) {
    String message = failure.getMessage();
    return failure.getClass().getName() + (message == null ? "" : ": " + message);
  }
}
