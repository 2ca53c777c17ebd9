package dev.sunset.core.format;

import dev.sunset.core.rules.Stage;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One value of a JSON document being read into records, with the path that names it in messages
 * ({@code callSites[3].count}). Every accessor either returns a value of the expected type or throws a
 * {@link FormatException} naming the source, the path and what was expected; absent optional fields read as null,
 * false or empty.
 */
final class Node {
  private static final String TIME_EXAMPLE = "a time such as 2026-11-21T10:00:00Z";

  private final String source;
  private final String path;
  private final Object value;

  private Node(String source, String path, Object value) {
    this.source = source;
    this.path = path;
    this.value = value;
  }

  /** Makes a record of a document's root: the format's reader. */
  interface Reader<T> {
    T from(Node root) throws FormatException;
  }

  /** A document read from a file by {@code reader}; a file that is not one JSON object is named with what is wrong. */
  static <T> T read(Path file, Reader<T> reader) throws FormatException {
    Map<String, Object> root;
    try {
      root = JsonFile.readObject(file);
    } catch (IOException e) {
      throw new FormatException(file.toString(), e.getMessage());
    }
    return reader.from(root(file.toString(), root));
  }

  /** A document parsed from {@code text} (which came from {@code source}) by {@code reader}. */
  static <T> T parse(String text, String source, Reader<T> reader) throws FormatException {
    Map<String, Object> root;
    try {
      root = JsonFile.parseObject(text);
    } catch (IOException e) {
      throw new FormatException(source, e.getMessage());
    }
    return reader.from(root(source, root));
  }

  /** The root object of a document read from {@code source}. */
  static Node root(String source, Map<String, Object> object) {
    return new Node(source, "", object);
  }

  FormatException problem(String what) {
    return new FormatException(source, (path.isEmpty() ? "" : path + " ") + what);
  }

  /** The source the document came from. */
  String source() {
    return source;
  }

  boolean isMissing() {
    return value == null;
  }

  /** A field of this object (missing when absent). */
  Node field(String name) throws FormatException {
    if (!(value instanceof Map<?, ?> map)) {
      throw problem("is not an object");
    }
    return new Node(source, path.isEmpty() ? name : path + "." + name, map.get(name));
  }

  /** What this object's {@code format} field holds, or null. */
  Object format() {
    return value instanceof Map<?, ?> map ? map.get("format") : null;
  }

  /** The format id this document declares, checked against {@code expected}. */
  void requireFormat(String expected, String what) throws FormatException {
    Object format = format();
    if (!expected.equals(format)) {
      throw new FormatException(source, "'format' is " + (format == null ? "missing" : "'" + format + "'")
          + ", not " + expected + " (" + what + ")");
    }
  }

  String text() throws FormatException {
    if (!(value instanceof String s)) {
      throw problem(value == null ? "is missing" : "is not a string");
    }
    return s;
  }

  String textOrNull() throws FormatException {
    return value == null ? null : text();
  }

  boolean flag() throws FormatException {
    if (value == null) {
      return false;
    }
    if (!(value instanceof Boolean b)) {
      throw problem("is not true or false");
    }
    return b;
  }

  /** A whole number from 0 to {@link Long#MAX_VALUE}: a count. */
  long count() throws FormatException {
    if (value == null) {
      throw problem("is missing (a count: a whole number from 0 to " + Long.MAX_VALUE + ")");
    }
    long n = wholeNumber();
    if (n < 0) {
      throw problem("is not a whole number from 0 to " + Long.MAX_VALUE);
    }
    return n;
  }

  Long countOrNull() throws FormatException {
    return value == null ? null : count();
  }

  long countOrNullAsZero() throws FormatException {
    return value == null ? 0 : count();
  }

  /** A finite number, 0 when absent. */
  double decimal() throws FormatException {
    if (value == null) {
      return 0;
    }
    if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
      throw problem("is not a number");
    }
    return n.doubleValue();
  }

  /** A line number: a whole number from 0 to {@link Integer#MAX_VALUE}. */
  int line() throws FormatException {
    if (value == null) {
      throw problem("is missing (a line: a whole number from 0)");
    }
    long n = wholeNumber();
    if (n < 0 || n > Integer.MAX_VALUE) {
      throw problem("is not a line number from 0 to " + Integer.MAX_VALUE);
    }
    return (int) n;
  }

  int lineOrZero() throws FormatException {
    return value == null ? 0 : line();
  }

  private long wholeNumber() throws FormatException {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big && big.bitLength() < 64) {
      return big.longValue();
    }
    throw problem("is not a whole number from 0 to " + Long.MAX_VALUE);
  }

  Instant instant() throws FormatException {
    if (!(value instanceof String s)) {
      throw problem(value == null ? "is missing (" + TIME_EXAMPLE + ")" : "is not " + TIME_EXAMPLE);
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw problem("is not " + TIME_EXAMPLE);
    }
  }

  Instant instantOrNull() throws FormatException {
    return value == null ? null : instant();
  }

  LocalDate date() throws FormatException {
    try {
      return LocalDate.parse(text());
    } catch (DateTimeParseException e) {
      throw problem("is not a date such as 2026-12-01");
    }
  }

  Stage stageOrNull() throws FormatException {
    return value == null ? null : stage();
  }

  Stage stage() throws FormatException {
    return named(Stage::parse, "a stage (observe, redirect, warn or deny)");
  }

  /** A name parsed by {@code parse} (which returns null for names it does not know), or null when absent. */
  <T> T namedOrNull(Function<String, T> parse, String expected) throws FormatException {
    return value == null ? null : named(parse, expected);
  }

  <T> T named(Function<String, T> parse, String expected) throws FormatException {
    String s = text();
    T t = parse.apply(s);
    if (t == null) {
      throw problem("is '" + s + "', not " + expected);
    }
    return t;
  }

  /** The elements of this list; a missing list is empty when {@code required} is false. */
  List<Node> list(boolean required) throws FormatException {
    if (value == null && !required) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw problem(value == null ? "is missing (a list)" : "is not a list");
    }
    List<Node> nodes = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      nodes.add(new Node(source, path + "[" + i + "]", list.get(i)));
    }
    return nodes;
  }

  /** The fields of this object in order; a missing object is empty. */
  Map<String, Node> entries() throws FormatException {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw problem("is not an object");
    }
    Map<String, Node> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = String.valueOf(e.getKey());
      out.put(key, new Node(source, path + "." + key, e.getValue()));
    }
    return out;
  }

  /** Strings of a list; a missing list is empty. */
  List<String> texts() throws FormatException {
    List<String> out = new ArrayList<>();
    for (Node n : list(false)) {
      out.add(n.text());
    }
    return out;
  }
}
