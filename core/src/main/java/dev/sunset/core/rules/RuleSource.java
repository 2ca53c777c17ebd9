package dev.sunset.core.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a rules file came from: the name it is reported under, the folder relative paths in it (baselines)
 * start from, and whether it is the user's own file or one shipped inside a jar.
 *
 * @param label a path or a resource URL, as messages name it
 * @param baseDirectory the folder relative baseline paths are resolved against
 * @param kind the user's rules file or a shipped {@value #SHIPPED_RULES}
 */
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

  /** Reads a user's rules file as UTF-8. */
  public static String read(Path file) throws IOException {
    return Files.readString(file.toAbsolutePath().normalize(), StandardCharsets.UTF_8);
  }

  /** Whether this is the user's own rules file. */
  public boolean isUserFile() {
    return kind == Kind.USER;
  }
}
