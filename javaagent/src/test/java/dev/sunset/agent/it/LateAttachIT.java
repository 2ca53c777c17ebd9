package dev.sunset.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent attached to a running JVM rewrites the classes already loaded, and counts the code already running. */
class LateAttachIT {
  private static final String FIX = "dev.sunset.agent.it.fixtures.";
  private static final String LOOP_APP = FIX + "RunningLoopApp";
  /** The paths {@code RunningLoopApp} calls the legacy method by, and the (class, method) of their sites. */
  private static final Map<String, String> PATH_SITES = Map.of(
      "main", FIX + "RunningLoopApp.main",
      "tick", FIX + "RunningLoopApp.tick",
      "reference", FIX + "ReferenceCaller.viaReference",
      "held", FIX + "RunningLoopApp.heldReference");

  @TempDir
  Path dir;

  @Test
  void attachingToARunningJvmRewritesAlreadyLoadedClassesOnce() throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule("redirect"));
    Path report = dir.resolve("report.json");
    try (RunningApp app = new RunningApp(ForkedJvm.withoutAgent().jvmArg("-XX:+EnableDynamicAgentLoading")
        .start(FIX + "LateAttachApp"))) {
      app.awaitStdout("ready"::equals, 60);
      attach(app, "rules=" + rules + ",report=" + report);
      Map<String, String> out = app.stop();

      assertThat(out).containsEntry("before", "legacy:utc:0").containsEntry("after", "modern:5");
      Map<String, Object> json = Reports.read(report);
      assertThat(Reports.count(Reports.site(json, "clock-now", "afterAttach"))).isEqualTo(1);
      assertThat(Reports.site(json, "clock-now", "main")).isNotNull();
    }
  }

  private static void attach(RunningApp app, String options) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(String.valueOf(app.pid()));
    try {
      vm.loadAgent(ForkedJvm.agentJar().toString(), options);
    } finally {
      vm.detach();
    }
  }

  /** What a run of {@code RunningLoopApp} printed and reported, by path. */
  private record LoopRun(Map<String, String> printed, Map<String, Object> report, List<String> stderr) {
    /** The app's own tally of one path's calls at a mark ({@code before}, {@code after}, {@code total}). */
    long tallied(String mark, String path, String outcome) {
      return Long.parseLong(printed.get(mark + "." + path + "." + outcome));
    }

    long tallied(String mark, String path) {
      long sum = 0;
      for (String outcome : List.of("legacy", "modern", "denied", "other")) {
        sum += tallied(mark, path, outcome);
      }
      return sum;
    }

    /** The report's counts of one path's sites, by stage. */
    Map<String, Long> counted(String path) {
      Map<String, Long> byStage = new LinkedHashMap<>();
      for (Map<String, Object> site : Reports.sitesOf(report, "clock-now")) {
        if (PATH_SITES.get(path).equals(site.get("class") + "." + site.get("method"))) {
          @SuppressWarnings("unchecked")
          Map<String, Object> counts = (Map<String, Object>) site.get("countsByStage");
          counts.forEach((stage, n) -> byStage.merge(stage, ((Number) n).longValue(), Long::sum));
        }
      }
      return byStage;
    }

    long counted(String path, String stage) {
      return counted(path).getOrDefault(stage, 0L);
    }

    @Override
    public String toString() {
      return "printed " + printed + "\nsites " + Reports.sitesOf(report, "clock-now") + "\nstderr " + stderr;
    }

    /** The report's sites that counted calls outside the four paths' methods. */
    List<Map<String, Object>> countedElsewhere() {
      List<Map<String, Object>> elsewhere = new ArrayList<>();
      for (Map<String, Object> site : Reports.sitesOf(report, "clock-now")) {
        if (!PATH_SITES.containsValue(site.get("class") + "." + site.get("method")) && Reports.count(site) > 0) {
          elsewhere.add(site);
        }
      }
      return elsewhere;
    }
  }

  /**
   * Starts the loop without the agent, marks its tallies ({@code before}), attaches with the rule at
   * {@code stage}, marks them again once the attach has returned ({@code after}), lets it run until more calls
   * followed the attach than were made while it ran, and stops it.
   */
  private LoopRun attachToTheRunningLoop(String stage) throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule(stage));
    Path report = dir.resolve("report.json");
    try (RunningApp app = new RunningApp(ForkedJvm.withoutAgent().jvmArg("-XX:+EnableDynamicAgentLoading")
        .start(LOOP_APP))) {
      app.awaitStdout("ready"::equals, 60);
      app.send("mark before");
      app.awaitStdout("before.marked=1"::equals, 30);
      attach(app, "rules=" + rules + ",report=" + report + ",summary=false");
      app.send("mark after");
      app.awaitStdout("after.marked=1"::equals, 30);
      // run on until more calls followed the attach than were made while it ran, and ten more, so that a call
      // counted twice would take a path's count past the most it may be (its calls since the attach began)
      long before = mainCalls(app.values(), "before");
      long after = mainCalls(app.values(), "after");
      for (int round = 0; ; round++) {
        Thread.sleep(500);
        String mark = "round" + round;
        app.send("mark " + mark);
        app.awaitStdout((mark + ".marked=1")::equals, 30);
        if (mainCalls(app.values(), mark) - after > after - before + 10) {
          break;
        }
      }
      Map<String, String> printed = app.stop();
      return new LoopRun(printed, Reports.read(report), app.stderr());
    }
  }

  private static long mainCalls(Map<String, String> printed, String mark) {
    long sum = 0;
    for (String outcome : List.of("legacy", "modern", "denied", "other")) {
      sum += Long.parseLong(printed.get(mark + ".main." + outcome));
    }
    return sum;
  }

  @Test
  void atObserveEveryCallMadeAfterTheAttachIsCountedOnceWhetherItsFrameWasRunningOrNot() throws Exception {
    LoopRun run = attachToTheRunningLoop("observe");

    for (String path : PATH_SITES.keySet()) {
      long afterAttach = run.tallied("total", path) - run.tallied("after", path);
      long sinceAttachBegan = run.tallied("total", path) - run.tallied("before", path);
      assertThat(run.counted(path)).as("%s: %s", path, run).containsOnlyKeys("observe");
      assertThat(run.counted(path, "observe")).as("%s: %s", path, run)
          .isBetween(afterAttach, sinceAttachBegan);
      assertThat(run.tallied("total", path, "legacy")).as(path).isEqualTo(run.tallied("total", path));
    }
    assertThat(run.countedElsewhere()).as("%s", run).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"redirect", "deny"})
  void atRedirectAndDenyEveryCallIsCountedExactlyAsTheAppSawItWhetherItsFrameWasRunningOrNot(String stage)
      throws Exception {
    LoopRun run = attachToTheRunningLoop(stage);
    String outcome = stage.equals("redirect") ? "modern" : "denied";

    for (String path : PATH_SITES.keySet()) {
      long afterAttach = run.tallied("total", path) - run.tallied("after", path);
      long staged = run.tallied("total", path, outcome);
      assertThat(staged).as("%s: every call after the attach returned is %s; %s", path, stage, run)
          .isGreaterThanOrEqualTo(afterAttach).isPositive();
      assertThat(run.tallied("total", path, "other")).as(path).isZero();
      assertThat(run.counted(path)).as("%s: %s", path, run).containsOnlyKeys(stage);
      assertThat(run.counted(path, stage)).as("%s: %s", path, run).isEqualTo(staged);
    }
    assertThat(run.countedElsewhere()).as("%s", run).isEmpty();
  }

  @Test
  void aCallFromTheFrameThatWasRunningIsCountedAtTheSiteOfItsLineAsTheScanListsIt() throws Exception {
    LoopRun run = attachToTheRunningLoop("observe");

    assertThat(Reports.sitesOf(run.report(), "clock-now")).filteredOn(site -> site.get("method").equals("main"))
        .as("%s", run).singleElement().satisfies(site -> {
          assertThat(site).containsEntry("line", 57).containsEntry("file", "RunningLoopApp.java")
              .doesNotContainKey("via").doesNotContainKey("methodReference");
          assertThat(Reports.count(site)).isGreaterThanOrEqualTo(run.tallied("total", "main") - run.tallied("after", "main"));
        });
  }

  @Test
  void aMethodReferenceInAClassLoadedBeforeTheAttachStaysASiteAtItsOwnLine() throws Exception {
    LoopRun run = attachToTheRunningLoop("observe");

    List<Map<String, Object>> references = new ArrayList<>();
    for (Map<String, Object> site : Reports.sitesOf(run.report(), "clock-now")) {
      if (Boolean.TRUE.equals(site.get("methodReference"))) {
        references.add(site);
      }
    }
    assertThat(references).as("%s", run).extracting(s -> s.get("class") + "." + s.get("method"))
        .containsExactlyInAnyOrder(PATH_SITES.get("reference"), PATH_SITES.get("held"));
    assertThat(references).allSatisfy(s -> assertThat(s).doesNotContainKey("via").containsEntry("file", 
        s.get("class").equals(FIX + "ReferenceCaller") ? "ReferenceCaller.java" : "RunningLoopApp.java"));
    assertThat(Reports.site(run.report(), "clock-now", "viaReference")).containsEntry("line", 11);
    assertThat(Reports.site(run.report(), "clock-now", "heldReference")).containsEntry("line", 90);
  }
}
