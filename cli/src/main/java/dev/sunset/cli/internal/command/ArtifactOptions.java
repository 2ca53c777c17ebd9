package dev.sunset.cli.internal.command;

import dev.sunset.cli.internal.io.Rules;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options of the commands that scan artifacts: the rules file, the artifacts, the jars and folders to resolve
 * rules against ({@code --class-path}), progress.
 */
public final class ArtifactOptions {
  @Option(names = "--rules", paramLabel = "FILE",
      description = "Rules file (YAML), in addition to the rules the artifacts ship in META-INF/sunset/rules.yaml; "
          + "a rule here replaces a shipped rule with the same id.")
  Path rules;

  @Mixin
  ClassPathOption classPath;

  @Option(names = "--progress", negatable = true,
      description = "Show progress on standard error (default: when run in a terminal).")
  Boolean progress;

  @Parameters(paramLabel = "PATH", arity = "1..*",
      description = "Jars, class folders, Spring Boot jars, WARs, or folders holding them.")
  List<Path> paths;
}
