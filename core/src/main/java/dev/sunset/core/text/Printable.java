package dev.sunset.core.text;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * Text from input (a class or method name read from a class file, a jar entry, a rule's message, a path) made safe
 * to print: on a terminal or in a one-line message it shows every character a terminal or a reader could act on as
 * an escape, so that no input can move the cursor, set a window title, start a new line of its own (a fake
 * {@code [sunset]} line, a fake "no new call sites") or reorder what is shown; in JSON it keeps the text intact, as
 * escapes that any JSON reader turns back into the same characters.
 *
 * <p>The characters escaped: the C0 controls (with tab, line feed and carriage return), DEL, the C1 controls, a
 * lone UTF-16 surrogate (which no UTF-8 text can hold), the line and paragraph separators, and the bidirectional
 * embeddings, overrides, isolates and marks. Every other character is kept, non-ASCII letters included.
 *
 * <p>Written without regular expressions or lambdas: the agent prints its lines with it while the JVM starts.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class Printable {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Printable() {}

  /**
   * The text for a terminal or a one-line message: {@code \n}, {@code \r}, {@code \t} and {@code \\uXXXX} for each
   * character escaped; the same string when nothing needs escaping. Null stays null.
   */
  public static String line(String text) {
    if (text == null) {
      return null;
    }
    int first = firstUnsafe(text);
    if (first < 0) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length() + 16);
    sb.append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isSurrogatePairAt(text, i)) {
        sb.append(c).append(text.charAt(i + 1));
        i++;
      } else if (!isUnsafe(text, i)) {
        sb.append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c == '\t') {
        sb.append("\\t");
      } else {
        appendUnicodeEscape(sb, c);
      }
    }
    return sb.toString();
  }

  /** Whether {@link #line} would change the text. */
  public static boolean needsEscaping(String text) {
    return text != null && firstUnsafe(text) >= 0;
  }

  /**
   * JSON text (as a JSON writer made it, C0 controls in strings escaped) with each other character {@link #line}
   * escapes (DEL, C1 controls, lone surrogates, separators, bidirectional controls) written as a {@code \\uXXXX}
   * escape: the document reads back to the same strings, can be written as UTF-8 whatever the strings hold, and
   * shows nothing raw on a terminal. Outside strings, JSON text holds none of these characters, so only string content
   * changes. The same string when nothing needs escaping.
   */
  public static String json(String jsonText) {
    int first = firstUnsafeInJson(jsonText);
    if (first < 0) {
      return jsonText;
    }
    StringBuilder sb = new StringBuilder(jsonText.length() + 16);
    sb.append(jsonText, 0, first);
    for (int i = first; i < jsonText.length(); i++) {
      char c = jsonText.charAt(i);
      if (isSurrogatePairAt(jsonText, i)) {
        sb.append(c).append(jsonText.charAt(i + 1));
        i++;
      } else if (c >= 0x20 && isUnsafe(jsonText, i)) {
        // the JSON writer escaped the C0 controls in strings: those left are its line breaks and indents
        appendUnicodeEscape(sb, c);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static int firstUnsafe(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (isSurrogatePairAt(text, i)) {
        i++;
      } else if (isUnsafe(text, i)) {
        return i;
      }
    }
    return -1;
  }

  private static int firstUnsafeInJson(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (isSurrogatePairAt(text, i)) {
        i++;
      } else if (text.charAt(i) >= 0x20 && isUnsafe(text, i)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isSurrogatePairAt(String text, int i) {
    return Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
        && Character.isLowSurrogate(text.charAt(i + 1));
  }

  /** Whether the char at {@code i}, not the start of a surrogate pair, is one to escape. */
  private static boolean isUnsafe(String text, int i) {
    char c = text.charAt(i);
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
      return true;
    }
    if (c < 0x061C) {
      return false;
    }
    return Character.isSurrogate(c) // a lone one: a pair was taken before
        || c == 0x061C // Arabic letter mark
        || c == 0x200E || c == 0x200F // left-to-right and right-to-left marks
        || c == 0x2028 || c == 0x2029 // line and paragraph separators
        || (c >= 0x202A && c <= 0x202E) // embeddings and overrides
        || (c >= 0x2066 && c <= 0x2069); // isolates
  }

  private static void appendUnicodeEscape(StringBuilder sb, char c) {
    sb.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
        .append(HEX[c & 0xF]);
  }
}
