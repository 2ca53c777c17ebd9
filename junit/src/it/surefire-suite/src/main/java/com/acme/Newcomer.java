package com.acme;

import com.example.ws.UserExecutionContext;
import com.example.ws.WebSocketManagerFactory;
import java.util.Map;

/** A caller added since the baseline was taken. */
@SuppressWarnings("removal")
public final class Newcomer {
  public void arrive(String user) {
    WebSocketManagerFactory.createWebSocketManager(UserExecutionContext.of(user, "t", "r", "q"))
        .sendEvent("agent_thinking", Map.of("text", "hi"));
  }
}
