package dev.sunset.deployment;

import java.nio.file.Path;

/**
 * {@link BootJarLogging}'s tests with Spring Boot's default logging: SLF4J 2 and Logback in {@code BOOT-INF/lib}.
 */
class AppLogInBootJarIT extends BootJarLogging {
  @Override
  Path loggingLibraries() {
    return Path.of(Build.property("sunset.boot-logging.libraries"));
  }
}
