package dev.sunset.cli.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a command's result to {@code -o FILE} (atomically) or to standard output. */
final class Output {
  private Output() {}

  static void write(Path file, String text, PrintWriter out) throws BadInput {
    if (file == null) {
      out.print(text);
      out.flush();
      return;
    }
    Path target = file.toAbsolutePath();
    try {
      if (target.getParent() != null) {
        Files.createDirectories(target.getParent());
      }
      Path temp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new BadInput(file + ": cannot be written (" + e.getMessage() + ")");
    }
  }
}
