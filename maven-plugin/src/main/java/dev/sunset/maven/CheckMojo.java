package dev.sunset.maven;

import dev.sunset.core.report.RecordedSites;
import dev.sunset.core.report.SiteMatch;
import dev.sunset.core.scan.NewCallSites;
import dev.sunset.core.scan.ScanResult;
import dev.sunset.core.text.Printable;
import dev.sunset.maven.internal.ProjectScan;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code sunset:check}: the CI gate. Scans the project's classes and its compile and runtime dependencies and fails
 * the build when a call site is not in the committed baseline, listing each as
 * {@code File.java:42 com.acme.Checkout.run rule-id}, as {@code sunset check} does.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME,
    threadSafe = true)
public final class CheckMojo extends SunsetMojo {
  /**
   * The tolerated call sites: a scan ({@code sunset:scan}, {@code sunset scan --format json}) or a Sunset report
   * ({@code sunset-report/1}, or several merged with {@code sunset merge}), committed with the project.
   */
  @Parameter(property = "sunset.baseline", defaultValue = "${project.basedir}/sunset-baseline.json")
  private File baseline;

  /**
   * How sites are matched against the baseline: {@code line} (rule, class, method and line) or {@code method}
   * (rule, class and method: a site that moved within its method still matches).
   */
  @Parameter(property = "sunset.match", defaultValue = "line")
  private String match;

  /**
   * Checks even when a rule resolves nowhere in the project's classes and dependencies (no jar holds its legacy
   * class, or the one that does refuses the rule). Such a rule has no call site to compare, so its new callers pass
   * unseen: by default the build fails naming each.
   */
  @Parameter(property = "sunset.allowUnresolved", defaultValue = "false")
  private boolean allowUnresolved;

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    SiteMatch matching = matching();
    RecordedSites recorded = readBaseline();
    ScanResult result = scan();
    if (allowUnresolved) {
      for (String line : ProjectScan.unresolved(result, "")) {
        getLog().warn(Printable.line(line));
      }
    } else if (!result.unresolvedRules().isEmpty()) {
      // a rule with no site can let any new caller through: the gate would pass without having looked
      throw ProjectScan.oneLine(ProjectScan.unresolved(result, "; or set allowUnresolved (sunset.allowUnresolved) "
          + "to check the other rules anyway"), "problems with rules that resolve nowhere", getLog());
    }
    NewCallSites found = NewCallSites.of(result, recorded, matching);
    List<String> lines = found.lines();
    if (lines.isEmpty()) {
      getLog().info(Printable.line(String.format(Locale.ROOT, "no new call sites: all %,d are in %s", found.scanned(),
          baseline)));
      return;
    }
    for (String line : lines) {
      getLog().error(Printable.line(line));
    }
    throw new MojoFailureException(String.format(Locale.ROOT, "%,d new call site%s not in %s (listed above): call "
        + "the replacements instead, or, for a site that is to stay, add it to the baseline", lines.size(),
        lines.size() == 1 ? "" : "s", baseline));
  }

  private SiteMatch matching() throws MojoExecutionException {
    for (SiteMatch m : SiteMatch.values()) {
      if (m.name().equalsIgnoreCase(match.strip())) {
        return m;
      }
    }
    throw new MojoExecutionException("<match> (sunset.match) '" + match + "' is not line or method");
  }

  private RecordedSites readBaseline() throws MojoExecutionException {
    if (Files.isDirectory(baseline.toPath())) {
      throw new MojoExecutionException(baseline + ": is a folder, not a scan or a report");
    }
    if (!Files.exists(baseline.toPath())) {
      throw new MojoExecutionException(baseline + ": does not exist; write one with sunset:scan (target/sunset-scan.json) "
          + "and commit it, or point <baseline> (sunset.baseline) at a Sunset report");
    }
    try {
      return RecordedSites.read(baseline.toPath());
    } catch (IOException e) {
      throw new MojoExecutionException(baseline + ": " + e.getMessage());
    }
  }
}
