/**
 * The chat app's WebSocket transport over Jetty sessions, and the events' JSON.
 */
package dev.sunset.examples.chat.transport;
