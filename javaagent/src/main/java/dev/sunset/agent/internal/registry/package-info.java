/**
 * Every call site and guard by id, and their exact counts.
 */
package dev.sunset.agent.internal.registry;
