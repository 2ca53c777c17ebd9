package dev.sunset.core.rules;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.report.RecordedSites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Reads a user's rules file for the tools that stop on a bad one (the command line, the Maven plugin), where the
 * agent would start and print the same lines: any problem in the file, or with the file, is a
 * {@link RulesFileException}.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class RulesFile {
  private RulesFile() {}

  /**
   * Reads and checks {@code file} with the agent's reader (baselines included).
   *
   * @throws RulesFileException naming the file and each problem, one line each
   */
  public static RulesReader.Result read(Path file) throws RulesFileException {
    if (Files.isDirectory(file)) {
      throw new RulesFileException(List.of(file + ": is a folder, not a rules file"));
    }
    String text;
    try {
      text = RuleSource.read(file);
    } catch (IOException e) {
      throw new RulesFileException(List.of(file + ": " + e.getMessage()));
    }
    RulesReader.Result result = new RulesReader(RecordedSites::check).read(RuleSource.userFile(file), text);
    if (!result.problems().isEmpty()) {
      List<String> lines = new ArrayList<>();
      for (Problem p : result.problems()) {
        lines.add(p.describe());
      }
      throw new RulesFileException(lines);
    }
    return result;
  }
}
