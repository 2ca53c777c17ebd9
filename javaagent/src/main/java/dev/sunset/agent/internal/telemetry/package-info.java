/**
 * OpenTelemetry: whether to export (off, a standalone SDK, or the OpenTelemetry Java agent's), call-site metrics
 * with a series cap, and first-call log events.
 */
package dev.sunset.agent.internal.telemetry;
