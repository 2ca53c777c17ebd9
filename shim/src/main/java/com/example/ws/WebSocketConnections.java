package com.example.ws;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The single registry of open connections by user id, which every unified manager delivers through.
 *
 * <p>Thread-safe: connections are registered, looked up and removed concurrently by many users.
 */
public final class WebSocketConnections {
  private static final WebSocketConnections GLOBAL = new WebSocketConnections();

  private final Map<String, List<WebSocketTransport>> byUser = new ConcurrentHashMap<>();

  /** Creates an empty registry; most applications use {@link #global()}. */
  public WebSocketConnections() {}

  /** The process-wide registry used by {@link UnifiedWebSocketManager#createForUser(UserExecutionContext)}. */
  public static WebSocketConnections global() {
    return GLOBAL;
  }

  /** Adds a connection of a user. */
  public void register(String userId, WebSocketTransport transport) {
    Objects.requireNonNull(transport, "transport");
    byUser.computeIfAbsent(requireUser(userId), k -> new CopyOnWriteArrayList<>()).add(transport);
  }

  /** Removes a connection of a user; returns whether it was registered. */
  public boolean unregister(String userId, WebSocketTransport transport) {
    boolean[] removed = new boolean[1];
    byUser.computeIfPresent(requireUser(userId), (k, list) -> {
      removed[0] = list.remove(transport);
      return list.isEmpty() ? null : list;
    });
    return removed[0];
  }

  /** The connections of a user at this moment, possibly none. */
  public List<WebSocketTransport> connectionsOf(String userId) {
    List<WebSocketTransport> list = byUser.get(requireUser(userId));
    return list == null ? List.of() : List.copyOf(list);
  }

  /** The number of users with at least one connection. */
  public int connectedUsers() {
    return byUser.size();
  }

  private static String requireUser(String userId) {
    if (userId == null || userId.isBlank()) {
      throw new IllegalArgumentException("userId is required");
    }
    return userId;
  }
}
