/**
 * A WebSocket client that plays the chat app's users in the demo and the tests, and checks that each user received
 * exactly its own five events.
 */
package dev.sunset.examples.chat.client;
