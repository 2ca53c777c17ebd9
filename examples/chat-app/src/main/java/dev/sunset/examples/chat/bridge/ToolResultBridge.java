package dev.sunset.examples.chat.bridge;

import com.example.ws.LegacyWebSocketManagerAdapter;
import com.example.ws.UserExecutionContext;
import com.example.ws.WebSocketManager;
import com.example.ws.WebSocketManagerFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Publishes a tool's result to the user of the run as a {@code tool_completed} event, as the event bus
 * did before agents talked to WebSockets directly.
 *
 * <p>The event bus took its managers in the legacy adapter; the bridge still wraps the factory's in one.
 */
@SuppressWarnings("removal") // not migrated yet: the bridge predates the unified manager
public final class ToolResultBridge {

  /** Sends {@code result} of tool {@code toolName} to the user of {@code context}. */
  public void publish(UserExecutionContext context, String toolName, Object result) {
    WebSocketManager created = WebSocketManagerFactory.getWebSocketManagerFactory().createForUser(context);
    WebSocketManager manager = new LegacyWebSocketManagerAdapter(created);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("toolName", toolName);
    data.put("result", result);
    manager.sendEvent("tool_completed", data);
  }
}
