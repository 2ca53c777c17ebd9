package dev.sunset.agent.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AppLog} against real SLF4J 2 and Logback, each in a class loader of its own (as a web application's), its
 * Logback configured by that loader's own {@code logback.xml}.
 */
class AppLogTest {
  private static final String CALLER = "dev.sunset.agent.it.fixtures.LegacyClock";

  @TempDir
  Path dir;

  @AfterEach
  void standardErrorOnlyAgain() {
    AppLog.mode(AppLog.Mode.STDERR);
  }

  private static URL locationOf(Class<?> type) throws Exception {
    return type.getProtectionDomain().getCodeSource().getLocation();
  }

  /** A loader like a web application's: its own classes, SLF4J and Logback, and a logback.xml writing to a file. */
  private URLClassLoader applicationLoader(Path log, boolean withLogging) throws Exception {
    Path config = Files.createDirectories(dir.resolve("config"));
    Files.writeString(config.resolve("logback.xml"), "<configuration>\n"
        + "  <appender name=\"FILE\" class=\"ch.qos.logback.core.FileAppender\">\n"
        + "    <file>" + log + "</file>\n"
        + "    <encoder><pattern>%level %logger %kvp %msg%n</pattern></encoder>\n"
        + "  </appender>\n"
        + "  <root level=\"INFO\"><appender-ref ref=\"FILE\"/></root>\n"
        + "</configuration>\n");
    URL classes = Path.of(System.getProperty("sunset.test.classes", "target/test-classes")).toAbsolutePath().toUri()
        .toURL();
    URL[] urls = withLogging
        ? new URL[] {config.toUri().toURL(), classes, locationOf(org.slf4j.Logger.class),
            locationOf(ch.qos.logback.classic.Logger.class), locationOf(ch.qos.logback.core.Appender.class)}
        : new URL[] {classes};
    return new URLClassLoader("webapp", urls, ClassLoader.getPlatformClassLoader());
  }

  private static AppLog.Line line(String message) {
    return new AppLog.Line(message, List.of(new AppLog.KeyValue("rule", "clock-now"),
        new AppLog.KeyValue("stage", "warn")));
  }

  @Test
  void aNameHoldingALineBreakCannotForgeALineInAPlainTextLayout() throws Exception {
    Path log = dir.resolve("webapp.log");
    try (URLClassLoader loader = applicationLoader(log, true)) {
      AppLog.mode(AppLog.Mode.AUTO);

      AppLog.siteLine(Class.forName(CALLER, false, loader), new AppLog.Line("legacy call\nWARN forged",
          List.of(new AppLog.KeyValue("site", "A.b(A.java:1)\nWARN dev.sunset forged"))));
    }

    assertThat(Files.readAllLines(log)).containsExactly(
        "WARN dev.sunset site=\"A.b(A.java:1)\\nWARN dev.sunset forged\" legacy call\\nWARN forged");
  }

  @Test
  void aLineGoesToTheSlf4jOfTheCallingClasssLoaderWithItsKeyValuesAndThatLoaderCanStillBeCollected() throws Exception {
    Path log = dir.resolve("webapp.log");
    URLClassLoader loader = applicationLoader(log, true);
    AppLog.mode(AppLog.Mode.AUTO);

    AppLog.siteLine(Class.forName(CALLER, false, loader), line("legacy call one\u001b[2J"));
    AppLog.siteLine(Class.forName(CALLER, false, loader), line("legacy call two"));

    assertThat(Files.readAllLines(log)).containsExactly(
        "WARN dev.sunset rule=\"clock-now\" stage=\"warn\" legacy call one\\u001B[2J",
        "WARN dev.sunset rule=\"clock-now\" stage=\"warn\" legacy call two");
    WeakReference<ClassLoader> collected = new WeakReference<>(loader);
    loader.close();
    loader = null;
    for (int i = 0; i < 100 && collected.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertThat(collected.get()).as("the web application's loader, once undeployed").isNull();
  }

  @Test
  void atStderrNothingIsWrittenAndWithoutSlf4jAutoWritesNowhere() throws Exception {
    Path log = dir.resolve("webapp.log");
    try (URLClassLoader withLogging = applicationLoader(log, true);
        URLClassLoader without = applicationLoader(log, false)) {
      AppLog.mode(AppLog.Mode.STDERR);
      AppLog.siteLine(Class.forName(CALLER, false, withLogging), line("legacy call"));
      AppLog.mode(AppLog.Mode.AUTO);
      AppLog.siteLine(Class.forName(CALLER, false, without), line("legacy call"));

      assertThat(log).doesNotExist();
    }
  }

  @Test
  void aLegacyCallFromALoggingFrameworksOwnClassIsSaidOnceOnStandardErrorAndNotWrittenToItsLog() throws Exception {
    Path log = dir.resolve("webapp.log");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream before = AgentLog.printTo(new PrintStream(err, true, StandardCharsets.UTF_8));
    try (URLClassLoader loader = applicationLoader(log, true)) {
      AppLog.mode(AppLog.Mode.AUTO);
      Class<?> appender = Class.forName("ch.qos.logback.core.FileAppender", false, loader);

      AppLog.siteLine(appender, line("legacy call"));
      AppLog.siteLine(appender, line("legacy call"));
    } finally {
      AgentLog.printTo(before);
    }

    assertThat(log).doesNotExist();
    assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly("[sunset] a legacy call from"
        + " ch.qos.logback.core.FileAppender, a class of a logging framework, is not written to the application's log"
        + " (it is on standard error)");
  }
}
