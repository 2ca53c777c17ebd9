package dev.sunset.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.cli.CliRun;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar sunset-cli.jar} works on its own: every command, its help and its exit codes. */
class SelfContainedJarIT {
  @TempDir
  Path dir;

  private static String chat() {
    return Path.of(System.getProperty("sunset.chat.jar")).toString();
  }

  private static String shim() {
    return Path.of(System.getProperty("sunset.shim.jar")).toString();
  }

  @Test
  void theJarCarriesItsDependenciesAndTheAgentAndNamesItsMainClass() throws Exception {
    try (JarFile jar = new JarFile(CliJar.jar().toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.sunset.cli.Sunset");
      assertThat(jar.getEntry("picocli/CommandLine.class")).isNotNull();
      assertThat(jar.getEntry("org/objectweb/asm/ClassReader.class")).isNotNull();
      assertThat(jar.getEntry("net/bytebuddy/agent/ByteBuddyAgent.class")).isNotNull();
      assertThat(jar.getEntry("dev/sunset/core/scan/ArtifactScanner.class")).isNotNull();
      assertThat(jar.getEntry("dev/sunset/cli/agent/sunset-javaagent.jar")).isNotNull();
      assertThat(jar.getEntry("gg/jte/TemplateEngine.class")).isNotNull();
      assertThat(jar.getEntry("dev/sunset/cli/internal/html/templates/JtereportGenerated.class")).isNotNull();
    }
  }

  @Test
  void theJarShipsTheJsonSchemasAsPublishedInTheDocs() throws Exception {
    Path docs = Path.of("..", "docs", "schemas");
    try (JarFile jar = new JarFile(CliJar.jar().toFile())) {
      for (String name : List.of("sunset-rules.schema.json", "sunset-report-1.schema.json",
          "sunset-scan-1.schema.json", "sunset-verdict-1.schema.json", "sunset-tests-1.schema.json")) {
        JarEntry entry = jar.getJarEntry("META-INF/sunset/schemas/" + name);
        assertThat(entry).as(name).isNotNull();
        try (InputStream in = jar.getInputStream(entry)) {
          assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as(name)
              .isEqualTo(Files.readString(docs.resolve(name)));
        }
      }
    }
  }

  @Test
  void theJarCarriesTheRecipeGeneratorButNoOpenRewriteAndNoClassThatNeedsIt() throws Exception {
    List<String> needOpenRewrite = new ArrayList<>();
    try (JarFile jar = new JarFile(CliJar.jar().toFile())) {
      assertThat(jar.getEntry("dev/sunset/rewrite/MigrationRecipes.class")).isNotNull();
      assertThat(jar.getEntry("dev/sunset/rewrite/MakeReceiverExplicit.class")).as("a recipe class").isNull();
      for (JarEntry entry : Collections.list(jar.entries())) {
        assertThat(entry.getName()).doesNotStartWith("org/openrewrite/");
        if (entry.getName().endsWith(".class")) {
          try (InputStream in = jar.getInputStream(entry)) {
            // a class that names an OpenRewrite type holds its internal name in its constant pool
            if (new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains("org/openrewrite/")) {
              needOpenRewrite.add(entry.getName());
            }
          }
        }
      }
    }
    assertThat(needOpenRewrite).as("classes in the jar that refer to OpenRewrite").isEmpty();
  }

  @Test
  void recipeFromTheShimsJarRunsWithoutOpenRewrite() throws Exception {
    Path out = dir.resolve("rewrite.yml");

    CliRun run = CliJar.run("recipe", "--name", "com.acme.Migrate", "-o", out.toString(), shim());

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(Files.readString(out)).startsWith("type: specs.openrewrite.org/v1beta/recipe\nname: com.acme.Migrate\n")
        .contains("dev.sunset.rewrite.ChangeMethodTargetToStaticReceiverFirst");
    assertThat(run.errLines()).containsExactly("skipped, no replacement to migrate to: ws-factory-get-factory",
        "recipe com.acme.Migrate: 5 rules migrated, written to " + out);
  }

  @Test
  void versionAndHelpOfEveryCommandExitZero() throws Exception {
    CliRun version = CliJar.run("--version");
    assertThat(version.exitCode()).as("%s", version).isZero();
    assertThat(version.out()).startsWith("sunset 0.");
    for (String command : new String[] {"scan", "check", "merge", "verdict", "recipe", "rules", "report", "attach"}) {
      CliRun help = CliJar.run(command, "--help");
      assertThat(help.exitCode()).as("%s", help).isZero();
      assertThat(help.out()).as(command).startsWith("Usage: sunset " + command).contains("Exit codes");
    }
  }

  @Test
  void scanOfTheSpringBootJarThenCheckExitsZeroForItsOwnScanAndOneForAnEmptyBaseline() throws Exception {
    Path scan = dir.resolve("scan.json");
    Path empty = Files.writeString(dir.resolve("empty.json"),
        "{\"format\": \"sunset-scan/1\", \"generatedAt\": \"2026-11-20T10:00:00Z\", \"rules\": [], \"callSites\": []}");
    String boot = System.getProperty("sunset.chat.boot.jar");

    CliRun scanned = CliJar.run("scan", "--format", "json", "-o", scan.toString(), boot);
    CliRun same = CliJar.run("check", "--baseline", scan.toString(), chat(), shim());
    CliRun fresh = CliJar.run("check", "--baseline", empty.toString(), boot);

    assertThat(scanned.exitCode()).as("%s", scanned).isZero();
    assertThat(same.exitCode()).as("%s", same).isZero();
    assertThat(fresh.exitCode()).as("%s", fresh).isEqualTo(1);
    assertThat(fresh.outLines()).hasSize(11).allSatisfy(l -> assertThat(l)
        .matches("\\w+\\.java:\\d+ dev\\.sunset\\.examples\\.chat\\.[\\w.$]+ ws-[a-z-]+"));
  }

  @Test
  void reportWritesTheHtmlPageFromAScanWithTheTemplatesTheJarCarries() throws Exception {
    Path scan = dir.resolve("scan.json");
    Path page = dir.resolve("page.html");

    CliRun scanned = CliJar.run("scan", "--format", "json", "-o", scan.toString(), chat(), shim());
    CliRun report = CliJar.run("report", "--html", page.toString(), scan.toString());

    assertThat(scanned.exitCode()).as("%s", scanned).isZero();
    assertThat(report.exitCode()).as("%s", report).isZero();
    assertThat(report.err())
        .startsWith("wrote " + page + ": 6 rules, 11 call sites left, 0 calls, from 0 reports and 1 scan");
    assertThat(Files.readString(page)).startsWith("<!DOCTYPE html>").contains("ws-factory-create-for-user",
        "No report counts this rule.");
  }

  /**
   * The jar on a real terminal (a pseudo-terminal from util-linux's {@code script}): the one-line error is coloured,
   * unless {@code NO_COLOR} is set; piped, it never is.
   */
  @Test
  void onATerminalMessagesAreColouredUnlessNoColorIsSetAndPipedTheyNeverAre() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")),
        "util-linux's script makes the pseudo-terminal");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command = java + " -jar " + CliJar.jar() + " scna";

    String onTerminal = onTerminal(command, false);
    String noColor = onTerminal(command, true);
    CliRun piped = CliJar.run("scna");

    assertThat(onTerminal).contains("\033[1;31msunset:\033[0m 'scna' is not a command; did you mean 'scan'?");
    assertThat(noColor).contains("sunset: 'scna' is not a command; did you mean 'scan'?").doesNotContain("\033[");
    assertThat(piped.err()).startsWith("sunset: 'scna' is not a command").doesNotContain("\033[");
  }

  private String onTerminal(String command, boolean noColor) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("/usr/bin/script", "-qec", command, "/dev/null")
        .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().remove("NO_COLOR");
    builder.environment().remove("CLICOLOR_FORCE");
    builder.environment().put("TERM", "xterm");
    if (noColor) {
      builder.environment().put("NO_COLOR", "1");
    }
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    return out;
  }

  @Test
  void anUnknownCommandOrOptionIsBadInputOnOneLine() throws Exception {
    CliRun command = CliJar.run("retire");
    CliRun option = CliJar.run("merge", "-o", dir.resolve("m.json").toString(), "--into", "x.json");

    assertThat(command.exitCode()).isEqualTo(2);
    assertThat(command.errLines()).singleElement().asString().startsWith("sunset: 'retire' is not a command");
    assertThat(option.exitCode()).isEqualTo(2);
    assertThat(option.errLines()).singleElement().asString().startsWith("sunset merge: Unknown option: '--into'");
  }
}
