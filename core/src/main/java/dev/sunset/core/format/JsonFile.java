package dev.sunset.core.format;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.core.io.InputFile;
import dev.sunset.core.io.Limits;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Reads a JSON file that holds one object (a report, a scan, a verdict), saying in one line what is wrong when
 * it cannot: {@code does not exist}, {@code is not UTF-8 text}, {@code is not JSON at line 3, column 7: ...},
 * {@code is a FIFO (named pipe), not a regular file}, {@code is 80 MiB, more than the 64 MiB Sunset reads of a
 * report, scan or verdict} ({@link Limits#JSON_FILE_BYTES}). Anything after the object but white space is refused.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class JsonFile {
  private JsonFile() {}

  /**
   * The file's object.
   *
   * @throws IOException whose message says what is wrong, without the file's name (the caller names it)
   */
  public static Map<String, Object> readObject(Path file) throws IOException {
    String text;
    try {
      text = InputFile.readText(file, Limits.JSON_FILE_BYTES, "a report, scan or verdict");
    } catch (NoSuchFileException e) {
      throw new IOException("does not exist");
    }
    return parseObject(text);
  }

  /**
   * The object a JSON text holds: one object and nothing after it but white space.
   *
   * @throws IOException whose message says what is wrong
   */
  public static Map<String, Object> parseObject(String text) throws IOException {
    Map<String, Object> root;
    try (JsonParser parser = JSON.std.getStreamingFactory().createParser(text)) {
      root = JSON.std.mapFrom(parser);
      if (root != null && parser.nextToken() != null) {
        JsonLocation at = parser.currentTokenLocation();
        throw new IOException("is not JSON at line " + at.getLineNr() + ", column " + at.getColumnNr()
            + ": more follows the end of its object");
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new IOException("is not JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column "
          + at.getColumnNr()) + ": " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw e.getMessage() != null && e.getMessage().startsWith("is not JSON") ? e
          : new IOException("is not JSON: " + firstLine(e.getMessage()));
    } catch (RuntimeException e) {
      throw new IOException("is not JSON: " + firstLine(e.getMessage()));
    }
    if (root == null) {
      throw new IOException("is empty");
    }
    return root;
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
