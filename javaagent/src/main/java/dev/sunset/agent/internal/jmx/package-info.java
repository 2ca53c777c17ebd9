/**
 * The {@code dev.sunset:type=Rules} MXBean: the rules in force and their stages, changed while the application
 * runs.
 */
package dev.sunset.agent.internal.jmx;
