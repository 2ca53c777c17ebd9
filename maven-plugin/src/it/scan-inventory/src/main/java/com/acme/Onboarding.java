package com.acme;

import com.example.ws.UserExecutionContext;
import com.example.ws.WebSocketManager;
import com.example.ws.WebSocketManagerFactory;
import java.util.Date;
import java.util.function.Function;

/** The project's own legacy calls: a method reference to the static factory, and a deprecated JDK method. */
public class Onboarding {
  private final Function<UserExecutionContext, WebSocketManager> managers = WebSocketManagerFactory::createWebSocketManager;

  public WebSocketManager manager(UserExecutionContext context) {
    return managers.apply(context);
  }

  @SuppressWarnings("deprecation")
  public boolean leapYear(Date date) {
    return date.getYear() % 4 == 0;
  }
}
