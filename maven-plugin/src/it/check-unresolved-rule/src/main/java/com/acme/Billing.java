package com.acme;

import com.example.ws.UserExecutionContext;
import com.example.ws.WebSocketManager;
import com.example.ws.WebSocketManagerFactory;

/** A caller of the legacy API that the baseline knows. */
public class Billing {
  @SuppressWarnings("removal")
  public WebSocketManager run(UserExecutionContext context) {
    return WebSocketManagerFactory.getWebSocketManagerFactory().createManager(context);
  }
}
