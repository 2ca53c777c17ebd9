/**
 * JDK Flight Recorder events of the agent, under the category {@code Sunset}: {@code dev.sunset.LegacyCall} (a call
 * site's first call, with its stack trace), {@code dev.sunset.LegacyCallCount} (each site's count, from a periodic
 * hook), {@code dev.sunset.StageChange} and {@code dev.sunset.RuleProblem}. See {@code docs/jfr.md}.
 *
 * <p>Nothing here costs anything unless a recording runs. {@link dev.sunset.agent.internal.jfr.JfrEvents} is the only
 * class the agent names, and it names no {@code jdk.jfr} type: on a JVM without the {@code jdk.jfr} module it says so
 * once and does nothing. The events are registered only once the JVM's Flight Recorder has been initialized (a
 * recording was started, by {@code -XX:StartFlightRecording}, {@code jcmd JFR.start} or the API): registering them
 * earlier would initialize its Java side, some 60 classes and a few hundred milliseconds. The count event is
 * periodic, so the JVM asks for it only while a recording has it enabled; the call path carries only the count.
 *
 * <p>A rewritten site's first-call event is committed by a hidden class ({@code FirstCallEmitter}, defined from its
 * own class file) that the linker folds straight into the site's first-call step: JFR leaves hidden frames out of a
 * stack trace, so the event's stack trace starts at the calling line.
 */
package dev.sunset.agent.internal.jfr;
