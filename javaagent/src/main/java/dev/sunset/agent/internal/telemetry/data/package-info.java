/**
 * What Sunset's telemetry records, apart from how it is exported: the call-site metrics read from snapshots, the metric
 * frames they are collected into, the first-call events and their sink, and the metric and attribute names. Loaded
 * only by the agent's own class loader; the OpenTelemetry binding ({@code telemetry.otel}), even when copied into the
 * OpenTelemetry Java agent's loader, uses these same types.
 */
package dev.sunset.agent.internal.telemetry.data;
