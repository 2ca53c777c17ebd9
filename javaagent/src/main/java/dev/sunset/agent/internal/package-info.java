/**
 * The agent's runtime: it wires the parts together and runs its periodic tasks on its own thread; not an API.
 */
package dev.sunset.agent.internal;
