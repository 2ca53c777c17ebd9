package dev.sunset.core.rules;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * One entry of a rule's allow list: a class-name glob ({@code com.acme.jobs.*}), optionally narrowed to a
 * method ({@code #run}) and a line ({@code :42}).
 *
 * @param text the entry as written
 * @param classPattern the glob as a regular expression over binary class names
 * @param method the method name, or null for any method
 * @param line the line, or -1 for any line
 */
@API(status = INTERNAL, since = "0.1.0")
public record AllowEntry(String text, Pattern classPattern, String method, int line) {
  /**
   * Parses {@code glob[#method][:line]}; {@code *} in the glob matches any run of characters.
   *
   * @throws IllegalArgumentException with a message that says what is wrong
   */
  public static AllowEntry parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("allow entry is empty");
    }
    String t = text.trim();
    int line = -1;
    int colon = t.lastIndexOf(':');
    if (colon >= 0) {
      String number = t.substring(colon + 1).trim();
      try {
        line = Integer.parseInt(number);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("allow entry '" + t + "' has a line that is not a number: '" + number + "'");
      }
      if (line <= 0) {
        throw new IllegalArgumentException("allow entry '" + t + "' has a line that is not positive");
      }
      t = t.substring(0, colon).trim();
    }
    String method = null;
    int hash = t.indexOf('#');
    if (hash >= 0) {
      method = t.substring(hash + 1).trim();
      t = t.substring(0, hash).trim();
      if (method.isEmpty()) {
        throw new IllegalArgumentException("allow entry '" + text.trim() + "' has an empty method after '#'");
      }
    }
    if (t.isEmpty() || !t.matches("[\\p{javaJavaIdentifierPart}.$*]+")) {
      throw new IllegalArgumentException("allow entry '" + text.trim() + "' is not a class-name glob such as com.acme.jobs.*");
    }
    StringBuilder regex = new StringBuilder();
    for (char c : t.toCharArray()) {
      regex.append(c == '*' ? ".*" : Pattern.quote(String.valueOf(c)));
    }
    return new AllowEntry(text.trim(), Pattern.compile(regex.toString()), method, line);
  }

  /** Whether a call site in this class (binary name), method and line is allowed. */
  public boolean matches(String className, String methodName, int siteLine) {
    return classPattern.matcher(className).matches()
        && (method == null || method.equals(methodName))
        && (line < 0 || line == siteLine);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AllowEntry other && other.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
