package dev.sunset.junit;

import dev.sunset.core.report.RecordedSites;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Baselines read once per file and JVM, as {@code sunset check} reads them ({@link RecordedSites}). */
final class Baseline {
  private static final Map<Path, Object> READ = new ConcurrentHashMap<>();

  private Baseline() {}

  /**
   * The baseline in {@code file}.
   *
   * @throws IOException naming the file and what is wrong, in one line (the same every time it is asked)
   */
  static RecordedSites read(Path file) throws IOException {
    Object read = READ.computeIfAbsent(file.toAbsolutePath().normalize(), f -> {
      try {
        return RecordedSites.read(f);
      } catch (IOException e) {
        return Settings.BASELINE + " " + file + ": " + e.getMessage();
      }
    });
    if (read instanceof String problem) {
      throw new IOException(problem);
    }
    return (RecordedSites) read;
  }
}
