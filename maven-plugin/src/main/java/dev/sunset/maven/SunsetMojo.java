package dev.sunset.maven;

import dev.sunset.core.scan.ScanResult;
import dev.sunset.maven.internal.ProjectScan;
import java.io.File;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What the Sunset goals share: the project, the rules file and the skip flag, and the scan of the project's classes
 * and its compile and runtime dependencies (its provided ones resolve rules but are not scanned).
 */
public abstract class SunsetMojo extends AbstractMojo {
  /** The project whose classes and dependencies are scanned. */
  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  protected MavenProject project;

  /**
   * The rules file (YAML, as the agent reads it), in addition to the rules the dependencies ship in
   * {@code META-INF/sunset/rules.yaml}; a rule here replaces a shipped rule with the same id. Optional when a
   * dependency ships rules.
   */
  @Parameter(property = "sunset.rules")
  protected File rules;

  /** Skips the goal. */
  @Parameter(property = "sunset.skip", defaultValue = "false")
  protected boolean skip;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("skipped (sunset.skip)");
      return;
    }
    run();
  }

  /** Runs the goal. */
  protected abstract void run() throws MojoExecutionException, MojoFailureException;

  /**
   * Scans the project's classes and dependencies under the rules, resolving them also against its {@code provided}
   * dependencies.
   */
  protected ScanResult scan() throws MojoExecutionException {
    return ProjectScan.scan(rules, "<rules>, sunset.rules", ProjectScan.paths(project),
        ProjectScan.resolutionPaths(project), getLog());
  }
}
