package dev.sunset.core.format;

import dev.sunset.core.rules.Stage;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
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
  /** The node this one is a field, entry or element of; null for a root. */
  private final Node parent;
  /** The field's or entry's name; for a root, its path; null for an element. */
  private final String name;
  /** How this node is reached from its parent. */
  private final Step step;
  /** The element's index. */
  private final int index;
  private final Object value;
  /** The path, made when a message needs it (most reads never do). */
  private String path;

  /** How a node is reached from its parent, which decides how its path is written. */
  private enum Step {
    ROOT, FIELD, ENTRY, ELEMENT
  }

  private Node(String source, Node parent, Step step, String name, int index, Object value) {
    this.source = source;
    this.parent = parent;
    this.step = step;
    this.name = name;
    this.index = index;
    this.value = value;
  }

  /** {@code callSites[3].count}: the path that names this value in messages. */
  private String path() {
    if (path == null) {
      path = switch (step) {
        case ROOT -> name;
        case FIELD -> parent.path().isEmpty() ? name : parent.path() + "." + name;
        case ENTRY -> parent.path() + "." + name;
        case ELEMENT -> parent.path() + "[" + index + "]";
      };
    }
    return path;
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
    return new Node(source, null, Step.ROOT, "", -1, object);
  }

  /**
   * A value read on its own from a document that is not held whole, named in messages by the path it has in the
   * document: element {@code index} of the list at {@code listPath} ({@code callSites[3]}).
   */
  static Node element(String source, String listPath, int index, Object value) {
    return new Node(source, new Node(source, null, Step.ROOT, listPath, -1, null), Step.ELEMENT, null, index, value);
  }

  FormatException problem(String what) {
    String at = path();
    return new FormatException(source, (at.isEmpty() ? "" : at + " ") + what);
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
    return new Node(source, this, Step.FIELD, name, -1, map.get(name));
  }

  /** What this object's {@code format} field holds, or null. */
  Object format() {
    return value instanceof Map<?, ?> map ? map.get("format") : null;
  }

  /** The format id this document declares, checked against {@code expected}. */
  void requireFormat(String expected, String what) throws FormatException {
    Object format = format();
    if (!expected.equals(format)) {
      throw wrongFormat(source, format, expected + " (" + what + ")");
    }
  }

  /** A document whose {@code format} field ({@code format}, null when it has none) is not {@code expected}. */
  static FormatException wrongFormat(String source, Object format, String expected) {
    return new FormatException(source, "'format' is " + (format == null ? "missing" : "'" + format + "'")
        + ", not " + expected);
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
    Instant plain = plainInstant(s);
    if (plain != null) {
      return plain;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw problem("is not " + TIME_EXAMPLE);
    }
  }

  /**
   * {@code 2026-12-07T10:15:30Z} or {@code 2026-12-07T10:15:30.125Z} (as {@link Instant#toString} writes times, and
   * so every report), read without the general parser, which a fleet's millions of sites would wait on; null for
   * any other text, which {@link Instant#parse} then reads or refuses as ever.
   */
  static Instant plainInstant(String s) {
    int n = s.length();
    if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
        || second < 0 || second > 59) {
      return null;
    }
    int nanos = 0;
    if (n > 20) {
      if (s.charAt(19) != '.' || n == 21) {
        return null;
      }
      int fraction = digits(s, 20, n - 1);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction;
      for (int i = n - 1 - 20; i < 9; i++) {
        nanos *= 10;
      }
    } else if (s.charAt(19) != 'Z') {
      return null;
    }
    if (day > YearMonth.of(year, month).lengthOfMonth()) {
      return null;
    }
    long seconds = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3_600L + minute * 60L + second;
    return Instant.ofEpochSecond(seconds, nanos);
  }

  /** The number the digits {@code s[from, to)} write, or -1 when one is not a digit. */
  private static int digits(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
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
    return named(Node::stage, "a stage (observe, redirect, warn or deny)");
  }

  private static final Map<String, Stage> STAGES = new HashMap<>();

  static {
    for (Stage s : Stage.values()) {
      STAGES.put(s.id(), s);
    }
  }

  /** The stage a name names, as {@link Stage#parse} reads it; the names reports write found without lowering case. */
  static Stage stage(String name) {
    Stage s = STAGES.get(name);
    return s != null ? s : Stage.parse(name);
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
      nodes.add(new Node(source, this, Step.ELEMENT, null, i, list.get(i)));
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
      out.put(key, new Node(source, this, Step.ENTRY, key, -1, e.getValue()));
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
