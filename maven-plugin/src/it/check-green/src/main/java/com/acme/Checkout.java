package com.acme;

import com.example.ws.UserExecutionContext;
import com.example.ws.WebSocketManager;
import com.example.ws.WebSocketManagerFactory;
import java.util.Date;

/** A caller of the legacy API that the baseline knows. */
public class Checkout {
  public WebSocketManager run(UserExecutionContext context) {
    return WebSocketManagerFactory.getWebSocketManagerFactory().createForUser(context);
  }

  @SuppressWarnings("deprecation")
  public int year() {
    return new Date().getYear() + 1900;
  }
}
