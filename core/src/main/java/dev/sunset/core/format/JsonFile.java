package dev.sunset.core.format;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.core.io.InputFile;
import dev.sunset.core.io.Limits;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Reads a JSON file that holds one object (a report, a scan, a verdict), saying in one line what is wrong when
 * it cannot: {@code does not exist}, {@code is not UTF-8 text}, {@code is not JSON at line 3, column 7: ...},
 * {@code is a FIFO (named pipe), not a regular file}, {@code is 80 MiB, more than the 64 MiB Sunset reads of a
 * report, scan or verdict} ({@link Limits#JSON_FILE_BYTES}), {@code has the field 'count' twice in one object at line
 * 9, column 20}. Anything after the object but white space is refused.
 *
 * <p>A file is read whole ({@link #readObject}) or as a stream of tokens ({@link #open}, for reports, whose sites are
 * folded one at a time); both read values the same way ({@link #value}): objects as maps in their order, lists, text,
 * whole numbers as {@code Integer}, {@code Long} or {@code BigInteger}, other numbers as {@code Double}, true or false,
 * and JSON's null as null.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class JsonFile {
  private static final String WHAT = "a report, scan or verdict";
  private static final JsonFactory FACTORY = JSON.std.getStreamingFactory();

  private JsonFile() {}

  /**
   * The file's object.
   *
   * @throws IOException whose message says what is wrong, without the file's name (the caller names it)
   */
  public static Map<String, Object> readObject(Path file) throws IOException {
    String text;
    try {
      text = InputFile.readText(file, Limits.JSON_FILE_BYTES, WHAT);
    } catch (NoSuchFileException e) {
      throw new Problem("does not exist");
    }
    return parseObject(text);
  }

  /**
   * The object a JSON text holds: one object and nothing after it but white space.
   *
   * @throws IOException whose message says what is wrong
   */
  public static Map<String, Object> parseObject(String text) throws IOException {
    JsonParser parser = FACTORY.createParser(text);
    try (parser) {
      JsonToken first = parser.nextToken();
      if (first == null || first == JsonToken.VALUE_NULL) {
        throw new Problem("is empty");
      }
      if (first != JsonToken.START_OBJECT) {
        throw notAnObject(parser);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> root = (Map<String, Object>) value(parser);
      requireEnd(parser);
      return root;
    } catch (IOException e) {
      throw new Problem(problem(e, parser));
    } catch (RuntimeException e) {
      throw new Problem("is not JSON: " + firstLine(e.getMessage()));
    }
  }

  /**
   * A parser over the file's JSON text, read as the parser goes: refused at once as {@link #readObject} refuses it
   * (missing, not a regular file, larger than the limit), and while read when it is not UTF-8 text or grows past the
   * limit. Read values with {@link #value}, end with {@link #requireEnd}, and say what went wrong with
   * {@link #problem}.
   *
   * @throws IOException whose message says what is wrong, without the file's name
   */
  public static JsonParser open(Path file) throws IOException {
    Reader text;
    try {
      text = InputFile.openText(file, Limits.JSON_FILE_BYTES, WHAT);
    } catch (NoSuchFileException e) {
      throw new Problem("does not exist");
    }
    try {
      return FACTORY.createParser(text);
    } catch (IOException | RuntimeException e) {
      text.close();
      throw e;
    }
  }

  /**
   * The value the parser's current token starts, read to its end (the parser then stands on its last token): a map
   * for an object, refusing a field named twice in one object.
   */
  public static Object value(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == null) {
      throw new Problem("is not JSON: it ends where a value should be");
    }
    return switch (token) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>(32); // a call site's fields without growing
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
          parser.nextToken();
          int before = map.size();
          map.put(name, value(parser));
          if (map.size() == before) {
            throw duplicate(parser, name);
          }
        }
        yield map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          list.add(value(parser));
        }
        yield list;
      }
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT -> parser.getNumberValue();
      case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new Problem("is not JSON at " + where(parser.currentTokenLocation()) + ": unexpected "
          + token);
    };
  }

  /** Refuses a field named twice in one object (the second would silently replace the first). */
  static IOException duplicate(JsonParser parser, String name) {
    return new Problem("has the field '" + name + "' twice in one object, at "
        + where(parser.currentTokenLocation()));
  }

  /** Refuses a document that is not an object. */
  static IOException notAnObject(JsonParser parser) {
    return new Problem("is not JSON at " + where(parser.currentTokenLocation()) + ": an object ('{') must come"
        + " first, not " + describe(parser.currentToken()));
  }

  /** Refuses anything after the document's object but white space; the parser stands on the object's end. */
  public static void requireEnd(JsonParser parser) throws IOException {
    if (parser.nextToken() != null) {
      throw new Problem("is not JSON at " + where(parser.currentTokenLocation())
          + ": more follows the end of its object");
    }
  }

  /**
   * What is wrong, in one line without the file's name, for an exception thrown while reading JSON text: the
   * parser's complaint with where it stands ({@code is not JSON at line 3, column 7: ...}), or the file's own
   * ({@code is not UTF-8 text}).
   *
   * @param parser the parser that read the text, for where it stands; null when there is none yet
   */
  public static String problem(IOException e, JsonParser parser) {
    if (e instanceof JsonProcessingException p) {
      JsonLocation at = p.getLocation();
      if (at == null && parser != null) { // a limit passed (nesting, length): where the parser stands
        at = parser.currentLocation();
      }
      return "is not JSON" + (at == null ? "" : " at " + where(at)) + ": " + firstLine(p.getOriginalMessage());
    }
    if (e instanceof Problem || e instanceof InputFile.Refusal) {
      return e.getMessage();
    }
    return "is not JSON: " + firstLine(e.getMessage());
  }

  /** What is wrong with a JSON text that the parser does not say: a second field of one name, a list for root. */
  static final class Problem extends IOException {
    private static final long serialVersionUID = 1L;

    Problem(String message) {
      super(message);
    }
  }

  private static String where(JsonLocation at) {
    return "line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "a list";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "true or false";
      default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
    };
  }

  private static final Pattern START_MARKER =
      Pattern.compile("\\s*\\(start marker at \\[Source:[^\\]]*?; line: (\\d+), column: (\\d+)\\]\\)");
  private static final Pattern SOURCE = Pattern.compile("\\s*\\[Source:[^\\]]*\\]");

  /** The parser's message for people: its first line, the parser's notes on where its input came from left out. */
  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    String line = (nl < 0 ? message : message.substring(0, nl)).trim();
    line = START_MARKER.matcher(line).replaceAll(" (opened at line $1, column $2)");
    return SOURCE.matcher(line).replaceAll("");
  }
}
