package dev.sunset.examples.chat.bridge;

import com.example.ws.UserExecutionContext;
import com.example.ws.WebSocketManager;
import com.example.ws.WebSocketManagerFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Publishes a tool's result to the user of the run as a {@code tool_completed} event, as the event bus
 * did before agents talked to WebSockets directly.
 */
@SuppressWarnings("removal") // not migrated yet: the bridge predates the unified manager
public final class ToolResultBridge {

  /** Sends {@code result} of tool {@code toolName} to the user of {@code context}. */
  public void publish(UserExecutionContext context, String toolName, Object result) {
    WebSocketManager manager = WebSocketManagerFactory.getWebSocketManagerFactory().createForUser(context);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("toolName", toolName);
    data.put("result", result);
    manager.sendEvent("tool_completed", data);
  }
}
