package dev.sunset.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmc.common.IMCStackTrace;

/**
 * The agent's JDK Flight Recorder events, recorded by a real recording ({@code -XX:StartFlightRecording}) of a forked
 * JVM with the real agent jar, and read back with {@code jdk.jfr.consumer}, and once with JDK Mission Control's own
 * parser.
 */
class JfrEventsIT {
  private static final String APP = "dev.sunset.agent.it.fixtures.LiveApp";
  private static final String CALLER = "dev.sunset.agent.it.fixtures.LiveApp$Caller";
  private static final String REFUSED_RULE = "  - id: shouting\n"
      + "    legacy: " + RulesFiles.FIX + "LegacyClock#now(int)\n"
      + "    stage: shout\n";

  @TempDir
  Path dir;

  private Path rulesFile;

  private void writeRules(String text) throws Exception {
    Path temp = dir.resolve("rules.yaml.tmp");
    Files.writeString(temp, text);
    Files.move(temp, rulesFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** A recorded run of the live application, its report and the totals it printed. */
  private record LiveRun(Path recording, Path report, Map<String, String> totals) {}

  /**
   * Records the live application calling the legacy method at {@code observe}, its rules file then edited to
   * {@code redirect} (a stage change), then to an unknown stage (a refused edit); with a rule refused from the start.
   */
  private LiveRun recordALiveRun() throws Exception {
    rulesFile = dir.resolve("rules.yaml");
    writeRules("rules:\n" + RulesFiles.nowRule("observe") + REFUSED_RULE);
    Path report = dir.resolve("report.json");
    Path recording = dir.resolve("run.jfr");
    try (RunningApp app = new RunningApp(ForkedJvm.withAgent("rules=" + rulesFile + ",report=" + report)
        .jvmArg("-XX:StartFlightRecording=filename=" + recording).start(APP, "2"))) {
      app.awaitStdout("ready"::equals, 60);
      Thread.sleep(300);
      writeRules("rules:\n" + RulesFiles.nowRule("redirect"));
      app.awaitAgentLine(l -> l.startsWith("rules reloaded") && l.contains("stage observe -> redirect"), 10);
      writeRules("rules:\n" + RulesFiles.nowRule("shout"));
      app.awaitAgentLine(l -> l.startsWith("rules edit refused") && l.contains("shout"), 10);
      Thread.sleep(300);
      return new LiveRun(recording, report, app.stop());
    }
  }

  @Test
  void aRecordedRunHoldsEachSitesFirstCallItsExactCountAStageChangeAndTheRuleProblems() throws Exception {
    LiveRun run = recordALiveRun();
    List<RecordedEvent> events = RecordingFile.readAllEvents(run.recording());
    Map<String, Object> site = Reports.site(Reports.read(run.report()), "clock-now", "run");
    long legacy = Long.parseLong(run.totals().get("legacy"));
    long modern = Long.parseLong(run.totals().get("modern"));
    assertThat(legacy).isPositive();
    assertThat(modern).isPositive();
    assertThat(Reports.count(site)).isEqualTo(legacy + modern);

    List<RecordedEvent> firstCalls = named(events, "dev.sunset.LegacyCall");
    assertThat(firstCalls).hasSize(1);
    RecordedEvent first = firstCalls.get(0);
    assertThat(first.getString("rule")).isEqualTo("clock-now");
    assertThat(first.getString("stage")).isEqualTo("observe");
    assertThat(first.getString("legacyMethod")).isEqualTo(RulesFiles.FIX + "LegacyClock#now(int)");
    assertThat(first.getString("callerClass")).isEqualTo(CALLER);
    assertThat(first.getString("callerMethod")).isEqualTo("run");
    assertThat(first.getString("sourceFile")).isEqualTo("LiveApp.java");
    assertThat(first.getInt("line")).isEqualTo(((Number) site.get("line")).intValue());
    assertThat(first.getString("codeSource")).isEqualTo(site.get("codeSource"));
    assertThat(first.getString("via")).isNull();
    assertThat(first.getString("use")).isEqualTo("call");
    assertThat(first.getString("member")).as("a method rule's member is its legacy method").isNull();
    assertThat(fieldNames(first)).as("no argument or return value: only where the site is and its rule")
        .containsExactly("startTime", "duration", "eventThread", "stackTrace", "rule", "stage", "legacyMethod",
            "callerClass", "callerMethod", "sourceFile", "line", "codeSource", "via", "siteId", "use", "member");
    // the JVM's hidden frames (the site's method-handle frames and the hidden class committing the event) are left
    // out, as jfr print and jfr view show stack traces; no frame of Sunset's own is above the call
    List<RecordedFrame> frames = first.getStackTrace().getFrames();
    List<RecordedFrame> shown = frames.stream().filter(f -> !f.getMethod().isHidden()).collect(Collectors.toList());
    assertThat(frames.subList(0, frames.indexOf(shown.get(0)))).allSatisfy(f -> assertThat(f.getMethod().isHidden())
        .isTrue());
    RecordedFrame top = shown.get(0);
    assertThat(top.getMethod().getType().getName()).isEqualTo(CALLER);
    assertThat(top.getMethod().getName()).isEqualTo("run");
    assertThat(top.getLineNumber()).as("the top frame is the calling line").isEqualTo(first.getInt("line"));
    assertThat(first.getThread("eventThread").getJavaName()).startsWith("caller-");

    List<RecordedEvent> counts = named(events, "dev.sunset.LegacyCallCount").stream()
        .filter(e -> e.getInt("siteId") == first.getInt("siteId")).collect(Collectors.toList());
    assertThat(counts).isNotEmpty();
    RecordedEvent last = counts.stream().max(Comparator.comparing(RecordedEvent::getStartTime)).orElseThrow();
    assertThat(last.getLong("calls")).as("the last count is the report's").isEqualTo(Reports.count(site));
    assertThat(counts.stream().mapToLong(e -> e.getLong("callsSinceLast")).sum()).isEqualTo(Reports.count(site));
    assertThat(last.getString("stage")).isEqualTo("redirect");
    assertThat(last.getString("callerClass")).isEqualTo(CALLER);

    List<RecordedEvent> changes = named(events, "dev.sunset.StageChange");
    assertThat(changes).extracting(e -> e.getString("scope") + " " + e.getString("rule") + " " + e.getString("from")
        + " -> " + e.getString("to") + " (" + e.getString("cause") + ")")
        .containsExactlyInAnyOrder("rule clock-now observe -> redirect (reload)",
            "site clock-now observe -> redirect (reload)");
    RecordedEvent siteChange = changes.stream().filter(e -> e.getString("scope").equals("site")).findFirst()
        .orElseThrow();
    assertThat(siteChange.getString("callerClass")).isEqualTo(CALLER);
    assertThat(siteChange.getInt("line")).isEqualTo(first.getInt("line"));

    List<RecordedEvent> problems = named(events, "dev.sunset.RuleProblem");
    assertThat(problems).extracting(e -> e.getString("rule") + " " + e.getString("kind") + " "
        + e.getBoolean("editRefused") + ": " + e.getString("problem"))
        .containsExactly(
            "shouting rule false: unknown stage 'shout' (known: observe, redirect, warn, deny)",
            "clock-now rule true: unknown stage 'shout' (known: observe, redirect, warn, deny)");
    assertThat(problems).allSatisfy(p -> {
      assertThat(p.getString("rulesFile")).isEqualTo(rulesFile.toString());
      assertThat(p.getInt("line")).isPositive();
    });
  }

  /**
   * The same run's recording read by JDK Mission Control's own parser, the library its views are built on (JMC itself
   * is a desktop application): the four event types with their fields, the first call's stack trace down to the
   * calling line, and the report's count in the last periodic count.
   */
  @Test
  void jdkMissionControlsOwnParserReadsTheFourEventTypesWithTheirFieldsAndTheFirstCallsStackTrace() throws Exception {
    LiveRun run = recordALiveRun();
    List<MissionControl.Event> events = MissionControl.events(run.recording(), "dev.sunset.");
    Map<String, Object> site = Reports.site(Reports.read(run.report()), "clock-now", "run");
    int line = ((Number) site.get("line")).intValue();

    assertThat(events).extracting(MissionControl.Event::type).containsOnly("dev.sunset.LegacyCall",
        "dev.sunset.LegacyCallCount", "dev.sunset.StageChange", "dev.sunset.RuleProblem")
        .contains("dev.sunset.LegacyCall", "dev.sunset.LegacyCallCount", "dev.sunset.StageChange",
            "dev.sunset.RuleProblem");
    MissionControl.Event first = events.stream().filter(e -> e.type().equals("dev.sunset.LegacyCall"))
        .reduce((a, b) -> {
          throw new AssertionError("one first call: " + a + ", " + b);
        }).orElseThrow();
    assertThat(first.fields()).containsKeys("startTime", "eventThread", "stackTrace", "rule", "stage", "legacyMethod",
        "callerClass", "callerMethod", "sourceFile", "line", "codeSource", "siteId", "use");
    assertThat(first.string("rule")).isEqualTo("clock-now");
    assertThat(first.string("stage")).isEqualTo("observe");
    assertThat(first.string("legacyMethod")).isEqualTo(RulesFiles.FIX + "LegacyClock#now(int)");
    assertThat(first.string("callerClass")).isEqualTo(CALLER);
    assertThat(first.string("callerMethod")).isEqualTo("run");
    assertThat(first.string("sourceFile")).isEqualTo("LiveApp.java");
    assertThat(first.number("line")).isEqualTo(line);
    assertThat(first.string("codeSource")).isEqualTo(site.get("codeSource"));
    assertThat(((IMCStackTrace) first.fields().get("stackTrace")).getFrames()).as("the stack trace JMC shows")
        .anySatisfy(f -> {
          assertThat(f.getMethod().getType().getFullName()).isEqualTo(CALLER);
          assertThat(f.getMethod().getMethodName()).isEqualTo("run");
          assertThat(f.getFrameLineNumber()).isEqualTo(line);
        });

    MissionControl.Event lastCount = events.stream().filter(e -> e.type().equals("dev.sunset.LegacyCallCount")
        && e.number("siteId") == first.number("siteId")).reduce((a, b) -> b).orElseThrow();
    assertThat(lastCount.number("calls")).as("the last count is the report's").isEqualTo(Reports.count(site));
    assertThat(lastCount.string("stage")).isEqualTo("redirect");
    assertThat(lastCount.fields()).containsKeys("callsSinceLast", "callerClass", "callerMethod", "line");

    assertThat(events).filteredOn(e -> e.type().equals("dev.sunset.StageChange"))
        .extracting(e -> e.string("scope") + " " + e.string("rule") + " " + e.string("from") + " -> " + e.string("to")
            + " (" + e.string("cause") + ")")
        .containsExactlyInAnyOrder("rule clock-now observe -> redirect (reload)",
            "site clock-now observe -> redirect (reload)");
    // the refused edit's problem, recorded as it happened (the test above covers the problems found before the
    // recording started)
    assertThat(events).filteredOn(e -> e.type().equals("dev.sunset.RuleProblem"))
        .allSatisfy(e -> assertThat(e.fields()).containsKeys("rulesFile", "line", "kind", "editRefused", "problem",
            "foundAt"))
        .extracting(e -> e.string("rule") + " " + e.string("kind") + " " + e.fields().get("editRefused") + ": "
            + e.string("problem"))
        .contains("clock-now rule true: unknown stage 'shout' (known: observe, redirect, warn, deny)");
  }

  @Test
  void eachUseOfAClassRulesClassIsAFirstCallEventAndACountOfItsOwnNamingItsUseAndMemberWithTheReportsCount()
      throws Exception {
    String fix = "dev.sunset.agent.it.fixtures.classes.";
    Path rules = RulesFiles.write(dir, "  - id: registry\n    legacy: " + fix + "LegacyRegistry\n    stage: observe\n");
    Path report = dir.resolve("report.json");
    Path recording = dir.resolve("classes.jfr");

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=" + report)
        .jvmArg("-XX:StartFlightRecording=filename=" + recording).run(fix + "ClassUseApp", "3");

    assertThat(r.exitCode).as(r.toString()).isZero();
    Map<String, Long> reported = new TreeMap<>();
    for (Map<String, Object> site : Reports.sitesOf(Reports.read(report), "registry")) {
      String cls = String.valueOf(site.get("class"));
      reported.put(cls.substring(cls.lastIndexOf('.') + 1) + "." + site.get("method") + ":" + site.get("line") + " "
          + site.getOrDefault("use", "call") + " " + site.get("member"), Reports.count(site));
    }
    List<String> construct = reported.entrySet().stream().filter(e -> e.getKey().startsWith("ClassUseApp.construct:"))
        .map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.toList());
    assertThat(construct).as("two uses on one line, as ClassRulesIT lists them")
        .extracting(k -> k.substring(k.indexOf(' ') + 1)).containsExactlyInAnyOrder("new <init>() x3",
            "field-read name x3");
    assertThat(construct.stream().map(k -> k.substring(0, k.indexOf(' '))).distinct()).as("one line").hasSize(1);
    List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
    List<RecordedEvent> firstCalls = named(events, "dev.sunset.LegacyCall");
    assertThat(firstCalls).extracting(JfrEventsIT::useAtLine).as("one first call per site")
        .containsExactlyInAnyOrderElementsOf(reported.keySet());
    assertThat(firstCalls).allSatisfy(e -> assertThat(e.getString("legacyMethod")).isEqualTo(fix + "LegacyRegistry"));
    Map<Integer, RecordedEvent> lastCounts = new HashMap<>();
    for (RecordedEvent e : named(events, "dev.sunset.LegacyCallCount")) {
      lastCounts.put(e.getInt("siteId"), e); // in time order: the last one stays
    }
    Map<String, Long> counted = new TreeMap<>();
    for (RecordedEvent e : lastCounts.values()) {
      assertThat(counted.put(useAtLine(e), e.getLong("calls"))).as("one site per use, member and line").isNull();
    }
    assertThat(counted).isEqualTo(reported);
  }

  /** An event's site as the test lists it: {@code ClassUseApp.construct:55 new <init>()}. */
  private static String useAtLine(RecordedEvent e) {
    String cls = e.getString("callerClass");
    return cls.substring(cls.lastIndexOf('.') + 1) + "." + e.getString("callerMethod") + ":" + e.getInt("line") + " "
        + e.getString("use") + " " + e.getString("member");
  }

  @Test
  void aRecordingStartedWithJcmdWhileTheApplicationRunsRegistersTheEventsThenAndCountsEveryCall() throws Exception {
    rulesFile = dir.resolve("rules.yaml");
    writeRules("rules:\n" + RulesFiles.nowRule("observe"));
    Path report = dir.resolve("report.json");
    Path recording = dir.resolve("late.jfr");
    try (RunningApp app = new RunningApp(ForkedJvm.withAgent("rules=" + rulesFile + ",report=" + report)
        .start(APP, "2"))) {
      app.awaitStdout("ready"::equals, 60);
      Process jcmd = new ProcessBuilder(ForkedJvm.java().resolveSibling("jcmd").toString(), String.valueOf(app.pid()),
          "JFR.start", "name=late", "filename=" + recording).redirectErrorStream(true).start();
      String said = new String(jcmd.getInputStream().readAllBytes());
      assertThat(jcmd.waitFor()).as(said).isZero();
      Thread.sleep(1500); // the agent's thread notices the recording within a second
      writeRules("rules:\n" + RulesFiles.nowRule("redirect"));
      app.awaitAgentLine(l -> l.startsWith("rules reloaded"), 10);
      Thread.sleep(300);
      app.stop();
    }
    List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
    Map<String, Object> site = Reports.site(Reports.read(report), "clock-now", "run");

    assertThat(named(events, "dev.sunset.LegacyCall")).as("the site's first call came before the recording").isEmpty();
    RecordedEvent last = named(events, "dev.sunset.LegacyCallCount").stream()
        .max(Comparator.comparing(RecordedEvent::getStartTime)).orElseThrow();
    assertThat(last.getLong("calls")).isEqualTo(Reports.count(site));
    assertThat(named(events, "dev.sunset.StageChange")).extracting(e -> e.getString("scope") + " " + e.getString("to"))
        .containsExactlyInAnyOrder("rule redirect", "site redirect");
  }

  @Test
  void aScheduledDateReachedDuringARecordingIsAStageChangeOfTheRuleAndItsSiteForTheSchedule() throws Exception {
    rulesFile = dir.resolve("rules.yaml");
    writeRules("rules:\n" + RulesFiles.nowRule("redirect") + "    schedule: {deny: 2027-01-15}\n");
    Path clock = dir.resolve("clock.txt");
    Files.writeString(clock, "2027-01-14T23:59:58Z");
    Path recording = dir.resolve("schedule.jfr");
    try (RunningApp app = new RunningApp(ForkedJvm.withAgent("rules=" + rulesFile + ",report=none,clock=file:" + clock)
        .jvmArg("-XX:StartFlightRecording=filename=" + recording).start(APP, "1"))) {
      app.awaitStdout("ready"::equals, 60);
      Files.writeString(clock, "2027-01-15T00:00:00Z");
      app.awaitAgentLine(l -> l.startsWith("date is now 2027-01-15"), 10);
      Thread.sleep(300);
      app.stop();
    }
    List<RecordedEvent> events = RecordingFile.readAllEvents(recording);

    assertThat(named(events, "dev.sunset.StageChange")).extracting(e -> e.getString("scope") + " " + e.getString("from")
        + " -> " + e.getString("to") + " (" + e.getString("cause") + ")")
        .containsExactlyInAnyOrder("rule redirect -> deny (schedule)", "site redirect -> deny (schedule)");
    assertThat(named(events, "dev.sunset.LegacyCall")).extracting(e -> e.getString("stage")).containsExactly("redirect");
  }

  @Test
  void withoutARecordingTheAgentRegistersNoEventAndLoadsNothingOfJfrsOwn() throws Exception {
    rulesFile = dir.resolve("rules.yaml");
    writeRules("rules:\n" + RulesFiles.nowRule("observe") + REFUSED_RULE);
    Path classes = dir.resolve("classes.log");
    try (RunningApp app = new RunningApp(ForkedJvm.withAgent("rules=" + rulesFile + ",report=none")
        .jvmArg("-Xlog:class+load=info:file=" + classes).start(APP, "2"))) {
      app.awaitStdout("ready"::equals, 60);
      writeRules("rules:\n" + RulesFiles.nowRule("redirect"));
      app.awaitAgentLine(l -> l.startsWith("rules reloaded"), 10);
      writeRules("rules:\n" + RulesFiles.nowRule("shout"));
      app.awaitAgentLine(l -> l.startsWith("rules edit refused"), 10);
      Thread.sleep(1500); // the agent's thread has looked for a recording again
      app.stop();
    }
    List<String> loaded = Files.readAllLines(classes);
    assertThat(loaded).as("the first-call emitter was prepared")
        .anyMatch(l -> l.contains("dev.sunset.agent.internal.jfr.FirstCallEmitter/0x"));
    assertThat(loaded).as("JFR's Java side was never initialized").noneMatch(l -> l.contains(" jdk.jfr.internal."));
    assertThat(loaded).as("no event class was loaded, no periodic hook made")
        .noneMatch(l -> l.matches(".* dev\\.sunset\\.agent\\.internal\\.jfr\\.\\w+Event .*"))
        .noneMatch(l -> l.contains("dev.sunset.agent.internal.jfr.CountHook"));
  }

  @Test
  void onAJvmWithoutTheJdkJfrModuleTheAgentSaysSoOnceAndCountsAsBefore() throws Exception {
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule("observe"));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=" + report)
        .jvmArg("--limit-modules").jvmArg("java.base,java.instrument,java.management")
        .run("dev.sunset.agent.it.fixtures.CallerApp", "once");

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.values()).containsEntry("now", "legacy:utc:3");
    assertThat(r.agentLines()).filteredOn(l -> l.contains("JFR"))
        .containsExactly("no JFR events: this JVM has no jdk.jfr module (the application runs on)");
    assertThat(Reports.count(Reports.site(Reports.read(report), "clock-now", "once"))).isEqualTo(1);
  }

  private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
    List<RecordedEvent> named = new ArrayList<>();
    for (RecordedEvent e : events) {
      if (e.getEventType().getName().equals(name)) {
        named.add(e);
      }
    }
    named.sort(Comparator.comparing(RecordedEvent::getStartTime));
    return named;
  }

  private static List<String> fieldNames(RecordedEvent e) {
    return e.getFields().stream().map(f -> f.getName()).collect(Collectors.toList());
  }
}
