package dev.sunset.core.rules;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.io.InputFile;
import dev.sunset.core.io.Limits;
import java.io.IOException;
import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * Where a rules file came from: the name it is reported under, the folder relative paths in it (baselines)
 * start from, and whether it is the user's own file or one shipped inside a jar.
 *
 * @param label a path or a resource URL, as messages name it
 * @param baseDirectory the folder relative baseline paths are resolved against
 * @param kind the user's rules file or a shipped {@value #SHIPPED_RULES}
 */
@API(status = INTERNAL, since = "0.1.0")
public record RuleSource(String label, Path baseDirectory, Kind kind) {
  /** Where jars ship their rules. */
  public static final String SHIPPED_RULES = "META-INF/sunset/rules.yaml";

  /** Who wrote a rules file. */
  public enum Kind {
    /** The file given with {@code rules=} (or {@code --rules}): it overrides shipped rules with the same id. */
    USER,
    /** A {@value RuleSource#SHIPPED_RULES} resource inside a jar. */
    SHIPPED
  }

  /** The source of a user's rules file. */
  public static RuleSource userFile(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    return new RuleSource(file.toString(), absolute.getParent(), Kind.USER);
  }

  /** The source of a rules resource shipped in a jar, found at {@code url}. */
  public static RuleSource shipped(String url) {
    return new RuleSource(url, Path.of("").toAbsolutePath(), Kind.SHIPPED);
  }

  /**
   * Reads a user's rules file as UTF-8: only a regular file (a FIFO would block the reader), of at most
   * {@link Limits#RULES_FILE_BYTES}.
   *
   * @throws IOException whose message says what is wrong, without the path ({@link InputFile})
   */
  public static String read(Path file) throws IOException {
    return InputFile.readText(file.toAbsolutePath().normalize(), Limits.RULES_FILE_BYTES, "a rules file");
  }

  /** Whether this is the user's own rules file. */
  public boolean isUserFile() {
    return kind == Kind.USER;
  }
}
