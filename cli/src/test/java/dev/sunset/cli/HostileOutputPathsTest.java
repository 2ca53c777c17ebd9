package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code -o} writes only to a regular file or a new path: a link is not followed, a FIFO, a device or a folder
 * is refused with one line (exit 2) and left as it was, and no temporary name can be guessed in advance.
 */
class HostileOutputPathsTest {
  @TempDir
  Path dir;

  private Path report() throws Exception {
    return Files.writeString(dir.resolve("in.json"), "{\"format\": \"sunset-report/1\", \"generatedAt\":"
        + " \"2026-11-20T10:00:00Z\", \"rules\": [], \"callSites\": []}");
  }

  private static void run(String... command) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      assumeTrue(false, command[0] + " is not available");
      return;
    }
    assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + " failed");
  }

  @Test
  void aFifoAsOutputIsRefusedInOneLineAndStaysAFifo() throws Exception {
    Path fifo = dir.resolve("merged.json");
    run("mkfifo", fifo.toString());

    CliRun r = CliRun.of("merge", "-o", fifo.toString(), report().toString());

    assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
    assertThat(r.errLines()).as("%s", r).containsExactly("sunset merge: " + fifo + ": is a FIFO (named pipe), not a "
        + "regular file: Sunset writes only to a regular file or a new path");
    assertThat(Files.isRegularFile(fifo)).isFalse();
    assertThat(Files.exists(fifo)).isTrue();
  }

  @Test
  void aDeviceAsOutputIsRefusedAndStaysADevice() throws Exception {
    Path device = dir.resolve("null");
    run("mknod", device.toString(), "c", "1", "3");

    CliRun r = CliRun.of("merge", "-o", device.toString(), report().toString());

    assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString().startsWith("sunset merge: " + device + ": is a device, not");
    assertThat(Files.isRegularFile(device)).isFalse();
    assertThat(Files.exists(device)).isTrue();
  }

  @Test
  void aLinkAsOutputIsNotFollowedAndWhatItNamesIsLeftAlone() throws Exception {
    Path victim = Files.writeString(dir.resolve("victim"), "keep");
    Path link = Files.createSymbolicLink(dir.resolve("merged.json"), victim);

    CliRun r = CliRun.of("merge", "-o", link.toString(), report().toString());

    assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString().startsWith("sunset merge: " + link + ": is a symbolic link");
    assertThat(victim).hasContent("keep");
    assertThat(Files.isSymbolicLink(link)).isTrue();
  }

  @Test
  void aLinkPlantedUnderTheOldTemporaryNameIsNeverFollowed() throws Exception {
    Path victim = Files.writeString(dir.resolve("victim"), "keep");
    Path out = dir.resolve("merged.json");
    Files.createSymbolicLink(dir.resolve(".merged.json." + ProcessHandle.current().pid() + ".tmp"), victim);

    CliRun r = CliRun.of("merge", "-o", out.toString(), report().toString());

    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(victim).hasContent("keep");
    assertThat(out).isRegularFile();
    assertThat(Files.isSymbolicLink(dir.resolve(".merged.json." + ProcessHandle.current().pid() + ".tmp"))).isTrue();
  }

  @Test
  void aFolderAsOutputIsRefusedInOneLine() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("out"));

    CliRun r = CliRun.of("merge", "-o", folder.toString(), report().toString());

    assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString().startsWith("sunset merge: " + folder + ": is a folder");
    assertThat(Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)).isTrue();
  }
}
