package com.example.ws;

/**
 * One open WebSocket connection of one user, as the unified manager sees it.
 *
 * <p>Implement it over the WebSocket server in use (Jetty, Tomcat, Netty, ...) and register it with
 * {@link WebSocketConnections#register}. Implementations must be safe to call from many threads.
 */
public interface WebSocketTransport {

  /** Whether the connection can still take messages. */
  boolean isOpen();

  /**
   * Sends one event to this connection. Delivery order must follow call order for one connection.
   *
   * @throws Exception if the event could not be handed to the connection
   */
  void send(AgentEventMessage message) throws Exception;
}
