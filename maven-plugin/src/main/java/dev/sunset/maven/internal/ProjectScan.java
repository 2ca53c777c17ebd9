package dev.sunset.maven.internal;

import dev.sunset.core.rules.Problem;
import dev.sunset.core.rules.RulesFile;
import dev.sunset.core.rules.RulesFileException;
import dev.sunset.core.rules.RulesReader;
import dev.sunset.core.scan.ArtifactException;
import dev.sunset.core.scan.ArtifactScanner;
import dev.sunset.core.scan.ScanResult;
import dev.sunset.core.scan.SkippedClass;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;

/**
 * Scans a Maven project the way the plugin's goals do: its own classes and the jars of its compile and runtime
 * dependencies, as one class path, under the rules file plus the rules those jars ship. Bad configuration is a
 * {@link MojoExecutionException} with one line that names the file and what is wrong.
 */
public final class ProjectScan {
  private static final Set<String> SCOPES = Set.of(Artifact.SCOPE_COMPILE, Artifact.SCOPE_RUNTIME,
      Artifact.SCOPE_SYSTEM);

  private ProjectScan() {}

  /**
   * What a scan of {@code project} reads: its output directory when it holds classes, then the files of its
   * compile, runtime and system dependencies that go on the class path, in a stable order.
   */
  public static List<Path> paths(MavenProject project) {
    List<Path> paths = new ArrayList<>();
    Path classes = Path.of(project.getBuild().getOutputDirectory());
    if (holdsClasses(classes)) {
      paths.add(classes);
    }
    List<Artifact> artifacts = new ArrayList<>(project.getArtifacts());
    artifacts.sort(Comparator.comparing(Artifact::getId));
    for (Artifact artifact : artifacts) {
      File file = artifact.getFile();
      if (file == null || !SCOPES.contains(artifact.getScope())
          || !artifact.getArtifactHandler().isAddedToClasspath()) {
        continue;
      }
      Path path = file.toPath();
      if (Files.isRegularFile(path) || holdsClasses(path)) {
        paths.add(path);
      }
    }
    return paths;
  }

  /**
   * Scans {@code paths} under {@code rulesFile} (may be null: the shipped rules only), logging the problems the
   * scan met (shipped rules that do not read or resolve, class files the JVM would refuse) as warnings.
   *
   * @param what the parameter that names the rules file, for messages
   * @throws MojoExecutionException for a bad rules file or artifact, or when there is no rule at all
   */
  public static ScanResult scan(File rulesFile, String what, List<Path> paths, Log log) throws MojoExecutionException {
    RulesReader.Result rules = null;
    if (rulesFile != null) {
      try {
        rules = RulesFile.read(rulesFile.toPath());
      } catch (RulesFileException e) {
        throw oneLine(e.lines(), log);
      }
    }
    ScanResult result;
    try {
      result = ArtifactScanner.builder().userRules(rules).build().scan(paths);
    } catch (ArtifactException e) {
      throw new MojoExecutionException(e.getMessage());
    }
    if (result.rules().isEmpty()) {
      throw new MojoExecutionException((rulesFile == null ? "no rules file (" + what + ")" : rulesFile + ": has no rules")
          + ", and no dependency ships META-INF/sunset/rules.yaml: there is nothing to look for");
    }
    for (Problem p : result.problems()) {
      log.warn(p.describe());
    }
    for (SkippedClass s : result.skipped()) {
      log.warn(s.describe());
    }
    return result;
  }

  /** The failure for {@code lines}: the one line itself, or, for several, each logged and a line counting them. */
  static MojoExecutionException oneLine(List<String> lines, Log log) {
    if (lines.size() == 1) {
      return new MojoExecutionException(lines.get(0));
    }
    for (String line : lines) {
      log.error(line);
    }
    return new MojoExecutionException(lines.size() + " problems in the rules file (each on a line above)");
  }

  private static boolean holdsClasses(Path folder) {
    if (!Files.isDirectory(folder)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files.anyMatch(f -> f.toString().endsWith(".class"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
