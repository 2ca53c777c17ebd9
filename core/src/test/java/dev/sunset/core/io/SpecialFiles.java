package dev.sunset.core.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** FIFOs and device nodes made for tests with the system's own commands. */
public final class SpecialFiles {
  private SpecialFiles() {}

  /** A new FIFO at {@code path} ({@code mkfifo}); the test is skipped where there is none. */
  public static Path fifo(Path path) throws IOException, InterruptedException {
    run("mkfifo", path.toString());
    return path;
  }

  /** A new character device at {@code path} like {@code /dev/null} ({@code mknod}, as root); skipped otherwise. */
  public static Path nullDevice(Path path) throws IOException, InterruptedException {
    run("mknod", path.toString(), "c", "1", "3");
    return path;
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, command[0] + " is not available here");
      return;
    }
    boolean done = p.waitFor(10, TimeUnit.SECONDS);
    assumeTrue(done && p.exitValue() == 0, String.join(" ", command) + " failed: "
        + new String(p.getInputStream().readAllBytes()));
    assumeTrue(Files.exists(Path.of(command[1]), java.nio.file.LinkOption.NOFOLLOW_LINKS));
  }
}
