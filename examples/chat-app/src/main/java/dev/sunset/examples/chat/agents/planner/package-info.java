/**
 * The chat app's planner agent: one of the callers of the legacy factory the migration retires.
 */
package dev.sunset.examples.chat.agents.planner;
