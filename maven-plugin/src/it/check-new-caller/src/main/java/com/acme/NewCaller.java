package com.acme;

import com.example.ws.UserExecutionContext;
import com.example.ws.WebSocketManagerFactory;

/** A caller added after the baseline: the gate must name it. */
public class NewCaller {
  public void start(UserExecutionContext context) {
    WebSocketManagerFactory.createWebSocketManager(context).sendEvent("started", java.util.Map.of());
  }
}
