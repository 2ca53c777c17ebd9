/**
 * The chat app's bridge from tool results to the user's WebSocket: a caller of the legacy factory.
 */
package dev.sunset.examples.chat.bridge;
