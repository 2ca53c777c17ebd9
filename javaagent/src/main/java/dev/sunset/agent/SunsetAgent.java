package dev.sunset.agent;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.agent.internal.AgentRuntime;
import java.lang.instrument.Instrumentation;
import org.apiguardian.api.API;

/**
 * The entry point of the Sunset agent: {@code -javaagent:sunset-agent.jar=rules=<file>,report=<file>}.
 *
 * <p>As classes load, it rewrites every call to a legacy method named by a rule into a counted call to the
 * legacy method or its replacement, and reports every call site. It never stops the application: a
 * failure inside it leaves the class or the call as it was and is logged once.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class SunsetAgent {
  private SunsetAgent() {}

  /** Called by the JVM before {@code main} when started with {@code -javaagent}. */
  public static void premain(String agentArgs, Instrumentation instrumentation) {
    AgentRuntime.start(agentArgs, instrumentation, false);
  }

  /** Called by the JVM when the agent is attached to a running application. */
  public static void agentmain(String agentArgs, Instrumentation instrumentation) {
    AgentRuntime.start(agentArgs, instrumentation, true);
  }
}
