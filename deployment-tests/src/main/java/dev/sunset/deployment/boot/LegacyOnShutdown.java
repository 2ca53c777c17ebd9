package dev.sunset.deployment.boot;

import com.example.ws.WebSocketManagerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * A Spring bean that calls the legacy API while Spring closes its context: what Spring Boot's shutdown hook does
 * when the JVM exits, beside every other shutdown hook, the agent's own among them.
 *
 * <p>Its {@link #destroy()} waits {@value #DELAY_MILLIS} ms, then calls
 * {@link WebSocketManagerFactory#getWebSocketManagerFactory()} as many times as the system property
 * {@value #CALLS} says, then prints {@code boot.shutdownCallsMade=<calls>}.
 */
public final class LegacyOnShutdown implements DisposableBean {
  /** The system property that starts the Spring context and says how many legacy calls closing it makes. */
  public static final String CALLS = "boot.shutdownCalls";
  /**
   * How long closing the context takes before its legacy calls: long enough that a report written at the start of
   * the JVM's shutdown, beside the application's hooks, could not hold them.
   */
  static final long DELAY_MILLIS = 300;

  @Override
  @SuppressWarnings("removal") // the legacy API, on purpose
  public void destroy() throws InterruptedException {
    int calls = Integer.getInteger(CALLS, 0);
    Thread.sleep(DELAY_MILLIS);
    for (int i = 0; i < calls; i++) {
      WebSocketManagerFactory.getWebSocketManagerFactory();
    }
    System.out.println("boot.shutdownCallsMade=" + calls);
  }
}
