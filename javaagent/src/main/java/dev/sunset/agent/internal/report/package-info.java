/**
 * The agent's report: a snapshot of every call site (taken in {@code registry}) written as core's
 * {@code sunset-report/1}, atomically, and the table at exit.
 */
package dev.sunset.agent.internal.report;
