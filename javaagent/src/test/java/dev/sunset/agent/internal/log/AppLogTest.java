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
 * Logback configured by that loader's own {@code logback.xml}; and against a real Log4j 2 (API and core, no SLF4J) in a
 * loader of its own, configured by its {@code log4j2.xml}.
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

  /** Log4j 2's jars, copied by the build (never on this JVM's class path). */
  private static URL log4j(String artifact) throws Exception {
    Path jar = Path.of(System.getProperty("sunset.log4j.libraries", "target/log4j")).resolve(artifact + ".jar");
    assertThat(jar).as("copied by the build").exists();
    return jar.toUri().toURL();
  }

  /**
   * A loader like a web application's that logs with Log4j 2 and has no SLF4J: its own classes, Log4j's API and core,
   * and a log4j2.xml writing the thread context's pairs in a pattern ({@code %X}).
   */
  private URLClassLoader log4jLoader(Path log) throws Exception {
    Path config = Files.createDirectories(dir.resolve("log4j-config"));
    Files.writeString(config.resolve("log4j2.xml"), "<Configuration>\n"
        + "  <Appenders>\n"
        + "    <File name=\"FILE\" fileName=\"" + log + "\">\n"
        + "      <PatternLayout pattern=\"%level %logger rule=%X{rule} stage=%X{stage} %msg%n\"/>\n"
        + "    </File>\n"
        + "  </Appenders>\n"
        + "  <Loggers><Root level=\"INFO\"><AppenderRef ref=\"FILE\"/></Root></Loggers>\n"
        + "</Configuration>\n");
    URL classes = Path.of(System.getProperty("sunset.test.classes", "target/test-classes")).toAbsolutePath().toUri()
        .toURL();
    return new URLClassLoader("webapp-log4j", new URL[] {config.toUri().toURL(), classes, log4j("log4j-api"),
        log4j("log4j-core")}, ClassLoader.getPlatformClassLoader());
  }

  /**
   * Writes a site's line for a class of {@code loader} on a thread of its own, with that loader as the thread's context
   * loader (as a container's request thread has; Log4j finds its configuration through it). The thread ends, and with
   * it what Log4j keeps per thread.
   */
  private static void siteLineOnAContainersThread(ClassLoader loader, AppLog.Line line) throws Exception {
    Class<?> caller = Class.forName(CALLER, false, loader);
    Thread thread = new Thread(() -> AppLog.siteLine(caller, line));
    thread.setContextClassLoader(loader);
    thread.start();
    thread.join();
  }

  @Test
  void withoutSlf4jALineGoesToTheCallingLoadersLog4jWithItsPairsInTheThreadContextAndThatLoaderCanBeCollected()
      throws Exception {
    Path log = dir.resolve("webapp-log4j.log");
    // a web application's Log4j registers no shutdown hook of its own (log4j-web's default): nothing of Log4j's
    // keeps the loader from being collected, so only what Sunset keeps could
    System.setProperty("log4j.shutdownHookEnabled", "false");
    try {
      URLClassLoader loader = log4jLoader(log);
      AppLog.mode(AppLog.Mode.AUTO);

      siteLineOnAContainersThread(loader, line("legacy call one {} %s ${java:version}"));
      siteLineOnAContainersThread(loader, line("legacy call two"));

      assertThat(Files.readAllLines(log)).containsExactly(
          "WARN dev.sunset rule=clock-now stage=warn legacy call one {} %s ${java:version}",
          "WARN dev.sunset rule=clock-now stage=warn legacy call two");
      WeakReference<ClassLoader> collected = new WeakReference<>(loader);
      loader.close();
      loader = null;
      assertCollected(collected);
    } finally {
      System.clearProperty("log4j.shutdownHookEnabled");
    }
  }

  @Test
  void aLog4jApiWithoutAProviderToLogToIsNotUsedAndWritesNothing() throws Exception {
    Path log = dir.resolve("webapp-log4j.log");
    URL classes = Path.of(System.getProperty("sunset.test.classes", "target/test-classes")).toAbsolutePath().toUri()
        .toURL();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream before = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try (URLClassLoader apiOnly = new URLClassLoader("api-only", new URL[] {classes, log4j("log4j-api")},
        ClassLoader.getPlatformClassLoader())) {
      AppLog.mode(AppLog.Mode.AUTO);
      siteLineOnAContainersThread(apiOnly, line("legacy call"));
    } finally {
      System.setErr(before);
    }
    assertThat(log).doesNotExist();
    assertThat(err.toString(StandardCharsets.UTF_8)).as("Log4j's error for a missing provider").isEmpty();
  }

  /** The loader, closed and no longer referenced by the test, is collected within two seconds of asking. */
  private static void assertCollected(WeakReference<ClassLoader> loader) throws InterruptedException {
    for (int i = 0; i < 100 && loader.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertThat(loader.get()).as("the web application's loader, once undeployed").isNull();
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
    assertCollected(collected);
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
