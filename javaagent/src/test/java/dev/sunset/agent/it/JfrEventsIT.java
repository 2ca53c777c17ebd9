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

/**
 * The agent's JDK Flight Recorder events, recorded by a real recording ({@code -XX:StartFlightRecording}) of a forked
 * JVM with the real agent jar, and read back with {@code jdk.jfr.consumer}.
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

  @Test
  void aRecordedRunHoldsEachSitesFirstCallItsExactCountAStageChangeAndTheRuleProblems() throws Exception {
    rulesFile = dir.resolve("rules.yaml");
    writeRules("rules:\n" + RulesFiles.nowRule("observe") + REFUSED_RULE);
    Path report = dir.resolve("report.json");
    Path recording = dir.resolve("run.jfr");
    Map<String, String> totals;
    try (RunningApp app = new RunningApp(ForkedJvm.withAgent("rules=" + rulesFile + ",report=" + report)
        .jvmArg("-XX:StartFlightRecording=filename=" + recording).start(APP, "2"))) {
      app.awaitStdout("ready"::equals, 60);
      Thread.sleep(300);
      writeRules("rules:\n" + RulesFiles.nowRule("redirect"));
      app.awaitAgentLine(l -> l.startsWith("rules reloaded") && l.contains("stage observe -> redirect"), 10);
      writeRules("rules:\n" + RulesFiles.nowRule("shout"));
      app.awaitAgentLine(l -> l.startsWith("rules edit refused") && l.contains("shout"), 10);
      Thread.sleep(300);
      totals = app.stop();
    }
    List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
    Map<String, Object> site = Reports.site(Reports.read(report), "clock-now", "run");
    long legacy = Long.parseLong(totals.get("legacy"));
    long modern = Long.parseLong(totals.get("modern"));
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
