/**
 * What the {@code Overhead} commands run inside the measured JVM: the memory and telemetry probes.
 */
package dev.sunset.benchmarks.probe;
