package dev.sunset.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.core.format.TestSites;
import dev.sunset.core.format.Use;
import dev.sunset.core.rules.generate.GeneratedRules;
import dev.sunset.core.rules.generate.RulesFromDeprecated;
import dev.sunset.junit.FailOnNewSites;
import dev.sunset.testing.BuiltJars;
import dev.sunset.testing.FixtureJars;
import dev.sunset.testing.TestJvm;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.snakeyaml.engine.v2.api.Load;

/**
 * {@code sunset-junit} on a foreign suite run by JUnit's console launcher under the real agent: the listener and the
 * extension come from the launcher's {@code --class-path} alone (no change to the suite). Each test's calls, the calls
 * outside any test and those while several tests ran add up to the agent's own counts; a baseline of call sites does
 * not churn when a test is renamed; {@code sunset.junit.failOnNew} fails exactly the test that reaches a new site.
 * Fixtures: {@code src/fixtures/junit-suite} (with {@code alerts}, {@code event-path}).
 */
class JUnitPerTestIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String PUBLISHER = "com.acme.alerts.AlertPublisher";
  private static final String SUITE = "com.acme.alerts.suite.PublishingTest";
  private static final String CONTEXT = "com.acme.alerts.suite.ContextTest";
  private static final String CONTEXT_NEW =
      "<init>(com.example.ws.UserExecutionContext, com.example.ws.WebSocketManager)";

  private static Path shim;
  private static Path library;
  private static List<Path> suiteClassPath;
  private static Path suite;

  @TempDir
  static Path dir;

  @BeforeAll
  static void buildTheLibraryAndTheSuite() throws IOException {
    shim = Shim.location();
    library = FixtureJars.jar(Build.fixtureWork().resolve("junit-per-test-it").resolve("acme-alerts-1.0.jar"),
        List.of(Fixtures.classes("alerts", List.of(), List.of(shim))));
    suiteClassPath = new ArrayList<>(List.of(library));
    Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of)
        .forEach(suiteClassPath::add); // the shim and JUnit Jupiter's API
    suite = Fixtures.classes("junit-suite", List.of("event-path"), suiteClassPath);
  }

  /** sunset-junit and what it needs at run time, as a build tool puts them on the test class path. */
  private static List<Path> sunsetJunit() {
    return Stream.of(FailOnNewSites.class, TestSites.class, ClassReader.class, Load.class, JSON.class,
        JsonFactory.class).map(BuiltJars::locationOf).distinct().toList();
  }

  private static TestJvm.Result launch(Path suiteClasses, String... options) throws Exception {
    return launch(suiteClasses, dir.resolve("report.json"), options);
  }

  private static TestJvm.Result launch(Path suiteClasses, Path report, String... options) throws Exception {
    return launchClass(SUITE, suiteClasses, report, options);
  }

  private static TestJvm.Result launchClass(String testClass, Path suiteClasses, Path report, String... options)
      throws Exception {
    return launchClass("", testClass, suiteClasses, report, options);
  }

  /** The suite's {@code testClass} under the agent given {@code agentOptions} too ({@code ,rules=...}). */
  private static TestJvm.Result launchClass(String agentOptions, String testClass, Path suiteClasses, Path report,
      String... options) throws Exception {
    List<Path> classPath = new ArrayList<>(List.of(suiteClasses, library, shim));
    classPath.addAll(sunsetJunit());
    TestJvm jvm = TestJvm.withAgent("report=" + report + ",summary=false" + agentOptions);
    for (String o : options) {
      jvm.option(o);
    }
    return jvm.run(TIMEOUT, "-jar", Build.junitConsoleJar().toString(), "execute", "--disable-banner",
        "--disable-ansi-colors", "--details=tree", "--fail-if-no-tests", "--class-path",
        classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
        "--select-class", testClass, "--reports-dir", dir.resolve("xml-" + report.getFileName()).toString());
  }

  /** The report {@code from} as a baseline whose sites name no use or member, as files before class rules. */
  @SuppressWarnings("unchecked")
  private static Path withoutUses(Path from, Path to) throws IOException {
    Map<String, Object> json = JSON.std.mapFrom(Files.readString(from));
    for (Map<String, Object> site : (List<Map<String, Object>>) json.get("callSites")) {
      site.remove("use");
      site.remove("member");
    }
    return Files.writeString(to, JSON.std.asString(json));
  }

  /** Calls by site key (rule, class, method, line) in one place of the tests file. */
  private static Map<String, Long> byKey(List<TestSites.SiteCount> sites) {
    Map<String, Long> out = new HashMap<>();
    sites.forEach(s -> out.merge(s.rule() + " " + s.className() + "." + s.method() + ":" + s.line(), s.count(),
        Long::sum));
    return out;
  }

  /**
   * Every call the agent counted is in exactly one place of the tests file: a test's, the calls while several tests
   * ran, or those outside any test. Returns the agent's counts by site key.
   */
  private static Map<String, Long> assertEveryCountedCallIsInExactlyOnePlace(TestSites sites, Report agent) {
    Map<String, Long> attributed = new HashMap<>();
    sites.tests().forEach(t -> byKey(t.callSites()).forEach((k, v) -> attributed.merge(k, v, Long::sum)));
    byKey(sites.outsideAnyTest()).forEach((k, v) -> attributed.merge(k, v, Long::sum));
    byKey(sites.whileSeveralTestsRan()).forEach((k, v) -> attributed.merge(k, v, Long::sum));
    Map<String, Long> counted = agent.callSites().stream().filter(s -> s.count() > 0).collect(Collectors.toMap(
        s -> s.rule() + " " + s.className() + "." + s.method() + ":" + s.line(), Report.Site::count, Long::sum));
    assertThat(attributed).as("every call the agent counted, in exactly one place").isEqualTo(counted).isNotEmpty();
    return counted;
  }

  @Test
  void eachTestsCallsAndThoseOutsideAnyTestAddUpToTheAgentsCounts() throws Exception {
    Path tests = dir.resolve("tests.json");
    Path report = dir.resolve("counts-report.json");
    TestJvm.Result r = launch(suite, report, "-Dsunset.junit.report=" + tests);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    TestSites sites = TestSites.read(tests);
    Report agent = Report.read(report);

    assertThat(sites.tests()).as(r.toString()).extracting(TestSites.TestEntry::className, TestSites.TestEntry::method)
        .containsExactlyInAnyOrder(tuple(SUITE, "publishesTwice"), tuple(SUITE, "announcesOneToolRun"));
    TestSites.TestEntry twice = sites.tests().stream().filter(t -> t.method().equals("publishesTwice")).findFirst()
        .orElseThrow();
    assertThat(twice.displayName()).isEqualTo("publishesTwice()");
    assertThat(twice.uniqueId()).contains("[class:" + SUITE + "]", "[method:publishesTwice()]");
    assertThat(twice.callSites()).extracting(TestSites.SiteCount::rule, TestSites.SiteCount::className,
        TestSites.SiteCount::method, TestSites.SiteCount::count).containsExactlyInAnyOrder(
            tuple("ws-factory-create-for-user", PUBLISHER, "publish", 2L),
            tuple("ws-factory-get-factory", PUBLISHER, "publish", 2L),
            tuple("ws-manager-send-event", PUBLISHER, "publish", 2L));
    TestSites.TestEntry tool = sites.tests().stream().filter(t -> t.method().equals("announcesOneToolRun"))
        .findFirst().orElseThrow();
    assertThat(tool.callSites()).extracting(TestSites.SiteCount::rule, TestSites.SiteCount::className,
        TestSites.SiteCount::method, TestSites.SiteCount::count).containsExactlyInAnyOrder(
            tuple("ws-factory-create-websocket-manager", SUITE, "announcesOneToolRun", 1L),
            tuple("ws-manager-send-tool-executing", SUITE, "announcesOneToolRun", 1L));
    assertThat(sites.outsideAnyTest()).as("the class set-up").extracting(TestSites.SiteCount::className,
        TestSites.SiteCount::count).containsOnly(tuple(PUBLISHER, 1L)).hasSize(3);
    assertThat(sites.whileSeveralTestsRan()).isEmpty();

    assertEveryCountedCallIsInExactlyOnePlace(sites, agent);
    assertThat(r.stderr()).contains("sunset-junit: 2 tests reached 5 legacy call sites; written to " + tests);
  }

  @Test
  void aRenamedTestDoesNotChurnTheBaselineAndOnlyTheTestReachingANewSiteFails() throws Exception {
    Path baseline = dir.resolve("baseline-report.json");
    assertThat(launch(suite, baseline).exitCode()).isZero();
    Path renamed = Fixtures.variant("junit-suite", "renamed", Map.of("publishesTwice", "publishesTwoAlerts"),
        List.of("event-path"), suiteClassPath);
    String[] gate = {"-Dsunset.junit.baseline=" + baseline, "-Dsunset.junit.failOnNew=true",
        "-Djunit.jupiter.extensions.autodetection.enabled=true"};

    TestJvm.Result same = launch(renamed, gate);

    assertThat(same.exitCode()).as(same.toString()).isZero();
    assertThat(same.stdout()).as(same.toString()).anySatisfy(l -> assertThat(l).contains("publishesTwoAlerts()"))
        .anySatisfy(l -> assertThat(l).matches("\\[\\s+4 tests successful\\s+]"));

    Path tests = dir.resolve("new-site-tests.json");
    TestJvm.Result added = launch(renamed, Stream.concat(Arrays.stream(gate),
        Stream.of("-Dsuite.newSite=true", "-Dsunset.junit.report=" + tests)).toArray(String[]::new));

    Path broadcaster = Build.fixtureWork().resolve("junit-suite-renamed/classes/com/acme/alerts/suite/Broadcaster.class");
    int line = CallLines.lineOf(broadcaster, "broadcast", Shim.FACTORY, "createWebSocketManager");
    assertThat(added.exitCode()).as(added.toString()).isEqualTo(1);
    assertThat(added.stdout()).as(added.toString())
        .anySatisfy(l -> assertThat(l).matches("\\[\\s+3 tests successful\\s+]"))
        .anySatisfy(l -> assertThat(l).matches("\\[\\s+1 tests failed\\s+]"));
    String junitXml = Files.readString(dir.resolve("xml-report.json").resolve("TEST-junit-jupiter.xml"));
    assertThat(junitXml.split("<testcase ")).filteredOn(c -> c.contains("<failure"))
        .singleElement().satisfies(c -> assertThat(c).startsWith("name=\"sometimesBroadcasts()\"")
            .contains("reached a legacy call site not in the baseline " + baseline
                + ": Broadcaster.java:" + line + " com.acme.alerts.suite.Broadcaster.broadcast ws-factory-create-websocket-manager"
                + " (rule 'ws-factory-create-websocket-manager')")
            .contains("Broadcaster.java:" + line + " com.acme.alerts.suite.Broadcaster.broadcast ws-manager-send-event"));
    assertThat(TestSites.read(tests).tests()).filteredOn(t -> t.method().equals("sometimesBroadcasts"))
        .singleElement().satisfies(t -> assertThat(t.callSites()).extracting(TestSites.SiteCount::className,
            TestSites.SiteCount::notInBaseline).containsOnly(tuple("com.acme.alerts.suite.Broadcaster", true)));
  }

  /**
   * A class rule's use the baseline does not list, on a line where it lists another ({@code new} known, a field read
   * beside it new), fails the one test that reaches it, naming the use; a baseline written before uses were told apart
   * (no use, no member) tolerates the whole line, as it did.
   */
  @Test
  void aNewUseOnAKnownLineFailsExactlyTheTestReachingItUnlessTheBaselineNamesNoMember() throws Exception {
    Path rules = Files.writeString(dir.resolve("context-rules.yaml"), "rules:\n  - id: agent-context\n"
        + "    legacy: com.example.ws.AgentExecutionContext\n    stage: observe\n");
    String agent = ",rules=" + rules;
    Path baseline = dir.resolve("context-baseline.json");
    TestJvm.Result first = launchClass(agent, CONTEXT, suite, baseline);
    assertThat(first.exitCode()).as(first.toString()).isZero();
    Report recorded = Report.read(baseline);
    assertThat(recorded.callSites()).filteredOn(s -> s.className().equals(CONTEXT) && s.count() > 0)
        .extracting(Report.Site::method, Report.Site::use, Report.Site::member).containsExactlyInAnyOrder(
            tuple("readsTheRunOfAContext", "new", CONTEXT_NEW), tuple("readsTheRunOfAContext", "field-read",
                "userContext"), tuple("readsAFieldOfAnotherContext", "new", CONTEXT_NEW),
            tuple("readsAFieldOfAnotherContext", "field-read", "userContext"));
    int line = recorded.callSites().stream().filter(s -> s.method().equals("readsAFieldOfAnotherContext"))
        .mapToInt(Report.Site::line).findFirst().orElseThrow();
    // the same line reads another field of the context: its new is known, its field read is not
    Path variant = Fixtures.variant("junit-suite", "other-field", Map.of(
        "Object lee = new AgentExecutionContext(run, null).userContext;",
        "Object lee = new AgentExecutionContext(run, null).websocketManager;"), List.of("event-path"), suiteClassPath);
    String[] gate = {"-Dsunset.junit.baseline=" + baseline, "-Dsunset.junit.failOnNew=true",
        "-Djunit.jupiter.extensions.autodetection.enabled=true"};
    Path tests = dir.resolve("context-tests.json");

    TestJvm.Result byUse = launchClass(agent, CONTEXT, variant, dir.resolve("context-report.json"), Stream.concat(
        Arrays.stream(gate), Stream.of("-Dsunset.junit.report=" + tests)).toArray(String[]::new));

    assertThat(byUse.exitCode()).as(byUse.toString()).isEqualTo(1);
    assertThat(byUse.stdout()).as(byUse.toString())
        .anySatisfy(l -> assertThat(l).matches("\\[\\s+1 tests successful\\s+]"))
        .anySatisfy(l -> assertThat(l).matches("\\[\\s+1 tests failed\\s+]"));
    String junitXml = Files.readString(dir.resolve("xml-context-report.json").resolve("TEST-junit-jupiter.xml"));
    assertThat(junitXml.split("<testcase ")).filteredOn(c -> c.contains("<failure")).singleElement()
        .satisfies(c -> assertThat(c).startsWith("name=\"readsAFieldOfAnotherContext()\"")
            .contains("reached a legacy call site not in the baseline " + baseline + ": ContextTest.java:" + line
                + " " + CONTEXT + ".readsAFieldOfAnotherContext agent-context (field-read websocketManager)"
                + " (rule 'agent-context')")
            .doesNotContain("(new "));
    TestSites.TestEntry failed = TestSites.read(tests).tests().stream()
        .filter(t -> t.method().equals("readsAFieldOfAnotherContext")).findFirst().orElseThrow();
    assertThat(failed.callSites()).extracting(TestSites.SiteCount::line, TestSites.SiteCount::use,
        TestSites.SiteCount::member, TestSites.SiteCount::count, TestSites.SiteCount::notInBaseline)
        .containsExactly(tuple(line, Use.NEW, CONTEXT_NEW, 1L, false),
            tuple(line, Use.FIELD_READ, "websocketManager", 1L, true));

    // the baseline as files before class rules wrote it: rule, class, method and line only
    Path sitesOnly = withoutUses(baseline, dir.resolve("context-sites-only.json"));
    assertThat(Report.read(sitesOnly).callSites()).isNotEmpty().allSatisfy(s -> assertThat(s.member()).isNull());
    TestJvm.Result bySite = launchClass(agent, CONTEXT, variant, dir.resolve("context-sites-report.json"),
        "-Dsunset.junit.baseline=" + sitesOnly, "-Dsunset.junit.failOnNew=true",
        "-Djunit.jupiter.extensions.autodetection.enabled=true");

    assertThat(bySite.exitCode()).as(bySite.toString()).isZero();
    assertThat(bySite.stdout()).anySatisfy(l -> assertThat(l).matches("\\[\\s+2 tests successful\\s+]"));
  }

  @Test
  void callsWhileTwoTestsRanAtOnceGoToNeitherTestButAreAllCounted() throws Exception {
    Path tests = dir.resolve("parallel-tests.json");
    Path report = dir.resolve("parallel-report.json");
    Path baseline = dir.resolve("empty-baseline.json");
    Files.writeString(baseline, "{\"format\": \"sunset-scan/1\", \"rules\": [], \"callSites\": []}");

    TestJvm.Result r = launchClass("com.acme.alerts.suite.TogetherTest", suite, report, "-Dsunset.junit.report=" + tests,
        "-Djunit.jupiter.execution.parallel.enabled=true", "-Djunit.jupiter.execution.parallel.mode.default=concurrent",
        "-Dsunset.junit.baseline=" + baseline, "-Dsunset.junit.failOnNew=true",
        "-Djunit.jupiter.extensions.autodetection.enabled=true");

    assertThat(r.exitCode()).as("neither test is failed for calls it cannot be told to have made: " + r).isZero();
    TestSites sites = TestSites.read(tests);
    assertThat(sites.tests()).as(r.toString()).isEmpty();
    assertThat(sites.outsideAnyTest()).isEmpty();
    assertThat(sites.whileSeveralTestsRan()).extracting(TestSites.SiteCount::className, TestSites.SiteCount::count,
        TestSites.SiteCount::notInBaseline).containsOnly(tuple(PUBLISHER, 2L, true)).hasSize(3);
    assertThat(Report.read(report).callSites()).filteredOn(s -> s.count() > 0).extracting(Report.Site::count)
        .containsOnly(2L).hasSize(3);
    assertThat(r.stderr()).anySatisfy(l -> assertThat(l).startsWith(
        "sunset-junit: 0 tests reached 3 legacy call sites (6 calls while several tests ran)"));
  }

  /**
   * A real library's own suite from Maven Central, unchanged: Commons Lang 3.20.0's tests jar, run by the console
   * launcher with the real agent and the rules {@code sunset rules --from-deprecated --all-deprecated} writes from
   * Commons Lang's own jar (every deprecated method at {@code observe}, deprecated classes as class rules). Its tests
   * call the deprecated methods they test, and Commons Lang calls some of its own (StringUtils.removePattern calls
   * RegExUtils.removePattern). Not the whole suite: the {@code text} package (deprecated as a whole),
   * StringUtilsTest and StringUtilsEqualsIndexOfTest hold most of the tests jar's call sites (3,686 of its 4,745)
   * and run in tens of seconds; ExtendedMessageFormatTest is left out because it formats dates in every locale the JDK has (over a minute
   * on its own here), StringEscapeUtilsTest because one of its tests reads a file of Commons Lang's source tree.
   */
  @Test
  void aRealLibrarysOwnSuiteFromMavenCentralGivesEachTestItsDeprecatedCallsAndAllAddUpToTheAgentsReport()
      throws Exception {
    Path suiteJars = Build.commonsLangSuite();
    Path lang = suiteJars.resolve("commons-lang3.jar");
    GeneratedRules generated = RulesFromDeprecated.builder().allDeprecated(true).build().generate(List.of(lang));
    Path rules = Files.writeString(dir.resolve("commons-lang3-rules.yaml"), generated.text());
    Path tests = dir.resolve("commons-lang3-tests.json");
    Path report = dir.resolve("commons-lang3-report.json");
    List<Path> classPath = new ArrayList<>(List.of(suiteJars.resolve("commons-lang3-tests.jar"), lang,
        suiteJars.resolve("junit-pioneer.jar")));
    classPath.addAll(sunsetJunit());

    long started = System.nanoTime();
    TestJvm.Result r = TestJvm.withAgent("rules=" + rules + ",report=" + report + ",summary=false")
        .option("-Dsunset.junit.report=" + tests)
        .run(Duration.ofMinutes(5), "-jar", Build.junitConsoleJar().toString(), "execute", "--disable-banner",
            "--disable-ansi-colors", "--details=summary", "--fail-if-no-tests", "--class-path",
            classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
            "--select-package", "org.apache.commons.lang3.text",
            "--exclude-classname", ".*ExtendedMessageFormatTest",
            "--select-class", "org.apache.commons.lang3.StringUtilsTest",
            "--select-class", "org.apache.commons.lang3.StringUtilsEqualsIndexOfTest");
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).anySatisfy(l -> assertThat(l).matches("\\[\\s+0 tests failed\\s+]"));
    TestSites sites = TestSites.read(tests);
    Map<String, Long> counted = assertEveryCountedCallIsInExactlyOnePlace(sites, Report.read(report));
    assertThat(sites.whileSeveralTestsRan()).as("the tests ran one at a time").isEmpty();
    List<TestSites.TestEntry> reaching = sites.tests().stream().filter(t -> !t.callSites().isEmpty()).toList();
    assertThat(reaching).as("tests that reached a deprecated method").hasSizeGreaterThan(300);

    String equalsIgnoreCase = "org.apache.commons.lang3.StringUtils.equalsIgnoreCase-CharSequence-CharSequence";
    assertThat(generated.rules()).extracting(GeneratedRules.Rule::id).contains(equalsIgnoreCase);
    assertThat(sites.tests()).filteredOn(t -> t.method().equals("testEqualsIgnoreCase")
        && t.className().equals("org.apache.commons.lang3.StringUtilsEqualsIndexOfTest")).singleElement()
        .satisfies(t -> {
          assertThat(t.callSites()).as("its own calls of the method it tests").isNotEmpty()
              .allSatisfy(c -> assertThat(c.className() + "." + c.method() + " " + c.rule())
                  .isEqualTo(t.className() + ".testEqualsIgnoreCase " + equalsIgnoreCase));
        });
    assertThat(reaching).as("a call Commons Lang makes itself, given to the test that made it run")
        .anySatisfy(t -> assertThat(t.callSites()).anySatisfy(c -> assertThat(c.className())
            .isEqualTo("org.apache.commons.lang3.StringUtils")));
    String successful = r.stdout().stream().filter(l -> l.matches("\\[\\s+\\d+ tests successful\\s+]"))
        .map(l -> l.replaceAll("\\D", "")).findFirst().orElseThrow();
    System.out.printf("Commons Lang's suite: %s tests passed, %d reached %d call sites of %d rules (%d calls, %d"
        + " of them outside any test) in %d s%n", successful, reaching.size(), counted.size(), generated.rules().size(),
        counted.values().stream().mapToLong(Long::longValue).sum(),
        sites.outsideAnyTest().stream().mapToLong(TestSites.SiteCount::count).sum(), took.toSeconds());
  }

  /**
   * The chat app's own suite (its test jar), unchanged: its server answers on Jetty's threads, so every call of a test
   * is made on a thread other than the test's, and still goes to that test; 200 users at once are one test's calls.
   */
  @Test
  void theChatAppsOwnSuiteGivesEachTestTheCallsItsServerMadeOnOtherThreads() throws Exception {
    Path tests = dir.resolve("chat-tests.json");
    Path report = dir.resolve("chat-report.json");
    Path ownBuild = BuiltJars.locationOf(JUnitPerTestIT.class).getParent();
    List<Path> classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of)
        .filter(p -> !p.startsWith(ownBuild)) // this module's classes and test classes
        .filter(p -> !p.getFileName().toString().matches(
            "(junit-(jupiter|platform)-.*|opentest4j-.*|apiguardian-.*|sunset-javaagent-.*)"))
        .toList(); // the console launcher brings its own JUnit; the agent comes with -javaagent only

    TestJvm.Result r = TestJvm.withAgent("report=" + report + ",summary=false")
        .option("-Dsunset.junit.report=" + tests)
        .run(TIMEOUT, "-jar", Build.junitConsoleJar().toString(), "execute", "--disable-banner",
            "--disable-ansi-colors", "--details=summary", "--fail-if-no-tests", "--class-path",
            classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
            "--select-class", "dev.sunset.examples.chat.ChatServerTest",
            "--select-class", "dev.sunset.examples.chat.GoldenPathTest");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    TestSites sites = TestSites.read(tests);
    assertThat(sites.tests()).as(r.toString()).extracting(TestSites.TestEntry::method).containsExactlyInAnyOrder(
        "theAnswerComesFromTheToolTheMessageCalledFor", "aFailingToolStillEndsTheRunWithAllFiveEvents",
        "everyConnectionOfTheUserReceivesTheRunAndOtherUsersNothing",
        "theEventsOfARunCarryTheUsersConversationRunAndRequest",
        "twoHundredConcurrentUsersEachReceiveExactlyTheirOwnFiveEventsInOrder");
    assertThat(sites.tests()).filteredOn(t -> t.method().startsWith("twoHundred")).singleElement()
        .satisfies(t -> assertThat(t.callSites()).filteredOn(s -> s.className().endsWith(".ChatSocket"))
            .extracting(TestSites.SiteCount::count).containsOnly(200L).isNotEmpty());
    assertEveryCountedCallIsInExactlyOnePlace(sites, Report.read(report));
  }
}
