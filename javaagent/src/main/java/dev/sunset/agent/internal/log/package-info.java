/**
 * The agent's lines on standard error: one line per problem, once, escaped.
 */
package dev.sunset.agent.internal.log;
