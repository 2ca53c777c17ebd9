package dev.sunset.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Calls that no rewritten site covers (reflection, a method handle looked up at run time) are caught by the legacy
 * method's guard, which remembers the instructions it has seen by their method and offset: each call is still counted
 * at its caller's own line, exactly, whether two lines of one method call, two overloads call from the same offset, the
 * call is made at the bottom of a deep stack, or from another class; and a site warns once however often it calls.
 */
class GuardedCallersIT {
  private static final String APP = "dev.sunset.agent.it.fixtures.GuardedCallersApp";
  private static final String FIXTURES = "src/test/java/dev/sunset/agent/it/fixtures/";
  private static final int TIMES = 400;

  /** A site the fixture calls from: its class, method and descriptor, marker, calls a round, and how it came. */
  private record Expected(String type, String method, String descriptor, String marker, int perRound, String via) {}

  private static final String APP_CLASS = "GuardedCallersApp";
  private static final String OTHER_CLASS = "GuardedCallersOther";
  private static final String CALLS = "(Ljava/lang/reflect/Method;Ljava/lang/invoke/MethodHandle;"
      + "Ldev/sunset/agent/it/fixtures/LegacyClock;)V";

  private static final List<Expected> SITES = List.of(
      new Expected(APP_CLASS, "twoLinesEach", CALLS, "reflectionFirst", 1, "reflection"),
      new Expected(APP_CLASS, "twoLinesEach", CALLS, "reflectionSecond", 2, "reflection"),
      new Expected(APP_CLASS, "twoLinesEach", CALLS, "handleFirst", 3, "method-handle"),
      new Expected(APP_CLASS, "twoLinesEach", CALLS, "handleSecond", 4, "method-handle"),
      new Expected(APP_CLASS, "overloaded", "(Ljava/lang/reflect/Method;Ldev/sunset/agent/it/fixtures/LegacyClock;"
          + "Ljava/lang/String;)Ljava/lang/String;", "overloadedString", 1, "reflection"),
      new Expected(APP_CLASS, "overloaded", "(Ljava/lang/reflect/Method;Ldev/sunset/agent/it/fixtures/LegacyClock;"
          + "Ljava/lang/Integer;)Ljava/lang/String;", "overloadedInteger", 2, "reflection"),
      new Expected(APP_CLASS, "deep", "(Ljava/lang/reflect/Method;Ldev/sunset/agent/it/fixtures/LegacyClock;I)"
          + "Ljava/lang/String;", "deep", 1, "reflection"),
      new Expected(OTHER_CLASS, "call", CALLS, "otherReflection", 5, "reflection"),
      new Expected(OTHER_CLASS, "call", CALLS, "otherHandle", 6, "method-handle"));

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"redirect", "warn"})
  void eachGuardedCallIsCountedOnceAtItsCallersOwnLine(String stage) throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule(stage));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=" + report).run(APP, String.valueOf(TIMES));

    assertThat(r.exitCode).as(r.toString()).isZero();
    int perRound = SITES.stream().mapToInt(Expected::perRound).sum();
    assertThat(r.values()).as(r.toString()).containsEntry("legacyRuns", "0")
        .containsEntry("modernRuns", String.valueOf(perRound * TIMES));
    List<Map<String, Object>> sites = Reports.sitesOf(Reports.read(report), "clock-now");
    assertThat(sites).as("one site per calling line, none twice").hasSize(SITES.size());
    for (Expected e : SITES) {
      int line = lineOf(e.type(), e.marker());
      List<Map<String, Object>> at = sites.stream().filter(s -> s.get("class").equals(RulesFiles.FIX + e.type())
          && s.get("method").equals(e.method()) && s.get("line").equals(line)).toList();
      assertThat(at).as(e.marker() + " at line " + line + " in " + sites).singleElement().satisfies(site -> {
        assertThat(site).containsEntry("descriptor", e.descriptor()).containsEntry("file", e.type() + ".java")
            .containsEntry("via", e.via()).containsEntry("count", e.perRound() * TIMES)
            .containsEntry("countsByStage", Map.of(stage, e.perRound() * TIMES));
      });
    }
    List<String> warnings = r.agentLines().stream().filter(l -> l.startsWith("WARN legacy call")).toList();
    assertThat(warnings).as("one warning per site").hasSize(stage.equals("warn") ? SITES.size() : 0);
  }

  /** The line marked {@code // guard:<marker>} in a fixture's source. */
  private static int lineOf(String type, String marker) throws IOException {
    List<String> lines = Files.readAllLines(Path.of(FIXTURES + type + ".java"));
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).endsWith("// guard:" + marker)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line marked guard:" + marker + " in " + type);
  }
}
