package dev.sunset.cli.internal;

import dev.sunset.core.report.RecordedSites;
import dev.sunset.core.rules.Problem;
import dev.sunset.core.rules.RuleSource;
import dev.sunset.core.rules.RulesReader;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The user's {@code --rules} file, read with the agent's reader; any problem in it is bad input. */
public final class Rules {
  private Rules() {}

  /**
   * Reads {@code file}, or returns null when it is null (the shipped rules only).
   *
   * @throws BadInput naming the file and each problem, one line each
   */
  public static RulesReader.Result read(Path file) throws BadInput {
    if (file == null) {
      return null;
    }
    if (!Files.exists(file)) {
      throw new BadInput(file + ": does not exist");
    }
    if (Files.isDirectory(file)) {
      throw new BadInput(file + ": is a folder, not a rules file");
    }
    String text;
    try {
      text = RuleSource.read(file);
    } catch (MalformedInputException e) {
      throw new BadInput(file + ": is not UTF-8 text");
    } catch (IOException e) {
      throw new BadInput(file + ": cannot be read (" + e.getMessage() + ")");
    }
    RulesReader.Result result = new RulesReader(RecordedSites::check).read(RuleSource.userFile(file), text);
    if (!result.problems().isEmpty()) {
      List<String> lines = new ArrayList<>();
      for (Problem p : result.problems()) {
        lines.add(p.describe());
      }
      throw new BadInput(String.join("\n", lines));
    }
    return result;
  }
}
