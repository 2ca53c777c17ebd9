package dev.sunset.agent.internal.log;

/**
 * What a line the agent prints once is about. With its subject (a site id, a class name, a path, a rule), it is the
 * key under which {@link AgentLog#once} prints the line once however often the thing happens.
 */
public enum LogTopic {
  /** Starting the agent failed; the application runs without it. */
  AGENT_START,
  /** A second attach could not be taken. */
  ATTACH_AGAIN,
  /** The attacher's reply file could not be written (subject: the file). */
  REPLY,
  /** A periodic task failed (subject: the task and the failure's type). */
  TASK,
  /** The report could not be written, or its path is refused (subject: the path). */
  REPORT,
  /** The final report could not be written at exit. */
  EXIT,
  /** The MBean could not be registered. */
  JMX,
  /** A class already loaded could not be rewritten after a late attach (subject: the class). */
  RETRANSFORM,

  /** The bootstrap dispatcher could not be defined in {@code java.lang}. */
  DISPATCHER,
  /** The dispatcher could not be pointed at the agent. */
  DISPATCHER_ACTIVATE,
  /** The agent cannot wait for the application's shutdown hooks. */
  EXIT_HOOK,
  /** A rewritten site ran before the agent had a linker. */
  NO_LINKER,
  /** A rewritten site's id is not registered. */
  UNKNOWN_SITE,
  /** A call site could not be linked (subject: the site id). */
  LINK,
  /** A site's target at a stage could not be built (subject: the site id and the stage). */
  LINK_TARGET,
  /** A method reference could not be linked (subject: the site id). */
  REFERENCE,
  /** A guard's call to the replacement could not be linked (subject: the guard id). */
  GUARD_LINK,
  /** A guard failed (subject: the guard id). */
  GUARD,
  /** A site's first-call handling failed (subject: the site id). */
  FIRST_CALL,
  /** A site could not be relinked after its first call (subject: the site id). */
  FIRST_CALL_RELINK,
  /** A stage-change listener failed. */
  STAGE_CHANGE_LISTENER,

  /** A class could not be rewritten (subject: the class). */
  TRANSFORM,
  /** A class was left alone: its class file would not be written back faithfully (subject: the class). */
  CLASS_FILE_UNFAITHFUL,
  /** A class's calls were left alone: its class file predates {@code invokedynamic} (subject: the class). */
  CLASS_FILE_TOO_OLD,
  /** A class was left alone: its class loader cannot see the agent (subject: the class). */
  LOADER_CANNOT_SEE_AGENT,
  /** A note of the rewrite (subject: the note). */
  REWRITE_NOTE,

  /** A rule problem (subject: its line). */
  PROBLEM,
  /** A rule-problem listener failed. */
  PROBLEM_LISTENER,
  /** The rules a class loader's jars ship could not be listed (subject: the loader). */
  SHIPPED,
  /** A class rule's use has no counterpart in its adapter (subject: the rule, its replacement and the member). */
  NO_COUNTERPART,
  /** An edit of the rules file could not be read (subject: the failure's message). */
  RULES_UNREADABLE,
  /** The clock file does not hold an instant (subject: the file and the failure). */
  CLOCK,
  /** A baseline cannot be read (subject: the file). */
  BASELINE_MISSING,
  /** A baseline is malformed (subject: the file and its modification time). */
  BASELINE_BAD,

  /** A line from inside the application's logging was not written there (subject: the caller's class). */
  APPLOG_FROM_LOGGING,
  /** A legacy call made while the application's logging wrote one of Sunset's lines. */
  APPLOG_REENTRANT,
  /** A site's line could not be written to the application's log. */
  APPLOG_SITE,
  /** Too many rule problems wait for the application's log. */
  APPLOG_PENDING_FULL,
  /** Rule problems could not be written to the application's log. */
  APPLOG_PROBLEMS,
  /** Writing through a logging library failed (subject: the library). */
  APPLOG_WRITE,
  /** A logging library could not be opened (subject: the library). */
  APPLOG_OPEN,

  /** Telemetry could not start. */
  TELEMETRY_START,
  /** The OpenTelemetry Java agent's SDK cannot be used. */
  TELEMETRY_BRIDGE,
  /** The call-site metrics could not be collected. */
  TELEMETRY_COLLECT,
  /** A first-call event could not be emitted. */
  TELEMETRY_EMIT,
  /** A site's first-call event could not be emitted. */
  TELEMETRY_EVENT,
  /** A site's first-call event was lost. */
  TELEMETRY_EVENT_LOST,
  /** The application's current span cannot be read. */
  TELEMETRY_APP_SPAN,
  /** Telemetry could not flush at exit. */
  TELEMETRY_SHUTDOWN,

  /** This JVM has no {@code jdk.jfr} module. */
  JFR_ABSENT,
  /** The JFR events could not be prepared. */
  JFR_PREPARE,
  /** The JFR events could not be registered. */
  JFR_REGISTER,
  /** A JFR event could not be recorded (subject: the event's name). */
  JFR_EMIT
}
