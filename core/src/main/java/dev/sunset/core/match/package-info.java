/**
 * Which invoke instructions and method references reach a resolved rule's legacy method, shared by the agent's
 * rewriting and the scanner so that both find the same call sites.
 */
package dev.sunset.core.match;
