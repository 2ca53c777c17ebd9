package dev.sunset.core.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A call site's object as {@link ReportStream} reads it: the fields a site has in slots of an array, any other in a
 * map, all read as {@link JsonFile#value} reads them and refused the same way when named twice. It is a map, so that
 * {@link Report#site} checks it exactly as it checks a site of a report read whole; only without building a hash map
 * for each of a fleet's millions of sites.
 */
final class SiteFields extends AbstractMap<String, Object> {
  /** The fields of a call site ({@code sunset-report/1}), in the order the slots hold them. */
  private static final String[] NAMES = {"rule", "class", "method", "descriptor", "file", "line", "codeSource",
      "count", "stage", "countsByStage", "firstCallAt", "lastSeenAt", "methodReference", "via", "calledThrough",
      "codeSources", "use", "member", "rolledBackAt", "rollbackReason"};

  private final Object[] values = new Object[NAMES.length];
  private int present;
  /** Fields a site does not have (a later format's, or a hostile file's), in the order read; null while none. */
  private Map<String, Object> others;

  private SiteFields() {}

  /** The object the parser stands on the start of, read to its end. */
  static SiteFields read(JsonParser parser) throws IOException {
    SiteFields fields = new SiteFields();
    for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
      parser.nextToken();
      int slot = slot(name);
      if (slot >= 0) {
        if ((fields.present & 1 << slot) != 0) {
          throw JsonFile.duplicate(parser, name);
        }
        fields.present |= 1 << slot;
        fields.values[slot] = (SHARED & 1 << slot) != 0 && parser.currentToken() == JsonToken.VALUE_STRING
            ? shared(parser) : JsonFile.value(parser);
      } else {
        if (fields.others == null) {
          fields.others = new LinkedHashMap<>();
        } else if (fields.others.containsKey(name)) {
          throw JsonFile.duplicate(parser, name);
        }
        fields.others.put(name, JsonFile.value(parser));
      }
    }
    return fields;
  }

  /**
   * The slots whose text recurs across a fleet's reports (names, not times): read as one shared string each, so that
   * the sites of thousands of reports do not each make their own copies, and compare by identity where they meet.
   */
  private static final int SHARED = bits("rule", "class", "method", "descriptor", "file", "codeSource", "stage", "via",
      "calledThrough", "use", "member");
  /** The shared strings: a string per slot of the table, the latest one whose hash falls there. */
  private static final String[] STRINGS = new String[1 << 15];

  private static final Map<String, Integer> SLOTS = new HashMap<>();

  static {
    for (int i = 0; i < NAMES.length; i++) {
      SLOTS.put(NAMES[i], i);
    }
  }

  private static int bits(String... names) {
    int bits = 0;
    for (String name : names) {
      bits |= 1 << List.of(NAMES).indexOf(name);
    }
    return bits;
  }

  /**
   * The string the parser stands on, as the one the table holds when it is the same text (its hash worked out as
   * {@link String#hashCode} does, and kept by the string). Threads may race on a slot of the table: a string is
   * immutable, so any of theirs is whole, and the loser's is only not shared.
   */
  private static String shared(JsonParser parser) throws IOException {
    char[] text = parser.getTextCharacters();
    int offset = parser.getTextOffset();
    int length = parser.getTextLength();
    int hash = 0;
    for (int i = 0; i < length; i++) {
      hash = 31 * hash + text[offset + i];
    }
    int slot = (hash ^ hash >>> 15) & (STRINGS.length - 1);
    String known = STRINGS[slot];
    if (known != null && known.length() == length && known.hashCode() == hash && same(known, text, offset)) {
      return known;
    }
    String read = new String(text, offset, length);
    STRINGS[slot] = read;
    return read;
  }

  private static boolean same(String known, char[] text, int offset) {
    for (int i = 0; i < known.length(); i++) {
      if (known.charAt(i) != text[offset + i]) {
        return false;
      }
    }
    return true;
  }

  private static int slot(Object name) {
    Integer slot = SLOTS.get(name);
    return slot == null ? -1 : slot;
  }

  @Override
  public Object get(Object name) {
    int slot = slot(name);
    return slot >= 0 ? values[slot] : others == null ? null : others.get(name);
  }

  @Override
  public boolean containsKey(Object name) {
    int slot = slot(name);
    return slot >= 0 ? (present & 1 << slot) != 0 : others != null && others.containsKey(name);
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    Map<String, Object> all = new LinkedHashMap<>();
    for (int i = 0; i < NAMES.length; i++) {
      if ((present & 1 << i) != 0) {
        all.put(NAMES[i], values[i]);
      }
    }
    if (others != null) {
      all.putAll(others);
    }
    return all.entrySet();
  }
}
