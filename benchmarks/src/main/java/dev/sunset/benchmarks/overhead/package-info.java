/**
 * The {@code Overhead} commands: start-up beside a do-nothing and the OpenTelemetry agent, memory per call site,
 * telemetry collection and the start-up breakdown, on applications they generate, with the machine's load checked
 * before each run.
 */
package dev.sunset.benchmarks.overhead;
