package dev.sunset.cli.internal.command;

import dev.sunset.cli.internal.BadInput;
import dev.sunset.cli.internal.sarif.SourceRoots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --source-root}: the folders the sources of the scanned classes are under, so that SARIF places each call
 * site in the repository's own file.
 */
public final class SarifOptions {
  @Option(names = "--source-root", paramLabel = "DIR",
      description = "With --format sarif: a folder of sources (src/main/java), repeatable; a call site's file "
          + "(com/acme/Main.java, from its class's package and source file) is placed in the first one that holds "
          + "it, as a path from the working folder (the repository in CI). Without it the path is the package's.")
  List<Path> sourceRoots = new ArrayList<>();

  /**
   * The source roots, for a command writing SARIF ({@code sarif}); none otherwise.
   *
   * @throws BadInput when a root is not a folder, or roots are given without SARIF
   */
  SourceRoots roots(boolean sarif) throws BadInput {
    if (!sarif) {
      if (!sourceRoots.isEmpty()) {
        throw new BadInput("--source-root " + sourceRoots.get(0) + ": applies to --format sarif, which is not given");
      }
      return SourceRoots.none();
    }
    for (Path root : sourceRoots) {
      if (!Files.isDirectory(root)) {
        throw new BadInput("--source-root " + root + ": " + (Files.exists(root) ? "is not a folder" : "does not exist"));
      }
    }
    return sourceRoots.isEmpty() ? SourceRoots.none() : SourceRoots.of(sourceRoots, Path.of(""));
  }
}
