package dev.sunset.agent.internal.rules;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/** The text of one rules file, with the name it is reported under and the folder relative paths start from. */
public final class RuleSource {
  /** Where jars ship their rules. */
  public static final String SHIPPED_RULES = "META-INF/sunset/rules.yaml";

  private final String label;
  private final String text;
  private final Path baseDirectory;
  private final boolean userFile;

  /** A source read already. */
  public RuleSource(String label, String text, Path baseDirectory, boolean userFile) {
    this.label = label;
    this.text = text;
    this.baseDirectory = baseDirectory;
    this.userFile = userFile;
  }

  /** Reads a rules file given by the user. */
  public static RuleSource ofFile(Path file) throws IOException {
    Path absolute = file.toAbsolutePath().normalize();
    return new RuleSource(file.toString(), Files.readString(absolute, StandardCharsets.UTF_8),
        absolute.getParent(), true);
  }

  /** Reads every {@value #SHIPPED_RULES} visible to the loader; unreadable ones are reported and skipped. */
  public static List<RuleSource> shipped(ClassLoader loader, List<String> problems) {
    List<RuleSource> sources = new ArrayList<>();
    try {
      Enumeration<URL> urls = loader.getResources(SHIPPED_RULES);
      while (urls.hasMoreElements()) {
        URL url = urls.nextElement();
        try (InputStream in = url.openStream()) {
          sources.add(new RuleSource(url.toString(), new String(in.readAllBytes(), StandardCharsets.UTF_8),
              Path.of("").toAbsolutePath(), false));
        } catch (IOException e) {
          problems.add(url + ": cannot be read: " + e.getMessage());
        }
      }
    } catch (IOException e) {
      problems.add(SHIPPED_RULES + ": cannot list the shipped rules: " + e.getMessage());
    }
    return sources;
  }

  /** The name used in messages: a path or a URL. */
  public String label() {
    return label;
  }

  /** The YAML text. */
  public String text() {
    return text;
  }

  /** The folder that relative paths in the file (baselines) are resolved against. */
  public Path baseDirectory() {
    return baseDirectory;
  }

  /** Whether this is the user's rules file rather than one shipped in a jar. */
  public boolean userFile() {
    return userFile;
  }
}
