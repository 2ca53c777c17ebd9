/**
 * The chat app's WebSocket endpoint, where each user's session starts an agent run.
 */
package dev.sunset.examples.chat.routes;
