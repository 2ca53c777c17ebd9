package dev.sunset.maven;

import dev.sunset.core.io.OutputFile;
import dev.sunset.core.scan.ScanJson;
import dev.sunset.core.scan.ScanResult;
import dev.sunset.core.text.Printable;
import dev.sunset.maven.internal.ProjectScan;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code sunset:scan}: writes the inventory of legacy call sites in the project's classes and its compile and runtime
 * dependencies ({@code sunset-scan/1}, what {@code sunset scan --format json} writes); the file is also a baseline
 * for {@code sunset:check}. A rule that resolves nowhere is a warning naming it: the inventory has none of its sites.
 */
@Mojo(name = "scan", defaultPhase = LifecyclePhase.VERIFY, requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME,
    threadSafe = true)
public final class ScanMojo extends SunsetMojo {
  /** Where the inventory is written. */
  @Parameter(property = "sunset.scan.output", defaultValue = "${project.build.directory}/sunset-scan.json")
  private File output;

  @Override
  protected void run() throws MojoExecutionException {
    ScanResult result = scan();
    for (String line : ProjectScan.unresolved(result, "")) {
      getLog().warn(Printable.line(line));
    }
    Path file = output.toPath();
    try {
      OutputFile.write(file, ScanJson.toJson(result) + "\n");
    } catch (OutputFile.Refused e) {
      throw new MojoExecutionException(output + ": " + e.getMessage());
    } catch (IOException e) {
      throw new MojoExecutionException(output + ": cannot be written (" + e.getMessage() + ")");
    }
    getLog().info(Printable.line(String.format(Locale.ROOT,
        "%,d call sites of %,d rules in %,d classes of %,d jars and folders: %s", result.sites().size(), result.rules().size(), result.stats().classes(), result.stats().archives(), output)));
  }
}
