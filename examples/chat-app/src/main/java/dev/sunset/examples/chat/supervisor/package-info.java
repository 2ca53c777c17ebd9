/**
 * The chat app's agent supervisor: one agent run from the user's message to the answer, half migrated (it starts
 * through the legacy manager and completes through the unified one).
 */
package dev.sunset.examples.chat.supervisor;
