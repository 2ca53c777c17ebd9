package dev.sunset.cli.internal.command;

import dev.sunset.cli.internal.BadInput;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code --class-path} option of the commands that scan artifacts: jars and folders that rules resolve against
 * but that are not scanned for call sites, such as the legacy library beside a thin application jar.
 */
public final class ClassPathOption {
  @Option(names = "--class-path", paramLabel = "PATHS",
      description = "Jars and class folders to resolve rules against, never scanned for call sites: the libraries the "
          + "artifacts run with, such as the legacy library beside a thin jar. Separated by the platform's path "
          + "separator (':' or ';'), or the option repeated. A scanned jar's manifest Class-Path is followed too.")
  List<String> entries = new ArrayList<>();

  /**
   * The entries as paths, in order.
   *
   * @throws BadInput naming the option and the first entry that is not there
   */
  public List<Path> paths() throws BadInput {
    List<Path> paths = new ArrayList<>();
    for (String entry : entries) {
      for (String part : entry.split(File.pathSeparator, -1)) {
        if (part.isBlank()) {
          continue;
        }
        Path path = Path.of(part);
        if (!Files.exists(path)) {
          throw new BadInput("--class-path " + part + ": does not exist");
        }
        paths.add(path);
      }
    }
    return paths;
  }
}
