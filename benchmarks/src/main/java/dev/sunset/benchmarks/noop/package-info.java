/**
 * A do-nothing Java agent: the baseline the start-up figures are measured against, so that what is Sunset's cost
 * is told apart from what any agent costs.
 */
package dev.sunset.benchmarks.noop;
