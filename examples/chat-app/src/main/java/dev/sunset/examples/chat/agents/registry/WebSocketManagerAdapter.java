package dev.sunset.examples.chat.agents.registry;

import com.example.ws.LegacyWebSocketManagerAdapter;
import com.example.ws.WebSocketManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The agent registry's manager: the legacy adapter around the run's manager, naming the agent in every event it
 * sends, as the registry did before agents emitted through the unified manager.
 *
 * <p>Not migrated yet: it extends the legacy adapter, so that class cannot be deleted while this one exists.
 */
@SuppressWarnings("removal") // not migrated yet: a subclass of the legacy adapter
public final class WebSocketManagerAdapter extends LegacyWebSocketManagerAdapter {
  private final String agentName;

  /** Wraps {@code manager} for the agent named {@code agentName}. */
  public WebSocketManagerAdapter(WebSocketManager manager, String agentName) {
    super(manager);
    this.agentName = Objects.requireNonNull(agentName, "agentName");
  }

  @Override
  protected Map<String, Object> payload(String type, Map<String, Object> data) {
    Map<String, Object> named = data == null ? new LinkedHashMap<>() : new LinkedHashMap<>(data);
    named.putIfAbsent("agent", agentName);
    return named;
  }
}
