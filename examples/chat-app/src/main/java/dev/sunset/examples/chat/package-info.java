/**
 * The reference application: a Jetty 12 WebSocket chat backend whose agent runs still create their per-user
 * managers through the deprecated factory, and the demo that drives it.
 */
package dev.sunset.examples.chat;
