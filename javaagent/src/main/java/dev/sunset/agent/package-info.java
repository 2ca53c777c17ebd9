/**
 * The agent's public surface: its entry points ({@code premain}, {@code agentmain}) and the exception a denied
 * legacy call throws.
 */
package dev.sunset.agent;
