package dev.sunset.cli.internal.io;

import dev.sunset.cli.internal.BadInput;
import dev.sunset.core.rules.RulesFile;
import dev.sunset.core.rules.RulesFileException;
import dev.sunset.core.rules.RulesReader;
import java.nio.file.Path;

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
    try {
      return RulesFile.read(file);
    } catch (RulesFileException e) {
      throw new BadInput(e.getMessage());
    }
  }
}
