/**
 * JMH benchmarks of the agent's call path (direct, redirected, guarded, two threads on one site), run with and
 * without the agent; see {@code docs/benchmarks.md}.
 */
package dev.sunset.benchmarks;
