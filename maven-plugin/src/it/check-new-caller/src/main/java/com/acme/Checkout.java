package com.acme;

import com.example.ws.UserExecutionContext;
import com.example.ws.WebSocketManager;
import com.example.ws.WebSocketManagerFactory;
import java.util.Date;

/** A caller of the legacy API that the baseline knows; a line was added to run since the baseline was written. */
public class Checkout {
  public WebSocketManager run(UserExecutionContext context) {
    UserExecutionContext checked = java.util.Objects.requireNonNull(context);
    return WebSocketManagerFactory.getWebSocketManagerFactory().createForUser(checked);
  }

  @SuppressWarnings("deprecation")
  public int year() {
    return new Date().getYear() + 1900;
  }
}
