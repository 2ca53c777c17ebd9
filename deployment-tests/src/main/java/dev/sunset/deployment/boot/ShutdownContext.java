package dev.sunset.deployment.boot;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

/**
 * Starts a Spring Boot application context holding {@link LegacyOnShutdown}, with Spring Boot's shutdown hook (its
 * default), which closes the context when the JVM exits. A class of its own, so that the chat app without the
 * property never loads Spring.
 */
final class ShutdownContext {
  private ShutdownContext() {}

  /** Starts the context, without a web server, a banner or start-up log lines. */
  static void start(String[] args) {
    SpringApplication application = new SpringApplication(LegacyOnShutdown.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    application.setBannerMode(Banner.Mode.OFF);
    application.setLogStartupInfo(false);
    application.run(args);
    System.out.println("boot.springContext=started");
  }
}
