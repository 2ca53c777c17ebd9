package dev.sunset.examples.chat.notifications;

import com.example.ws.WebSocketManager;
import java.util.Map;

/** Tells a user what the agent is reasoning about, as an {@code agent_thinking} event. */
@SuppressWarnings("removal") // not migrated yet: sends through the legacy manager interface
public final class ThinkingNotifier {

  /** Sends {@code note} as the agent's current thought through {@code manager}. */
  public void thinking(WebSocketManager manager, String note) {
    manager.sendEvent("agent_thinking", Map.of("note", note));
  }
}
