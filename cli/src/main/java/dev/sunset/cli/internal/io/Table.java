package dev.sunset.cli.internal.io;

import dev.sunset.core.text.Printable;
import java.util.List;

/** Left-aligned columns separated by two spaces, for people. */
public final class Table {
  private Table() {}

  public static String render(List<String[]> rows) {
    return render(rows, Style.plain(), false);
  }

  /** As {@link #render(List)}, the first row a header, in bold when {@code style} has colour. */
  public static String render(List<String[]> rows, Style style) {
    return render(rows, style, true);
  }

  private static String render(List<String[]> rows, Style style, boolean header) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], cell(row[i]).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        String c = cell(row[i]);
        line.append(c);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - c.length() + 2));
        }
      }
      String text = line.toString().stripTrailing();
      sb.append(header && row == rows.get(0) ? style.bold(text) : text).append('\n');
    }
    return sb.toString();
  }

  /** A cell as shown: escaped ({@link Printable#line}), so no name from input can break the table or the terminal. */
  private static String cell(String s) {
    return s == null ? "-" : Printable.line(s);
  }
}
