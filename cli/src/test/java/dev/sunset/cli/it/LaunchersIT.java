package dev.sunset.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.cli.CliRun;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's launchers as a newcomer runs them: {@code bin/sunset} runs the command line's jar from any folder
 * (and through a link), building it with one line per module when it is missing; {@code bin/demo} shows progress,
 * passes the demo's own output through and ends with the next commands. The builds are a stand-in {@code mvnw} in a
 * copy of the launchers, so that the tests build nothing.
 */
class LaunchersIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @TempDir
  Path dir;

  private static CliRun run(Path workDir, String... command) throws IOException, InterruptedException {
    return run(workDir, Map.of(), command);
  }

  private static CliRun run(Path workDir, Map<String, String> env, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(env);
    Process p = builder.start();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("did not finish: " + List.of(command));
    }
    return new CliRun(p.exitValue(), out.join(), err.join());
  }

  private static String read(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** A copy of the repository's bin/ in {@code repo}, with a stand-in mvnw running {@code script}. */
  private Path fakeRepository(String script) throws IOException {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    try (Stream<Path> files = Files.walk(ROOT.resolve("bin"))) {
      for (Path f : files.toList()) {
        Path to = repo.resolve(ROOT.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    Path mvnw = Files.writeString(repo.resolve("mvnw"), "#!/usr/bin/env bash\necho \"$*\" >> mvnw.args\n" + script);
    Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
    return repo;
  }

  @Test
  void binSunsetRunsTheBuiltJarFromAnyFolderAndThroughALinkWithItsExitCodes() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("sunset"), ROOT.resolve("bin/sunset"));

    CliRun version = run(dir, ROOT.resolve("bin/sunset").toString(), "--version");
    CliRun linked = run(dir, link.toString(), "--version");
    CliRun mistyped = run(dir, link.toString(), "scna");

    assertThat(version.exitCode()).as("%s", version).isZero();
    assertThat(version.out()).startsWith("sunset 0.");
    assertThat(version.err()).as("nothing built: the jar is there").isEmpty();
    assertThat(linked.out()).isEqualTo(version.out());
    assertThat(mistyped.exitCode()).isEqualTo(2);
    assertThat(mistyped.err()).startsWith("sunset: 'scna' is not a command; did you mean 'scan'?");
  }

  @Test
  void binSunsetBuildsTheJarWhenItIsMissingShowingOneLinePerModuleOnStandardError() throws Exception {
    Path repo = fakeRepository("echo '[INFO] Scanning for projects...'\n"
        + "echo '[INFO] Building Sunset core 0.1.0-SNAPSHOT                               [1/2]'\n"
        + "echo '[WARNING] unchecked conversion'\n"
        + "echo '  required: java.util.List<java.lang.Object>'\n"
        + "echo '[INFO] Building Sunset command line 0.1.0-SNAPSHOT                       [2/2]'\n"
        + "mkdir -p cli/target && cp '" + CliJar.jar() + "' cli/target/sunset-cli.jar\n");

    CliRun first = run(dir, repo.resolve("bin/sunset").toString(), "--version");
    CliRun second = run(dir, repo.resolve("bin/sunset").toString(), "--version");

    assertThat(first.exitCode()).as("%s", first).isZero();
    assertThat(first.out()).startsWith("sunset 0.");
    assertThat(first.errLines()).startsWith("sunset: cli/target/sunset-cli.jar is not built yet; building it "
        + "(./mvnw -B -DskipTests package -pl cli -am)...", "  [1/2] Sunset core", "  [2/2] Sunset command line");
    assertThat(first.errLines()).last().asString().matches("  built in \\d+ s");
    assertThat(first.out() + first.err()).as("the rest of Maven's log").doesNotContain("required:");
    assertThat(Files.readAllLines(repo.resolve("mvnw.args"))).containsExactly("-B -ntp -DskipTests package -pl cli -am");
    assertThat(second.err()).as("built once").isEmpty();
  }

  @Test
  void binSunsetSharesTheClassDataOfEachCommandFromItsSecondRunOnAndRemakesItForANewerJar() throws Exception {
    Path repo = fakeRepository("echo 'no build expected' >&2\nexit 1\n");
    Path jar = Files.createDirectories(repo.resolve("cli/target")).resolve("sunset-cli.jar");
    Files.copy(CliJar.jar(), jar);
    String sunset = repo.resolve("bin/sunset").toString();

    CliRun first = run(dir, sunset, "rules", "--help");
    List<Path> archives;
    try (Stream<Path> files = Files.walk(repo.resolve("cli/target/cds"))) {
      archives = files.filter(Files::isRegularFile).toList();
    }
    assertThat(archives).as("one archive, of the command, in a folder named after the JDK").singleElement()
        .satisfies(a -> assertThat(a.getFileName()).hasToString("rules.jsa"));
    Path archive = archives.get(0);
    FileTime made = Files.getLastModifiedTime(archive);
    CliRun second = run(dir, sunset, "rules", "--help");
    CliRun withoutSharing = run(dir, Map.of("SUNSET_CDS", "off"), sunset, "rules", "--help");
    CliRun noCommand = run(dir, sunset, "--version");

    assertThat(first.exitCode()).as("%s", first).isZero();
    assertThat(first.err()).as("the JVM's archive messages are off").isEmpty();
    assertThat(second.out()).isEqualTo(first.out()).isEqualTo(withoutSharing.out()).startsWith("Usage: sunset rules");
    assertThat(second.err()).isEmpty();
    assertThat(Files.getLastModifiedTime(archive)).as("used, not made again").isEqualTo(made);
    assertThat(noCommand.out()).startsWith("sunset 0.");
    try (Stream<Path> files = Files.walk(repo.resolve("cli/target/cds"))) {
      assertThat(files.filter(Files::isRegularFile).toList()).as("nothing left half-written, no other archive")
          .containsExactly(archive);
    }

    // a jar built after the archive: the archive no longer fits it, so the next run makes it again
    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis()));
    CliRun afterRebuild = run(dir, sunset, "rules", "--help");
    assertThat(afterRebuild.out()).isEqualTo(first.out());
    assertThat(Files.getLastModifiedTime(archive)).isGreaterThan(Files.getLastModifiedTime(jar));
  }

  @Test
  void aFailedBuildShowsItsErrorsAndExitsThree() throws Exception {
    Path repo = fakeRepository("echo '[ERROR] Failed to execute goal: no JDK'\nexit 1\n");

    CliRun run = run(dir, repo.resolve("bin/sunset").toString(), "--version");

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("[ERROR] Failed to execute goal: no JDK", "the build failed (exit 1)");
  }

  @Test
  void binDemoShowsProgressPassesTheDemoThroughAndEndsWithTheNextCommands() throws Exception {
    Path repo = fakeRepository("echo '[INFO] Building Sunset agent 0.1.0-SNAPSHOT                              [1/2]'\n"
        + "echo '[INFO] --- compiler:3.14.0:compile (default-compile) @ sunset-javaagent ---'\n"
        + "echo '[INFO] Building Sunset example: chat app 0.1.0-SNAPSHOT                  [2/2]'\n"
        + "echo 'alice: agent_started > agent_thinking > tool_executing > tool_completed > agent_completed'\n"
        + "echo '[sunset] legacy call sites: 6 rules, 11 sites (0 never called), 55 calls' >&2\n"
        + "mkdir -p examples/chat-app/target && touch examples/chat-app/target/sunset-chat-app-9.9-boot.jar\n");

    CliRun demo = run(dir, repo.resolve("bin/demo").toString());

    assertThat(demo.exitCode()).as("%s", demo).isZero();
    assertThat(demo.errLines()).contains("  [1/2] Sunset agent", "  [2/2] Sunset example: chat app");
    assertThat(demo.out()).doesNotContain("[INFO]");
    List<String> out = new ArrayList<>(demo.outLines());
    assertThat(out).contains("alice: agent_started > agent_thinking > tool_executing > tool_completed > agent_completed",
        "[sunset] legacy call sites: 6 rules, 11 sites (0 never called), 55 calls");
    assertThat(out.subList(out.size() - 2, out.size())).containsExactly(
        "then ask, rule by rule, whether the legacy method can be deleted, judged on this one run:",
        "  bin/sunset verdict --scan examples/chat-app/target/sunset-chat-app-9.9-boot.jar --report "
            + "examples/chat-app/target/sunset-report.json --min-days 0 --min-jvms 1");
    assertThat(out).contains("  bin/sunset scan examples/chat-app/target/sunset-chat-app-9.9-boot.jar");
    assertThat(Files.readAllLines(repo.resolve("mvnw.args")))
        .containsExactly("-B -ntp -Pdemo -DskipTests package -pl examples/chat-app -am");
  }
}
