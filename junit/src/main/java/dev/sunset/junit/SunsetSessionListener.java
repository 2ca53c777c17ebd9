package dev.sunset.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Optional;
import org.apiguardian.api.API;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Found by the JUnit Platform through {@code META-INF/services} (the console launcher and Surefire both load them from
 * the test class path): when the Sunset agent is attached, registers a {@link TestAttribution} on the session's
 * launcher, so every test plan the session runs is attributed. Without the agent it does nothing.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class SunsetSessionListener implements LauncherSessionListener {
  /** Made by the platform's service loader. */
  public SunsetSessionListener() {}

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    long wait;
    try {
      wait = Settings.from(key -> Optional.ofNullable(System.getProperty(key))).agentWaitMillis();
    } catch (Settings.Invalid e) {
      Messages.once(e.getMessage() + "; waiting 3000 ms");
      wait = 3000;
    }
    AgentCounts.find(wait).ifPresent(agent -> session.getLauncher()
        .registerTestExecutionListeners(new TestAttribution(agent)));
  }
}
