package dev.sunset.benchmarks.overhead;

import dev.sunset.benchmarks.Artifacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Option;

/** The options every overhead command takes: which JDK runs the measured JVMs, which agent, where to work. */
public final class CommonOptions {
  @Option(names = "--java", paramLabel = "JDK_HOME",
      description = "The JDK the measured JVMs run on (default: the one running this command).")
  Path javaHome;

  @Option(names = "--agent", paramLabel = "JAR",
      description = "The Sunset agent jar (default: javaagent/target/sunset-agent.jar of the repository).")
  Path agent;

  @Option(names = "--work", paramLabel = "DIR",
      description = "Where applications are generated and results written (default: benchmarks/target/overhead).")
  Path work;

  /** The JDK to measure on. */
  public Jvm jvm() throws IOException, InterruptedException {
    return Jvm.of(javaHome);
  }

  /** The working folder, created. */
  public Path work() throws IOException {
    Path dir = (work != null ? work : Artifacts.overheadDir()).toAbsolutePath();
    Files.createDirectories(dir);
    return dir;
  }

  /**
   * A copy of the Sunset agent jar in the working folder, so that a rebuild of {@code javaagent/target} while
   * a benchmark runs cannot break it or mix two agent builds into one set of figures.
   */
  public Path sunsetAgentCopy() throws IOException {
    Path source = Artifacts.requireSunsetAgent(agent);
    Path copy = work().resolve("agents/sunset-agent.jar");
    Files.createDirectories(copy.getParent());
    Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
    return copy;
  }

  /** The source of {@link #sunsetAgentCopy()}, for the record. */
  public Path sunsetAgentSource() {
    return Artifacts.requireSunsetAgent(agent);
  }
}
