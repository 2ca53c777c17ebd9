package dev.sunset.maven.internal;

import dev.sunset.core.rules.Problem;
import dev.sunset.core.rules.RulesFile;
import dev.sunset.core.rules.RulesFileException;
import dev.sunset.core.rules.RulesReader;
import dev.sunset.core.scan.ArtifactException;
import dev.sunset.core.scan.ArtifactScanner;
import dev.sunset.core.scan.ScanResult;
import dev.sunset.core.scan.ScannedRule;
import dev.sunset.core.scan.SkippedClass;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;

/**
 * Scans a Maven project the way the plugin's goals do: its own classes and the jars of its compile and runtime
 * dependencies, as one class path, under the rules file plus the rules those jars ship; rules also resolve against
 * its {@code provided} dependencies (there at run time, in the container), which are not scanned. Bad configuration
 * is a {@link MojoExecutionException} with one line that names the file and what is wrong.
 */
public final class ProjectScan {
  private static final Set<String> SCOPES = Set.of(Artifact.SCOPE_COMPILE, Artifact.SCOPE_RUNTIME,
      Artifact.SCOPE_SYSTEM);
  private static final Set<String> RESOLUTION_ONLY_SCOPES = Set.of(Artifact.SCOPE_PROVIDED);
  /** What to do about a rule whose legacy class nothing in the build holds. */
  static final String ADD_THE_LIBRARY = "add the library that holds it as a dependency of the project (provided is "
      + "enough)";
  /** What to do about a rule that the classes holding its legacy class refuse. */
  static final String FIX_THE_RULE = "correct the rule to fit the class, or depend on the library version it was "
      + "written for";

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
    paths.addAll(dependencies(project, SCOPES));
    return paths;
  }

  /**
   * What a scan of {@code project} resolves rules against without scanning it: the files of its {@code provided}
   * dependencies that go on the class path, in a stable order.
   */
  public static List<Path> resolutionPaths(MavenProject project) {
    return dependencies(project, RESOLUTION_ONLY_SCOPES);
  }

  private static List<Path> dependencies(MavenProject project, Set<String> scopes) {
    List<Path> paths = new ArrayList<>();
    List<Artifact> artifacts = new ArrayList<>(project.getArtifacts());
    artifacts.sort(Comparator.comparing(Artifact::getId));
    for (Artifact artifact : artifacts) {
      File file = artifact.getFile();
      if (file == null || !scopes.contains(artifact.getScope())
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
   * Scans {@code paths} under {@code rulesFile} (may be null: the shipped rules only), resolving rules also against
   * {@code resolutionPaths}, and logs the problems the scan met (shipped rules that do not read or resolve, class
   * files the JVM would refuse) as warnings; a rule that resolved nowhere is left to the goal ({@link #unresolved}).
   *
   * @param what the parameter that names the rules file, for messages
   * @throws MojoExecutionException for a bad rules file or artifact, or when there is no rule at all
   */
  public static ScanResult scan(File rulesFile, String what, List<Path> paths, List<Path> resolutionPaths, Log log)
      throws MojoExecutionException {
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
      result = ArtifactScanner.builder().userRules(rules).classPath(resolutionPaths).build().scan(paths);
    } catch (ArtifactException e) {
      throw new MojoExecutionException(e.getMessage());
    }
    if (result.rules().isEmpty()) {
      throw new MojoExecutionException((rulesFile == null ? "no rules file (" + what + ")" : rulesFile + ": has no rules")
          + ", and no dependency ships META-INF/sunset/rules.yaml: there is nothing to look for");
    }
    Set<String> unresolved = new HashSet<>();
    for (ScannedRule r : result.unresolvedRules()) {
      unresolved.add(r.spec().id());
    }
    for (Problem p : result.problems()) {
      if (p.kind() != Problem.Kind.RESOLUTION || !unresolved.contains(p.ruleId())) {
        log.warn(p.describe()); // a rule refused in every scope is one line of its own (unresolved)
      }
    }
    for (SkippedClass s : result.skipped()) {
      log.warn(s.describe());
    }
    return result;
  }

  /**
   * One line per rule that resolved nowhere in the project's classes and dependencies, naming it, its legacy member,
   * where it is written, why and what to do; then, when some legacy class is nowhere, each jar that a dependency's
   * manifest names in its Class-Path but that is not there. Such a rule has no call site in the scan whatever the
   * code calls, so the gate cannot see its new callers.
   *
   * @param orElse added to what to do, such as the parameter that goes on anyway; may be empty
   */
  public static List<String> unresolved(ScanResult result, String orElse) {
    return result.unresolvedLines(ADD_THE_LIBRARY, FIX_THE_RULE, orElse);
  }

  /** The failure for {@code lines}: the one line itself, or, for several, each logged and a line counting them. */
  static MojoExecutionException oneLine(List<String> lines, Log log) {
    return oneLine(lines, "problems in the rules file", log);
  }

  /**
   * The failure for {@code lines}: the one line itself, or, for several, each logged as an error and a line counting
   * them ({@code 3 <what> (each on a line above)}).
   */
  public static MojoExecutionException oneLine(List<String> lines, String what, Log log) {
    if (lines.size() == 1) {
      return new MojoExecutionException(lines.get(0));
    }
    for (String line : lines) {
      log.error(line);
    }
    return new MojoExecutionException(lines.size() + " " + what + " (each on a line above)");
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
