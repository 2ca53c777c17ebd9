package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium ({@code apt-get install chromium}), run headless on a local file: its DOM after loading, or a
 * screenshot. Each run gets a fresh profile, no background networking, and a host resolver that resolves nothing,
 * so a page that needed the network would show it.
 */
final class HeadlessChromium {
  private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
      "--disable-quic", "--hide-scrollbars", "--host-resolver-rules=MAP * ~NOTFOUND");

  private final Path executable;
  private final Path work;

  private HeadlessChromium(Path executable, Path work) {
    this.executable = executable;
    this.work = work;
  }

  /**
   * Chromium, or the test is skipped with a message saying how to install it; on CI (which installs it,
   * {@code .ci/run}) a missing Chromium fails the test instead.
   */
  static HeadlessChromium require(Path work) {
    Optional<Path> found = find();
    if (found.isEmpty()) {
      String message = "Debian's chromium is not installed (apt-get install chromium); .ci/run installs it";
      if ("true".equals(System.getenv("CI"))) {
        fail(message + ", and this is CI");
      }
      Assumptions.abort(message + ": skipping the browser test");
    }
    return new HeadlessChromium(found.get(), work);
  }

  private static Optional<Path> find() {
    List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/chromium")));
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir, "chromium"));
      }
    }
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  /** The page's DOM once loaded, serialized as HTML ({@code --dump-dom}). */
  String dumpDom(Path page) throws Exception {
    return run(List.of("--dump-dom", page.toUri().toString()), "dom").stdout();
  }

  /** A screenshot of the page in a window of {@code width} by {@code height}, written to {@code png}. */
  Path screenshot(Path page, Path png, int width, int height) throws Exception {
    Files.deleteIfExists(png);
    run(List.of("--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(),
        page.toUri().toString()), "screenshot");
    assertThat(png).as("the screenshot Chromium was asked for").isRegularFile();
    return png;
  }

  private record Ran(String stdout, String stderr) {}

  private Ran run(List<String> arguments, String what) throws Exception {
    Path profile = Files.createTempDirectory(work, "chromium-profile-");
    Path out = work.resolve(what + "-" + profile.getFileName() + ".out");
    Path err = work.resolve(what + "-" + profile.getFileName() + ".err");
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(FLAGS);
    command.add("--user-data-dir=" + profile);
    command.addAll(arguments);
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail("Chromium did not finish within 90 s: " + command);
    }
    Ran ran = new Ran(read(out), read(err));
    assertThat(p.exitValue()).as("Chromium's exit code for %s; its standard error:%n%s", command, ran.stderr())
        .isZero();
    return ran;
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
