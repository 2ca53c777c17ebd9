package dev.sunset.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sunset.testing.BuiltJars;
import dev.sunset.testing.FixtureJars;
import dev.sunset.testing.TestJvm;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two WARs in one Jetty 12 container ({@code WebAppContext}, each web app in a class loader of its own) holding
 * different versions of one legacy library in {@code WEB-INF/lib}: acme-greeter 1.0 in {@code /a}, 2.0 in {@code /b}.
 * Both versions ship the same {@code META-INF/sunset/rules.yaml}; 2.0 changed {@code farewell(String)} to
 * {@code farewell(String, boolean)}, so its rule {@code greeter-farewell} cannot resolve in web app b. Fixtures:
 * {@code src/fixtures/greeter-*}, {@code webapp-*}, {@code servlet-container}.
 */
class ServletContainerIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String SERVLET = "com.acme.web.GreetingServlet";
  private static final String SERVLET_CLASS = "com/acme/web/GreetingServlet.class";
  private static final String GREETER = "com/acme/greeter/LegacyGreeter";
  /** Requests per web app and path: distinct, so each count tells which site it is. */
  private static final Map<String, Integer> REQUESTS = Map.of("a/greet", 3, "a/farewell", 2, "b/greet", 4,
      "b/farewell", 5);

  private static Path warA;
  private static Path warB;
  private static Path classesA;
  private static Path classesB;
  private static Path container;

  @BeforeAll
  static void buildTheLibraryVersionsTheWarsAndTheContainer() throws IOException {
    Path work = Build.fixtureWork().resolve("servlet-container-it");
    Path servletApi = BuiltJars.locationOf(HttpServlet.class);
    Path greeter1 = FixtureJars.jar(work.resolve("acme-greeter-1.0.jar"),
        List.of(Fixtures.classes("greeter-1", List.of(), List.of())));
    Path greeter2 = FixtureJars.jar(work.resolve("acme-greeter-2.0.jar"),
        List.of(Fixtures.classes("greeter-2", List.of(), List.of())));
    classesA = Fixtures.classes("webapp-a", List.of("probe"), List.of(greeter1, servletApi));
    classesB = Fixtures.classes("webapp-b", List.of("probe"), List.of(greeter2, servletApi));
    Path webRoot = Build.fixtureSources().resolve("webapp-descriptor");
    warA = FixtureJars.war(work.resolve("a.war"), webRoot, classesA, List.of(greeter1));
    warB = FixtureJars.war(work.resolve("b.war"), webRoot, classesB, List.of(greeter2));
    container = Fixtures.classes("servlet-container", List.of(), Build.servletContainerClassPath());
  }

  /** One run of the container: what each web app said about itself, what each request answered, and the report. */
  private record ContainerRun(Map<String, Map<String, String>> where, Map<String, List<String>> answers,
      TestJvm.Result result, Report report) {
    LoaderId loader(String webApp) {
      return LoaderId.parse(where.get(webApp).get("loader"));
    }

    String servletCodeSource(String webApp) {
      return where.get(webApp).get("servletCodeSource");
    }

    String greeterCodeSource(String webApp) {
      return where.get(webApp).get("greeterCodeSource");
    }
  }

  private static ContainerRun run(Path dir, TestJvm jvm) throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    List<Path> classPath = new ArrayList<>();
    classPath.add(container);
    classPath.addAll(Build.servletContainerClassPath());
    try (TestJvm.Running server = jvm.classPath(classPath)
        .option("-Djava.io.tmpdir=" + tmp)
        .option("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
        .start("com.acme.container.WarServer", "/a=" + warA, "/b=" + warB)) {
      String listening = server.awaitStdout(l -> l.startsWith("LISTENING port="), TIMEOUT);
      int port = Integer.parseInt(listening.substring("LISTENING port=".length()));
      HttpClient http = HttpClient.newHttpClient();
      Map<String, Map<String, String>> where = new LinkedHashMap<>();
      for (String webApp : List.of("a", "b")) {
        where.put(webApp, keyValues(get(http, port, "/" + webApp + "/greeting/where")));
      }
      Map<String, List<String>> answers = new LinkedHashMap<>();
      for (String request : List.of("a/greet", "a/farewell", "b/greet", "b/farewell")) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < REQUESTS.get(request); i++) {
          bodies.add(get(http, port, "/" + request.replace("/", "/greeting/") + "?name=visitor" + i));
        }
        answers.put(request, bodies);
      }
      TestJvm.Result result = server.stop(TIMEOUT);
      Path report = dir.resolve("report.json");
      return new ContainerRun(where, answers, result, Files.exists(report) ? Report.read(report) : null);
    }
  }

  private static String get(HttpClient http, int port, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return response.body();
  }

  private static Map<String, String> keyValues(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    text.lines().forEach(l -> values.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    return values;
  }

  private static List<String> expected(String answer, String request) {
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < REQUESTS.get(request); i++) {
      bodies.add(answer + " visitor" + i);
    }
    return bodies;
  }

  @Test
  void withoutTheAgentEachWebAppRunsItsOwnLegacyLibrary(@TempDir Path dir) throws Exception {
    ContainerRun run = run(dir, TestJvm.withoutAgent());

    assertThat(run.answers()).as(run.result().toString())
        .containsEntry("a/greet", expected("legacy-greeter-1 hello", "a/greet"))
        .containsEntry("a/farewell", expected("legacy-greeter-1 bye", "a/farewell"))
        .containsEntry("b/greet", expected("legacy-greeter-2 hello", "b/greet"))
        .containsEntry("b/farewell", expected("legacy-greeter-2 goodbye", "b/farewell"));
    assertThat(run.loader("a")).isNotEqualTo(run.loader("b"));
    assertThat(run.greeterCodeSource("a")).contains("acme-greeter-1.0.jar");
    assertThat(run.greeterCodeSource("b")).contains("acme-greeter-2.0.jar");
  }

  /** Both web apps under the agent, with no rules file: each version's shipped rules only. */
  @Nested
  @TestInstance(Lifecycle.PER_CLASS)
  class UnderTheAgent {
    private ContainerRun run;

    @BeforeAll
    void requestsReachBothWebApps(@TempDir Path dir) throws Exception {
      run = run(dir, TestJvm.withAgent("report=" + dir.resolve("report.json") + ",summary=false"));
    }

    @Test
    void eachWebAppIsRedirectedToTheReplacementOfItsOwnLibraryVersion() {
      assertThat(run.answers()).as(run.result().toString())
          .containsEntry("a/greet", expected("modern-greeter-1 hello", "a/greet"))
          .containsEntry("a/farewell", expected("modern-greeter-1 bye", "a/farewell"))
          .containsEntry("b/greet", expected("modern-greeter-2 hello", "b/greet"))
          // 2.0's farewell(String, boolean) is named by no rule: the legacy method runs
          .containsEntry("b/farewell", expected("legacy-greeter-2 goodbye", "b/farewell"));
    }

    @Test
    void theRuleThatCannotResolveInWebAppBGetsOneLineNamingItsFileTheRuleWebAppBsLoaderAndTheProblem() {
      String rulesFileOfB = Arrays.stream(run.where().get("b").get("rulesFiles").split(" "))
          .filter(url -> url.contains("acme-greeter-2.0.jar")).findFirst().orElseThrow();
      List<String> aboutTheRule = run.result().agentLines().stream().filter(l -> l.contains("greeter-farewell"))
          .toList();

      assertThat(aboutTheRule).as(run.result().toString()).filteredOn(run.loader("b")::isNamedBy).singleElement()
          .asString().contains(rulesFileOfB).contains("com.acme.greeter.LegacyGreeter")
          .containsAnyOf("farewell(java.lang.String)", "farewell(Ljava/lang/String;)");
      assertThat(aboutTheRule).as("lines about greeter-farewell naming web app a's loader %s, where it resolves",
          run.loader("a")).noneMatch(run.loader("a")::isNamedBy);
    }

    @Test
    void eachRuleResolvedInTheWebAppsWhoseLoaderDefinesItsLegacyMethodAndAGoneClassResolvedNowhere() {
      Report report = run.report();
      assertThat(report).as(run.result().toString()).isNotNull();
      assertThat(report.ruleIds()).containsExactlyInAnyOrder("greeter-greet", "greeter-farewell", "greeter-format");

      assertThat(report.rule("greeter-greet").resolvedIn()).as("resolvedIn of greeter-greet").hasSize(2)
          .anySatisfy(where -> resolvedIn(where, "a")).anySatisfy(where -> resolvedIn(where, "b"));
      assertThat(report.rule("greeter-farewell").resolvedIn()).as("resolvedIn of greeter-farewell")
          .singleElement().satisfies(where -> resolvedIn(where, "a"));
      assertThat(report.rule("greeter-format").resolvedIn()).as("resolvedIn of greeter-format, whose class no "
          + "loader defines").isEmpty();
    }

    private void resolvedIn(Report.Resolution where, String webApp) {
      assertThat(where.codeSource()).isEqualTo(run.greeterCodeSource(webApp));
      assertThat(run.loader(webApp).isNamedBy(where.loader()))
          .as("%s names web app %s's loader %s", where.loader(), webApp, run.loader(webApp)).isTrue();
    }

    @Test
    void eachWebAppsCallSitesAreCountedSeparatelyByTheirOwnCodeSource() throws IOException {
      assertThat(run.report()).as(run.result().toString()).isNotNull();
      assertThat(run.report().callSites())
          .extracting(Report.Site::rule, Report.Site::className, Report.Site::method, Report.Site::line,
              Report.Site::codeSource, Report.Site::count, Report.Site::stage, Report.Site::viaGiven)
          .containsExactlyInAnyOrder(
              tuple("greeter-greet", SERVLET, "greet", line(classesA, "greet"), run.servletCodeSource("a"),
                  (long) REQUESTS.get("a/greet"), "redirect", false),
              tuple("greeter-farewell", SERVLET, "farewell", line(classesA, "farewell"), run.servletCodeSource("a"),
                  (long) REQUESTS.get("a/farewell"), "redirect", false),
              tuple("greeter-greet", SERVLET, "greet", line(classesB, "greet"), run.servletCodeSource("b"),
                  (long) REQUESTS.get("b/greet"), "redirect", false));
    }

    private static int line(Path classes, String method) throws IOException {
      return CallLines.lineOf(classes.resolve(SERVLET_CLASS), method, GREETER, method);
    }
  }
}
