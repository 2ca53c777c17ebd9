package dev.sunset.examples.chat.agents.tools;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The tools every chat agent has: a calculator and a word counter. */
public final class BuiltinTools {
  /** What the calculator evaluates: two integers with one of {@code + - * /} between them. */
  public static final Pattern ARITHMETIC = Pattern.compile("\\s*(-?\\d{1,18})\\s*([-+*/])\\s*(-?\\d{1,18})\\s*");

  private BuiltinTools() {}

  /** The built-in tools by name. */
  public static Map<String, Tool> all() {
    return Map.of("calculator", BuiltinTools::calculate, "word_count", BuiltinTools::countWords);
  }

  /** Evaluates the {@code expression} argument; fails on division by zero, overflow or anything else. */
  private static Object calculate(Map<String, Object> arguments) {
    Matcher m = ARITHMETIC.matcher(String.valueOf(arguments.get("expression")));
    if (!m.matches()) {
      throw new IllegalArgumentException("not an expression such as 12 * 7");
    }
    long left = Long.parseLong(m.group(1));
    long right = Long.parseLong(m.group(3));
    switch (m.group(2)) {
      case "+":
        return Math.addExact(left, right);
      case "-":
        return Math.subtractExact(left, right);
      case "*":
        return Math.multiplyExact(left, right);
      default:
        if (right == 0) {
          throw new ArithmeticException("division by zero");
        }
        return left / right;
    }
  }

  /** Counts the whitespace-separated words of the {@code text} argument. */
  private static Object countWords(Map<String, Object> arguments) {
    String text = String.valueOf(arguments.get("text")).strip();
    return text.isEmpty() ? 0 : text.split("\\s+").length;
  }
}
