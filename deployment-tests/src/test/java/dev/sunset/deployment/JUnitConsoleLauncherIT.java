package dev.sunset.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sunset.testing.FixtureJars;
import dev.sunset.testing.TestJvm;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small library's test suite run by JUnit's console launcher ({@code junit-platform-console-standalone} at the
 * project's JUnit version) with {@code -javaagent}: the launcher puts {@code --class-path} (the suite, the library jar,
 * the shim) in a class loader of its own, not on the system class path. The suite checks which path its events took
 * against {@code -Dalerts.expectedPath}. Fixtures: {@code src/fixtures/alerts}, {@code alerts-tests}.
 */
class JUnitConsoleLauncherIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String PUBLISHER = "com.acme.alerts.AlertPublisher";
  private static final String SUITE = "com.acme.alerts.AlertPublisherTest";
  /** {@code publish} runs 3 times in one test and once in another; the tool test runs for 3 tools. */
  private static final long PUBLISHES = 4;
  private static final long TOOL_RUNS = 3;

  private static Path shim;
  private static Path library;
  private static Path suite;

  @BeforeAll
  static void buildTheLibraryAndItsSuite() throws IOException {
    shim = Shim.location();
    library = FixtureJars.jar(Build.fixtureWork().resolve("junit-console-it").resolve("acme-alerts-1.0.jar"),
        List.of(Fixtures.classes("alerts", List.of(), List.of(shim))));
    List<Path> suiteClassPath = new ArrayList<>(List.of(library));
    Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of)
        .forEach(suiteClassPath::add); // the shim and JUnit Jupiter's API
    suite = Fixtures.classes("alerts-tests", List.of("event-path", "probe"), suiteClassPath);
  }

  private static TestJvm.Result launch(TestJvm jvm, String expectedPath) throws Exception {
    String classPath = List.of(suite, library, shim).stream().map(Path::toString)
        .collect(Collectors.joining(File.pathSeparator));
    return jvm.option("-Dalerts.expectedPath=" + expectedPath).run(TIMEOUT, "-jar", Build.junitConsoleJar().toString(),
        "execute", "--disable-banner", "--disable-ansi-colors", "--details=tree", "--fail-if-no-tests",
        "--class-path", classPath, "--scan-class-path", suite.toString());
  }

  private static void assertFiveTestsSucceeded(TestJvm.Result r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).as(r.toString())
        .anySatisfy(l -> assertThat(l).matches("\\[\\s+5 tests successful\\s+]"))
        .anySatisfy(l -> assertThat(l).matches("\\[\\s+0 tests failed\\s+]"));
  }

  @Test
  void withoutTheAgentTheSuitePassesOnTheLegacyPath() throws Exception {
    TestJvm.Result r = launch(TestJvm.withoutAgent(), Shim.LEGACY_SEND_EVENT);

    assertFiveTestsSucceeded(r);
    assertThat(r.values()).containsEntry("suite.observedPath", Shim.LEGACY_SEND_EVENT);
  }

  /** The suite under the agent and the shim's shipped rules: the factory calls are redirected. */
  @Nested
  @TestInstance(Lifecycle.PER_CLASS)
  class UnderTheAgent {
    private TestJvm.Result result;
    private Report report;

    @BeforeAll
    void theLauncherRunsTheSuite(@TempDir Path dir) throws Exception {
      Path reportFile = dir.resolve("report.json");
      result = launch(TestJvm.withAgent("report=" + reportFile + ",summary=false"), Shim.REDIRECTED_SEND_EVENT);
      report = Report.read(reportFile);
    }

    @Test
    void theSuitePassesObservingTheReplacement() {
      assertFiveTestsSucceeded(result);
      assertThat(result.values()).containsEntry("suite.observedPath", Shim.REDIRECTED_SEND_EVENT);
    }

    @Test
    void theShimsRulesResolveInTheLaunchersClassLoader() {
      LoaderId launcherLoader = LoaderId.parse(result.values().get("suite.loader"));
      assertThat(launcherLoader.builtIn()).as("the suite's loader %s", launcherLoader).isFalse();

      assertThat(report.ruleIds()).as(result.toString())
          .containsExactlyInAnyOrderElementsOf(Shim.SHIPPED_STAGES.keySet());
      for (Report.Rule rule : report.rules()) {
        assertThat(rule.resolvedIn()).as("resolvedIn of %s", rule.id()).singleElement().satisfies(where -> {
          assertThat(where.codeSource()).isEqualTo(result.values().get("suite.shimCodeSource"));
          assertThat(launcherLoader.isNamedBy(where.loader()))
              .as("%s names the launcher's loader %s", where.loader(), launcherLoader).isTrue();
        });
      }
    }

    @Test
    void eachCallSiteOfTheLibraryAndOfTheSuiteIsCountedExactly() throws Exception {
      Path publisher = Fixtures.classes("alerts", List.of(), List.of()).resolve("com/acme/alerts/AlertPublisher.class");
      Path tests = suite.resolve("com/acme/alerts/AlertPublisherTest.class");
      String libraryJar = library.toUri().toURL().toString();
      String suiteFolder = suite.toUri().toURL().toString();

      assertThat(report.callSites()).as(result.toString())
          .extracting(Report.Site::rule, Report.Site::className, Report.Site::method, Report.Site::line,
              Report.Site::codeSource, Report.Site::count, Report.Site::stage, Report.Site::viaGiven)
          .containsExactlyInAnyOrder(
              tuple("ws-factory-get-factory", PUBLISHER, "publish",
                  CallLines.lineOf(publisher, "publish", Shim.FACTORY, "getWebSocketManagerFactory"), libraryJar,
                  PUBLISHES, "observe", false),
              tuple("ws-factory-create-for-user", PUBLISHER, "publish",
                  CallLines.lineOf(publisher, "publish", Shim.FACTORY, "createForUser"), libraryJar, PUBLISHES,
                  "redirect", false),
              tuple("ws-manager-send-event", PUBLISHER, "publish",
                  CallLines.lineOf(publisher, "publish", Shim.MANAGER, "sendEvent"), libraryJar, PUBLISHES, "redirect",
                  false),
              tuple("ws-factory-create-websocket-manager", SUITE, "everyToolRunIsAnnounced",
                  CallLines.lineOf(tests, "everyToolRunIsAnnounced", Shim.FACTORY, "createWebSocketManager"),
                  suiteFolder, TOOL_RUNS, "redirect", false),
              tuple("ws-manager-send-tool-executing", SUITE, "everyToolRunIsAnnounced",
                  CallLines.lineOf(tests, "everyToolRunIsAnnounced", Shim.MANAGER, "sendToolExecuting"), suiteFolder,
                  TOOL_RUNS, "redirect", false));
    }
  }
}
