/**
 * Every use of the OpenTelemetry API, kept in one package so that it can be re-linked to the OpenTelemetry Java
 * agent's API when that agent is attached.
 */
package dev.sunset.agent.internal.telemetry.otel;
