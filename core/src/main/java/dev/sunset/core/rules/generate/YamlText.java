package dev.sunset.core.rules.generate;

import dev.sunset.core.text.Printable;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.ScalarStyle;

/**
 * Text from class files made safe in a rules file: values as YAML scalars written by snakeyaml-engine's emitter
 * (the library the rules reader parses with), comments as one line each. Neither can end a line, start a key or
 * a comment, or put a raw control, separator or bidirectional character into the file, so the file reads back to
 * the same strings and shows nothing raw on a terminal.
 */
final class YamlText {
  /** The emitter's choice: plain where YAML allows it, else quoted. */
  private static final Dump CHOSEN = new Dump(DumpSettings.builder().setSplitLines(false)
      .setWidth(Integer.MAX_VALUE).build());
  /** Double-quoted on one line, every character outside ASCII as an escape. */
  private static final Dump ESCAPED = new Dump(DumpSettings.builder().setDefaultScalarStyle(ScalarStyle.DOUBLE_QUOTED)
      .setUseUnicodeEncoding(false).setSplitLines(false).setWidth(Integer.MAX_VALUE).build());

  private YamlText() {}

  /** {@code text} as a YAML scalar that fits after {@code key: } on one line. */
  static String scalar(String text) {
    String chosen = strip(CHOSEN.dumpToString(text));
    if (chosen.indexOf('\n') < 0 && chosen.indexOf('\r') < 0 && !Printable.needsEscaping(chosen)
        && !chosen.startsWith("|") && !chosen.startsWith(">") && isPrintable(chosen)) {
      return chosen;
    }
    return strip(ESCAPED.dumpToString(text));
  }

  private static String strip(String dumped) {
    return dumped.endsWith("\n") ? dumped.substring(0, dumped.length() - 1) : dumped;
  }

  /**
   * {@code text} as the content of a comment line: the characters a terminal acts on escaped
   * ({@link Printable#line}), and those YAML does not allow in a stream at all ({@code U+FFFE}, {@code U+FFFF}).
   */
  static String comment(String text) {
    String line = Printable.line(text);
    if (isPrintable(line)) {
      return line;
    }
    StringBuilder sb = new StringBuilder(line.length() + 8);
    line.codePoints().forEach(c -> {
      if (isPrintable(c)) {
        sb.appendCodePoint(c);
      } else {
        sb.append(String.format("\\u%04X", c));
      }
    });
    return sb.toString();
  }

  private static boolean isPrintable(String s) {
    return s.codePoints().allMatch(YamlText::isPrintable);
  }

  /** YAML 1.2's c-printable, less the line breaks. */
  private static boolean isPrintable(int c) {
    return c == 0x9 || (c >= 0x20 && c <= 0x7E) || c == 0x85 || (c >= 0xA0 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
  }
}
