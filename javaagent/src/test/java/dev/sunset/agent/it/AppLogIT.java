package dev.sunset.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.agent.it.fixtures.logging.Log4jApp;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's lines in the application's own logging ({@code log=}), in forked JVMs: a plain application with SLF4J 2
 * and Logback writing JSON (Logback's {@code JsonEncoder}) gets each site's warning and denial once, at WARN, from
 * logger {@code dev.sunset}, with the site, rule, legacy method, replacement and stage as key-value pairs, and the
 * rules file's problems; standard error is as it was. An application logging with Log4j 2 (through SLF4J 2, or
 * through Log4j's own API without SLF4J) gets the same lines, the pairs in Log4j's thread context, written as JSON by
 * the JSON Template Layout. Without SLF4J or Log4j nothing of any logging is loaded.
 */
class AppLogIT {
  private static final String CALLER_APP = "dev.sunset.agent.it.fixtures.CallerApp";
  private static final String LOGGING_APP = "dev.sunset.agent.it.fixtures.logging.LoggingApp";
  private static final String LOG4J_APP = "dev.sunset.agent.it.fixtures.logging.Log4jApp";
  private static final String FIX = "dev.sunset.agent.it.fixtures.";

  @TempDir
  Path dir;

  /** One run: what the JVM printed and the JSON lines its Logback wrote. */
  private record Run(ForkedJvm.Result result, List<Map<String, Object>> json) {
    List<Map<String, Object>> sunsetLines() {
      return json.stream().filter(l -> "dev.sunset".equals(l.get("loggerName"))).toList();
    }

    List<String> warnings() {
      return result.agentLines().stream().filter(l -> l.startsWith("WARN ")).toList();
    }
  }

  private static String jarOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SLF4J 2's API, Logback classic and core, as the test's own class path has them (from Maven Central). */
  private static List<String> logback() {
    return List.of(jarOf(org.slf4j.Logger.class), jarOf(ch.qos.logback.classic.Logger.class),
        jarOf(ch.qos.logback.core.Appender.class));
  }

  private Path logbackConfig(Path log, String extraAppender) throws IOException {
    return Files.writeString(dir.resolve("logback.xml"), "<configuration>\n"
        + "  <appender name=\"JSON\" class=\"ch.qos.logback.core.FileAppender\">\n"
        + "    <file>" + log + "</file>\n"
        + "    <encoder class=\"ch.qos.logback.classic.encoder.JsonEncoder\"/>\n"
        + "  </appender>\n"
        + extraAppender
        + "  <root level=\"INFO\">\n"
        + "    <appender-ref ref=\"JSON\"/>\n"
        + (extraAppender.isEmpty() ? "" : "    <appender-ref ref=\"LEGACY\"/>\n")
        + "  </root>\n"
        + "</configuration>\n");
  }

  private Run runWithLogback(String agentOptions, String rules, String scenario, String extraAppender)
      throws Exception {
    Path rulesFile = RulesFiles.write(dir, rules);
    Path log = dir.resolve("app-log.json");
    Path config = logbackConfig(log, extraAppender);
    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rulesFile + ",report=none" + agentOptions)
        .jvmArg("-Dlogback.configurationFile=" + config)
        .classPath(logback())
        .run(LOGGING_APP, scenario);
    assertThat(r.exitCode).as(r.toString()).isZero();
    return new Run(r, jsonLines(log));
  }

  private static List<Map<String, Object>> jsonLines(Path log) throws IOException {
    List<Map<String, Object>> lines = new ArrayList<>();
    if (Files.exists(log)) {
      for (String line : Files.readAllLines(log)) {
        if (!line.isBlank()) {
          lines.add(JSON.std.mapFrom(line));
        }
      }
    }
    return lines;
  }

  /** Logback's JSON {@code kvpList}, a list of one-entry objects, as one map. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> keyValues(Map<String, Object> line) {
    Map<String, Object> pairs = new LinkedHashMap<>();
    Object list = line.get("kvpList");
    if (list instanceof List<?> l) {
      for (Object o : l) {
        pairs.putAll((Map<String, Object>) o);
      }
    }
    return pairs;
  }

  private static String nowRule(String stage) {
    return RulesFiles.nowRule(stage) + "    message: Clocks moved to ModernClock\n";
  }

  @Test
  void atWarnEachSitesLineGoesOnceToTheApplicationsLogbackAsJsonWithTheSiteRuleLegacyReplacementAndStage()
      throws Exception {
    Run run = runWithLogback("", nowRule("warn"), "stages", "");

    assertThat(run.json()).as(run.result().toString())
        .anySatisfy(l -> assertThat(l).containsEntry("message", "application started"));
    List<Map<String, Object>> lines = run.sunsetLines();
    assertThat(lines).as(run.result().toString()).hasSize(2).allSatisfy(l -> {
      assertThat(l).containsEntry("level", "WARN").containsEntry("threadName", "main");
      assertThat((String) l.get("message")).startsWith("legacy call " + FIX + "LegacyClock#now(int) from "
          + FIX + "CallerApp.").contains("[rule clock-now]: use " + FIX + "ModernClock.now")
          .endsWith(" - Clocks moved to ModernClock");
      Map<String, Object> pairs = keyValues(l);
      assertThat(pairs).containsEntry("rule", "clock-now")
          .containsEntry("legacy", FIX + "LegacyClock#now(int)")
          .containsEntry("stage", "warn")
          .containsKeys("site", "replacement");
      assertThat((String) pairs.get("replacement")).startsWith(FIX + "ModernClock.now");
    });
    assertThat(lines).extracting(l -> (String) keyValues(l).get("site"))
        .anySatisfy(s -> assertThat(s).startsWith(FIX + "CallerApp.firstSite(CallerApp.java:"))
        .anySatisfy(s -> assertThat(s).startsWith(FIX + "CallerApp.secondSite(CallerApp.java:"));
    assertThat(run.warnings()).as("standard error keeps its lines").hasSize(2);
    assertThat(lines).extracting(l -> "WARN " + l.get("message"))
        .containsExactlyInAnyOrderElementsOf(run.warnings());
  }

  @Test
  void standardErrorIsTheSameWithTheApplicationsLogAsWithLogStderrWhichWritesNothingToIt() throws Exception {
    Run auto = runWithLogback("", nowRule("warn"), "stages", "");
    Files.delete(dir.resolve("app-log.json"));
    Run stderr = runWithLogback(",log=stderr", nowRule("warn"), "stages", "");

    assertThat(stderr.sunsetLines()).as(stderr.result().toString()).isEmpty();
    assertThat(stderr.json()).anySatisfy(l -> assertThat(l).containsEntry("message", "application started"));
    assertThat(auto.result().agentLines()).as(auto.result().toString())
        .containsExactlyInAnyOrderElementsOf(stderr.result().agentLines());
    assertThat(auto.result().values()).isEqualTo(stderr.result().values());
  }

  @Test
  void atDenyEachSitesDenialGoesOnceToTheApplicationsLogAndTheCallsAreStillDenied() throws Exception {
    Run run = runWithLogback("", nowRule("deny"), "stages", "");

    assertThat(run.result().values().get("first2")).startsWith("dev.sunset.agent.LegacyCallDeniedException|true|");
    assertThat(run.sunsetLines()).as(run.result().toString()).hasSize(2).allSatisfy(l -> {
      assertThat(l).containsEntry("level", "WARN");
      assertThat((String) l.get("message")).startsWith("legacy call denied by rule clock-now: " + FIX + "CallerApp.");
      assertThat(keyValues(l)).containsEntry("stage", "deny").containsEntry("rule", "clock-now");
    });
    assertThat(run.warnings()).isEmpty();
  }

  @Test
  void theRulesFilesProblemsFollowIntoTheApplicationsLogOnceASitesLineOpenedIt() throws Exception {
    String bad = "  - id: clock-shout\n"
        + "    legacy: " + FIX + "LegacyClock#describe(java.lang.String)\n"
        + "    stage: shout\n";
    Run run = runWithLogback("", nowRule("warn") + bad, "stages", "");

    String problem = run.result().agentLines().stream().filter(l -> l.contains("clock-shout")).findFirst()
        .orElseThrow(() -> new AssertionError(run.result().toString()));
    assertThat(run.sunsetLines()).as(run.result().toString())
        .anySatisfy(l -> {
          assertThat(l).containsEntry("message", problem);
          assertThat(keyValues(l)).containsEntry("rule", "clock-shout").containsEntry("problem", "rule");
        });
  }

  @Test
  void aLegacyCallTheApplicationsLoggingMakesWhileWritingSunsetsLineStaysOnStandardErrorAndNothingLoops()
      throws Exception {
    String appender = "  <appender name=\"LEGACY\" class=\"" + FIX + "logging.LegacyCallingAppender\"/>\n";
    Run run = runWithLogback("", nowRule("warn"), "stages", appender);

    assertThat(run.result().values()).containsEntry("first0", "modern:1");
    assertThat(run.warnings()).as(run.result().toString()).hasSize(3)
        .anySatisfy(w -> assertThat(w).contains("LegacyCallingAppender.append("));
    assertThat(run.result().agentLines()).contains("a legacy call made while the application's logging wrote one of"
        + " Sunset's lines is not written to the application's log (it is on standard error)");
    assertThat(run.sunsetLines()).extracting(l -> (String) keyValues(l).get("site"))
        .hasSize(2).noneMatch(s -> s.contains("LegacyCallingAppender"));
  }

  /** Log4j 2's jars, copied by the build for the forked JVMs (never on this JVM's class path). */
  private static String log4j(String artifact) {
    Path jar = Path.of(System.getProperty("sunset.log4j.libraries", "target/log4j")).resolve(artifact + ".jar");
    assertThat(jar).as("copied by the build").exists();
    return jar.toString();
  }

  /**
   * A Log4j 2 configuration as a service writes JSON for its log pipeline: a file appender with the JSON Template
   * Layout, each event's thread context (where key-value pairs go in Log4j 2) under {@code mdc}.
   */
  private Path log4jConfig(Path log) throws IOException {
    String template = "{\"level\": {\"$resolver\": \"level\", \"field\": \"name\"},"
        + " \"loggerName\": {\"$resolver\": \"logger\", \"field\": \"name\"},"
        + " \"threadName\": {\"$resolver\": \"thread\", \"field\": \"name\"},"
        + " \"message\": {\"$resolver\": \"message\", \"stringified\": true},"
        + " \"mdc\": {\"$resolver\": \"mdc\"}}";
    return Files.writeString(dir.resolve("log4j2.xml"), "<Configuration status=\"WARN\">\n"
        + "  <Appenders>\n"
        + "    <File name=\"JSON\" fileName=\"" + log + "\">\n"
        + "      <JsonTemplateLayout eventTemplate=\"" + template.replace("\"", "&quot;") + "\"/>\n"
        + "    </File>\n"
        + "  </Appenders>\n"
        + "  <Loggers>\n"
        + "    <Root level=\"INFO\"><AppenderRef ref=\"JSON\"/></Root>\n"
        + "  </Loggers>\n"
        + "</Configuration>\n");
  }

  private Run runWithLog4j(String how, List<String> jars) throws Exception {
    Path rulesFile = RulesFiles.write(dir, RulesFiles.describeRule("warn"), nowRule("warn"));
    Path log = dir.resolve("app-log.json");
    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rulesFile + ",report=none")
        .jvmArg("-Dlog4j2.configurationFile=" + log4jConfig(log))
        .classPath(jars)
        .run(LOG4J_APP, how);
    assertThat(r.exitCode).as(r.toString()).isZero();
    return new Run(r, jsonLines(log));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mdc(Map<String, Object> line) {
    return line.get("mdc") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /**
   * What an application logging with Log4j 2 gets, however it reaches Log4j: each site's warning once, at WARN, from
   * {@code dev.sunset}, on the calling thread with the application's own context, the pairs in the thread context for
   * that line only, and no argument or return value of the calls anywhere in the log.
   */
  private static void assertTheWarningsInLog4jsJson(Run run, Path log) throws IOException {
    String fix = FIX + "logging.Log4jApp.";
    assertThat(run.json()).as(run.result().toString())
        .anySatisfy(l -> assertThat(l).containsEntry("message", "application started"));
    List<Map<String, Object>> lines = run.sunsetLines();
    assertThat(lines).as(run.result().toString()).hasSize(2).allSatisfy(l -> {
      assertThat(l).containsEntry("level", "WARN").containsEntry("threadName", "main");
      assertThat(mdc(l)).as("the application's own context, and Sunset's pairs")
          .containsEntry("requestId", "request-17").containsEntry("stage", "warn").containsKeys("site", "rule", "legacy", "replacement");
    });
    assertThat(lines).extracting(l -> mdc(l).get("rule") + " " + mdc(l).get("legacy")).containsExactlyInAnyOrder(
        "clock-describe " + FIX + "LegacyClock#describe(java.lang.String)",
        "clock-now " + FIX + "LegacyClock#now(int)");
    assertThat(lines).extracting(l -> (String) mdc(l).get("site"))
        .anySatisfy(s -> assertThat(s).startsWith(fix + "describeSite(Log4jApp.java:"))
        .anySatisfy(s -> assertThat(s).startsWith(fix + "nowSite(Log4jApp.java:"));
    assertThat(lines).extracting(l -> (String) mdc(l).get("replacement"))
        .allSatisfy(s -> assertThat(s).startsWith(FIX + "ModernClock."));
    assertThat(lines).extracting(l -> "WARN " + l.get("message"))
        .as("the lines standard error has").containsExactlyInAnyOrderElementsOf(run.warnings());
    assertThat(run.json()).filteredOn(l -> "application done".equals(l.get("message"))).singleElement()
        .satisfies(l -> assertThat(mdc(l)).as("the context as the application left it").containsOnlyKeys("requestId"));
    assertThat(run.result().values()).containsKeys("describe", "now", "describeAgain");
    assertThat(Files.readString(log)).doesNotContain(Log4jApp.ARGUMENT, String.valueOf(Log4jApp.OFFSET), Log4jApp.ZONE);
    assertThat(run.result().stderr).doesNotContain("StatusLogger");
  }

  @Test
  void aLog4j2ApplicationThroughSlf4j2GetsEachSitesWarningOnceWithItsPairsAsLog4jShowsThemAndNoArgument()
      throws Exception {
    Run run = runWithLog4j("slf4j", List.of(jarOf(org.slf4j.Logger.class), log4j("log4j-slf4j2-impl"),
        log4j("log4j-api"), log4j("log4j-core"), log4j("log4j-layout-template-json")));

    assertTheWarningsInLog4jsJson(run, dir.resolve("app-log.json"));
  }

  @Test
  void aLog4j2ApplicationWithoutSlf4jGetsTheSameLinesThroughLog4jsOwnApi() throws Exception {
    Run run = runWithLog4j("log4j", List.of(log4j("log4j-api"), log4j("log4j-core"),
        log4j("log4j-layout-template-json")));

    assertTheWarningsInLog4jsJson(run, dir.resolve("app-log.json"));
  }

  @Test
  void aLog4jApiWithNoProviderToLogToIsLeftAloneAndStandardErrorIsAsBefore() throws Exception {
    Path rules = RulesFiles.write(dir, nowRule("warn"));
    Path classes = dir.resolve("classes.txt");

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=none")
        .jvmArg("-Xlog:class+load=info:file=" + classes).classPath(List.of(log4j("log4j-api")))
        .run(CALLER_APP, "stages");

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.agentLines().stream().filter(l -> l.startsWith("WARN "))).hasSize(2);
    assertThat(r.stderr).as("Log4j's own error for a missing provider").doesNotContain("StatusLogger")
        .doesNotContain("provider");
    assertThat(Files.readAllLines(classes)).as("classes loaded")
        .noneMatch(l -> l.contains(" org.apache.logging.log4j.LogManager ")
            || l.contains(" org.apache.logging.log4j.spi."));
  }

  @Test
  void withoutSlf4jOrLog4jNoLoggingClassIsLoadedAndStandardErrorIsAsBefore() throws Exception {
    Path rules = RulesFiles.write(dir, nowRule("warn"));
    Path classes = dir.resolve("classes.txt");

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=none")
        .jvmArg("-Xlog:class+load=info:file=" + classes).run(CALLER_APP, "stages");

    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.agentLines().stream().filter(l -> l.startsWith("WARN "))).hasSize(2);
    List<String> loaded = Files.readAllLines(classes);
    assertThat(loaded).as("classes loaded").anySatisfy(l -> assertThat(l).contains(FIX + "CallerApp"))
        .noneMatch(l -> l.contains(" org.slf4j.") || l.contains(" java.util.logging.") || l.contains(" ch.qos.")
            || l.contains(" org.apache.logging."));
    assertThat(r.stderr).doesNotContain("SLF4J");
  }

  @Test
  void logAppWithoutSlf4jWritesToJavaUtilLoggingAsItIsConfigured() throws Exception {
    Path rules = RulesFiles.write(dir, nowRule("warn"));

    ForkedJvm.Result r = ForkedJvm.withAgent("rules=" + rules + ",report=none,log=app").run(CALLER_APP, "stages");

    assertThat(r.exitCode).as(r.toString()).isZero();
    // java.util.logging's default: a console handler on standard error, one "WARNING: <message>" line per record
    List<String> julLines = r.stderr.lines().filter(l -> l.startsWith("WARNING: legacy call ")).toList();
    assertThat(julLines).as(r.toString()).hasSize(2)
        .allSatisfy(l -> assertThat(l).contains("[rule clock-now]"));
  }
}
