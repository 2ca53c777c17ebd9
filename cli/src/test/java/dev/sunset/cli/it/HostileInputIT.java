package dev.sunset.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sunset.cli.CliRun;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar sunset-cli.jar} given hostile input, as users run it: the exit contract holds, nothing hangs. */
class HostileInputIT {
  @TempDir
  Path dir;

  /** A valid report of {@code sites} call sites (some 300 bytes each). */
  private Path report(String name, int sites) throws Exception {
    Path file = dir.resolve(name);
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      w.write("{\"format\": \"sunset-report/1\", \"generatedAt\": \"2026-11-20T10:00:00Z\", \"rules\": [], "
          + "\"callSites\": [");
      for (int i = 0; i < sites; i++) {
        w.write((i == 0 ? "" : ",") + "{\"rule\": \"r\", \"class\": \"com.acme.generated.Caller" + i + "\", \"method\": "
            + "\"run" + i + "\", \"descriptor\": \"()V\", \"file\": \"Caller" + i + ".java\", \"line\": " + (i % 5000)
            + ", \"codeSource\": \"file:/opt/app/lib/generated-" + (i % 100) + ".jar\", \"count\": " + i
            + ", \"stage\": \"observe\", \"countsByStage\": {\"observe\": " + i + "}}\n");
      }
      w.write("]}\n");
    }
    return file;
  }

  @Test
  void runningOutOfMemoryIsOneLineAndExitThreeNotAStackTraceAndExitOne() throws Exception {
    Path big = report("big.json", 60_000);

    CliRun run = CliJar.runWith(List.of("-Xmx24m", "-XX:TieredStopAtLevel=1"), "merge", "-o",
        dir.resolve("merged.json").toString(), big.toString());

    assertThat(run.exitCode()).as("%s", run).isEqualTo(3);
    assertThat(run.errLines()).as("%s", run).singleElement().asString()
        .startsWith("sunset merge: failed (a bug in Sunset): java.lang.OutOfMemoryError");
  }

  @Test
  void aFifoGivenAsAReportOrRulesFileIsRefusedAtOnceInsteadOfWaitingForAWriter() throws Exception {
    Path fifo = dir.resolve("report.json");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");

    CliRun merge = CliJar.run("merge", "-o", dir.resolve("merged.json").toString(), fifo.toString());
    CliRun scan = CliJar.run("scan", "--rules", fifo.toString(), CliJar.jar().toString());

    assertThat(merge.exitCode()).as("%s", merge).isEqualTo(2);
    assertThat(merge.errLines()).containsExactly("sunset merge: " + fifo + ": is a FIFO (named pipe), not a regular "
        + "file");
    assertThat(scan.exitCode()).as("%s", scan).isEqualTo(2);
    assertThat(scan.errLines()).containsExactly("sunset scan: " + fifo + ": is a FIFO (named pipe), not a regular "
        + "file");
  }
}
