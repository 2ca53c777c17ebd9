package dev.sunset.benchmarks.overhead;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The overhead benchmarks of issue 10 that need whole JVMs rather than JMH: start-up time, retained memory
 * per call site, telemetry collection, and where the agent's start-up time goes (on Hello, and on a real Spring Boot
 * application); and issue 20's fleet scale, the
 * command line reading thousands of agent reports, and the command line's own start-up. Each is one command:
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar dev.sunset.benchmarks.overhead.Overhead startup
 *   java -cp benchmarks/target/benchmarks.jar dev.sunset.benchmarks.overhead.Overhead memory
 *   java -cp benchmarks/target/benchmarks.jar dev.sunset.benchmarks.overhead.Overhead telemetry
 *   java -cp benchmarks/target/benchmarks.jar dev.sunset.benchmarks.overhead.Overhead breakdown
 *   java -cp benchmarks/target/benchmarks.jar dev.sunset.benchmarks.overhead.Overhead boot-profile
 *   java -cp benchmarks/target/benchmarks.jar dev.sunset.benchmarks.overhead.Overhead fleet
 *   java -cp benchmarks/target/benchmarks.jar dev.sunset.benchmarks.overhead.Overhead cli
 * </pre>
 */
@Command(name = "overhead", mixinStandardHelpOptions = true,
    description = "Measures what the Sunset agent costs: start-up, memory per call site, telemetry collection; and "
        + "what reading a fleet's reports costs the command line.",
    subcommands = {StartupCommand.class, MemoryCommand.class, TelemetryCommand.class, BreakdownCommand.class,
        BootProfileCommand.class, FleetCommand.class, CliCommand.class})
public final class Overhead {
  Overhead() {}

  /** Runs one overhead command. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new Overhead()).execute(args));
  }
}
