/**
 * The rules in force: the user's file and the rules each class loader ships, resolved per loader, reloaded when
 * the file changes, and each call site's stage.
 */
package dev.sunset.agent.internal.rules;
