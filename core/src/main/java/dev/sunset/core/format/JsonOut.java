package dev.sunset.core.format;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.core.text.Printable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON object being written, fields in the order they are put; null values are left out (a field the format
 * calls optional is absent rather than null).
 */
final class JsonOut {
  private final Map<String, Object> fields = new LinkedHashMap<>();

  JsonOut put(String name, Object value) {
    if (value instanceof Instant i) {
      fields.put(name, i.toString());
    } else if (value instanceof JsonOut o) {
      fields.put(name, o.fields);
    } else if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object element : list) {
        out.add(element instanceof JsonOut o ? o.fields : element);
      }
      fields.put(name, out);
    } else if (value != null) {
      fields.put(name, value);
    }
    return this;
  }

  /** Puts {@code true} only: a flag that is false is left out. */
  JsonOut flag(String name, boolean value) {
    if (value) {
      fields.put(name, Boolean.TRUE);
    }
    return this;
  }

  Map<String, Object> fields() {
    return fields;
  }

  /**
   * The object as pretty-printed JSON text. Names read from class files may hold what no UTF-8 file can (a lone
   * surrogate, legal in a class file) or what a terminal acts on (C1 controls): those are written as escapes, so
   * the text reads back to the same strings and writes as UTF-8 whatever they hold.
   */
  String text() {
    try {
      return Printable.json(JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(fields));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // maps of strings, numbers, lists and maps always write
    }
  }
}
