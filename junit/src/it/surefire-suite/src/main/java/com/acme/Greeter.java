package com.acme;

import com.example.ws.UserExecutionContext;
import com.example.ws.WebSocketManagerFactory;
import java.util.Map;

/** Known legacy callers: the baseline lists their sites. */
@SuppressWarnings("removal")
public final class Greeter {
  public void greet(String user) {
    WebSocketManagerFactory.createWebSocketManager(UserExecutionContext.of(user, "t", "r", "q"))
        .sendEvent("agent_thinking", Map.of("text", "hello"));
  }
}
