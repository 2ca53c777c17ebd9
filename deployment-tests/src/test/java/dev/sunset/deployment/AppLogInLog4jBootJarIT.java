package dev.sunset.deployment;

import java.nio.file.Path;

/**
 * {@link BootJarLogging}'s tests with Log4j 2 as Spring Boot's {@code spring-boot-starter-log4j2} brings it: SLF4J 2
 * bound to Log4j ({@code log4j-slf4j2-impl}), Log4j's API and core in {@code BOOT-INF/lib}, no Logback. Spring Boot
 * configures the Log4j context of its {@code LaunchedClassLoader}; the agent's lines must go to that one, not to a
 * context of the system class loader's that nobody configured.
 */
class AppLogInLog4jBootJarIT extends BootJarLogging {
  @Override
  Path loggingLibraries() {
    return Path.of(Build.property("sunset.boot-log4j.libraries"));
  }
}
