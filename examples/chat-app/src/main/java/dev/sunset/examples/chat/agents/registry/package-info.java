/**
 * The chat app's agent registry: what agents are handed to emit through, still the registry's subclass of the legacy
 * adapter.
 */
package dev.sunset.examples.chat.agents.registry;
