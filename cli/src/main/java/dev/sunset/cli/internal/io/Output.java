package dev.sunset.cli.internal.io;

import dev.sunset.cli.internal.BadInput;
import dev.sunset.core.io.OutputFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Writes a command's result to {@code -o FILE} (atomically, only to a regular file or a new path: {@link OutputFile})
 * or to standard output.
 */
public final class Output {
  private Output() {}

  public static void write(Path file, String text, PrintWriter out) throws BadInput {
    if (file == null) {
      out.print(text);
      out.flush();
      return;
    }
    try {
      OutputFile.write(file, text);
    } catch (OutputFile.Refused e) {
      throw new BadInput(file + ": " + e.getMessage());
    } catch (IOException e) {
      throw new BadInput(file + ": cannot be written (" + e.getMessage() + ")");
    }
  }
}
