/**
 * The agent's options, from its argument, system properties and the environment, each checked against a stated
 * range.
 */
package dev.sunset.agent.internal.config;
