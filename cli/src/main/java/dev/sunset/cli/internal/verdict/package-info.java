/**
 * How {@code sunset verdict} shows its answer and gathers a fleet's evidence beside the reports: the verdict table, and
 * the counts read from a Prometheus server; the judgement itself is core's ({@code dev.sunset.core.verdict}); not an
 * API.
 */
package dev.sunset.cli.internal.verdict;
