/**
 * The agent's report: a snapshot of every call site as core's {@code sunset-report/1}, written atomically, and the
 * table at exit.
 */
package dev.sunset.agent.internal.report;
