package dev.sunset.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.testing.TestJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Calls that no rewritten call site covers (reflection, method handles looked up at run time, calls naming a
 * subclass, a serializable method reference) are caught at the legacy method: under each stage the rule's stage
 * applies to them, each call is counted exactly once (never a second time when it came through a rewritten site),
 * at its caller's frame (class, method, line of the {@code invoke}, {@code invokeExact} or call), with {@code via}
 * saying how it got there. Fixture: {@code src/fixtures/uncovered-calls}, on the class path, with a rules file.
 */
class UncoveredCallsIT {
  private static final String APP = "com.acme.uncovered.UncoveredCallsApp";
  private static final String APP_CLASS = "com/acme/uncovered/UncoveredCallsApp.class";
  private static final String DENIED = "denied:dev.sunset.agent.LegacyCallDeniedException";
  private static final int ALL_CALLS = 45; // 1 + 2 + ... + 9

  /**
   * One way the fixture reaches a legacy method, in a method of its own: the rule it falls under, the instruction
   * at the caller's frame (owner, name), the {@code via} the report must give (null for a rewritten site), how many
   * times the fixture takes it, and the receiver's name for {@code describe} (null for {@code create}).
   */
  private record Way(String method, String rule, String calledOwner, String calledName, String via, int times,
      String receiver) {
    String legacyResult() {
      return receiver == null ? "legacy-create:" + method : "legacy-describe:" + receiver + ":" + method;
    }

    String modernResult() {
      return receiver == null ? "modern-create:" + method : "modern-describe:" + receiver + ":" + method;
    }
  }

  private static final List<Way> WAYS = List.of(
      new Way("direct", "legacy-create", "com/acme/uncovered/Legacy", "create", null, 1, null),
      new Way("directInstance", "legacy-describe", "com/acme/uncovered/Legacy", "describe", null, 2, "d"),
      new Way("reflection", "legacy-create", "java/lang/reflect/Method", "invoke", "reflection", 3, null),
      new Way("reflectionInstance", "legacy-describe", "java/lang/reflect/Method", "invoke", "reflection", 4, "r"),
      new Way("methodHandleStatic", "legacy-create", "java/lang/invoke/MethodHandle", "invokeExact",
          "method-handle", 5, null),
      new Way("methodHandleVirtual", "legacy-describe", "java/lang/invoke/MethodHandle", "invokeExact",
          "method-handle", 6, "h"),
      new Way("subclassStatic", "legacy-create", "com/acme/uncovered/Special", "create", null, 7, null),
      new Way("subclassInstance", "legacy-describe", "com/acme/uncovered/Special", "describe", null, 8,
          "s"),
      new Way("serializableReference", "legacy-create", "com/acme/uncovered/SerializableFactory", "apply",
          "method-reference", 9, null));

  /** The run of the fixture under each stage, shared by the tests of that stage. */
  private static final Map<String, Run> RUNS = new ConcurrentHashMap<>();

  private record Run(TestJvm.Result result, Report report) {}

  @TempDir
  static Path work;

  private static Path classes;

  @BeforeAll
  static void compileTheFixture() {
    classes = Fixtures.classes("uncovered-calls", List.of(), List.of());
  }

  @Test
  void withoutTheAgentEveryWayRunsTheLegacyMethod() throws Exception {
    TestJvm.Result r = TestJvm.withoutAgent().classPath(List.of(classes)).run(Duration.ofSeconds(60), APP);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    Map<String, String> expected = new LinkedHashMap<>();
    WAYS.forEach(w -> expected.put(w.method(), w.legacyResult()));
    expected.put("legacyRuns", String.valueOf(ALL_CALLS));
    expected.put("modernRuns", "0");
    assertThat(r.values()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"observe", "redirect", "warn", "deny"})
  void theRuleStageAppliesToEveryWayOfReachingTheLegacyMethod(String stage) throws Exception {
    TestJvm.Result r = run(stage).result();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    Map<String, String> expected = new LinkedHashMap<>();
    for (Way w : WAYS) {
      expected.put(w.method(), switch (stage) {
        case "observe" -> w.legacyResult();
        case "redirect", "warn" -> w.modernResult();
        default -> DENIED;
      });
    }
    expected.put("legacyRuns", stage.equals("observe") ? String.valueOf(ALL_CALLS) : "0");
    expected.put("modernRuns", stage.equals("redirect") || stage.equals("warn") ? String.valueOf(ALL_CALLS) : "0");
    assertThat(r.values()).as(r.toString()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"observe", "redirect", "warn", "deny"})
  void everyCallIsCountedOnceAtItsCallerFrameWithHowItGotThere(String stage) throws Exception {
    Run run = run(stage);
    String codeSource = classes.toUri().toURL().toString();
    Path appClass = classes.resolve(APP_CLASS);
    List<Report.Site> expected = new ArrayList<>();
    for (Way w : WAYS) {
      expected.add(new Report.Site(w.rule(), APP, w.method(), CallLines.descriptorOf(appClass, w.method()),
          "UncoveredCallsApp.java", CallLines.lineOf(appClass, w.method(), w.calledOwner(), w.calledName()),
          codeSource, w.times(), stage, Map.of(stage, (long) w.times()), w.via(), w.via() != null));
    }

    assertThat(run.report().callSites()).as(run.result().toString()).containsExactlyInAnyOrderElementsOf(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"observe", "redirect", "warn", "deny"})
  void bothRulesResolveInTheApplicationClassLoaderOnly(String stage) throws Exception {
    Run run = run(stage);
    String codeSource = classes.toUri().toURL().toString();
    LoaderId app = new LoaderId("app", "jdk.internal.loader.ClassLoaders$AppClassLoader", null);

    assertThat(run.report().ruleIds()).containsExactlyInAnyOrder("legacy-create", "legacy-describe");
    for (String rule : List.of("legacy-create", "legacy-describe")) {
      Report.Rule r = run.report().rule(rule);
      assertThat(r.stage()).isEqualTo(stage);
      assertThat(r.resolvedIn()).as("resolvedIn of %s", rule).singleElement().satisfies(where -> {
        assertThat(where.codeSource()).isEqualTo(codeSource);
        assertThat(app.isNamedBy(where.loader())).as("%s names %s", where.loader(), app).isTrue();
      });
    }
  }

  @Test
  void warnPrintsOneLinePerCallerFrame() throws Exception {
    Run run = run("warn");
    Path appClass = classes.resolve(APP_CLASS);
    List<String> warnings = run.result().agentLines().stream().filter(l -> l.startsWith("WARN ")).toList();

    assertThat(warnings).as(run.result().toString()).hasSize(WAYS.size());
    for (Way w : WAYS) {
      String caller = APP + "." + w.method() + "(UncoveredCallsApp.java:"
          + CallLines.lineOf(appClass, w.method(), w.calledOwner(), w.calledName()) + ")";
      assertThat(warnings).as("warnings for %s", caller)
          .filteredOn(l -> l.contains(caller + " ")).singleElement().asString().contains("[rule " + w.rule() + "]");
    }
  }

  private static Run run(String stage) {
    return RUNS.computeIfAbsent(stage, s -> {
      try {
        Path dir = Files.createDirectories(work.resolve(s));
        Path rules = Files.writeString(dir.resolve("rules.yaml"), "rules:\n"
            + "  - id: legacy-create\n"
            + "    legacy: com.acme.uncovered.Legacy#create(java.lang.String)\n"
            + "    replacement: com.acme.uncovered.Modern#create(java.lang.String)\n"
            + "    stage: " + s + "\n"
            + "  - id: legacy-describe\n"
            + "    legacy: com.acme.uncovered.Legacy#describe(java.lang.String)\n"
            + "    replacement: com.acme.uncovered.Modern#describe(com.acme.uncovered.Legacy, java.lang.String)\n"
            + "    stage: " + s + "\n");
        Path report = dir.resolve("report.json");
        TestJvm.Result r = TestJvm.withAgent("rules=" + rules + ",report=" + report + ",summary=false")
            .classPath(List.of(classes)).run(Duration.ofSeconds(60), APP);
        assertThat(report).as(r.toString()).isRegularFile();
        return new Run(r, Report.read(report));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }
}
