package dev.sunset.benchmarks.overhead;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What every overhead command does with its report: says how busy the machine was, prints it, and keeps it. */
final class Results {
  private Results() {}

  /**
   * Adds the machine's load after the runs to {@code report}, prints it, and writes it to {@code results-jdkN.txt} in
   * {@code work} ({@code N}: the feature release of {@code jvm}).
   */
  static void publish(List<String> report, Path work, Jvm jvm) throws IOException {
    report.add(MachineLoad.describe("after the runs"));
    report.forEach(System.out::println);
    Files.write(work.resolve("results-jdk" + jvm.feature() + ".txt"), report, StandardCharsets.UTF_8);
  }
}
