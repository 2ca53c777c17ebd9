package dev.sunset.deployment;

import com.example.ws.UnifiedWebSocketManager;
import dev.sunset.testing.BuiltJars;
import java.nio.file.Path;
import java.util.Map;

/**
 * The shim as the deployment tests meet it: where its jar is, the rules it ships with their stages, the legacy
 * classes its callers name, and the frames that tell a redirected {@code sendEvent} from one that ran the legacy method
 * (what {@code EventPathRecorder} in the fixtures reports).
 */
final class Shim {
  /** The legacy factory, as an internal name (the owner of the calls in the bytecode). */
  static final String FACTORY = "com/example/ws/WebSocketManagerFactory";
  /** The legacy manager interface, as an internal name. */
  static final String MANAGER = "com/example/ws/WebSocketManager";
  /** The caller of {@code emitAgentEvent} when the agent redirected {@code manager.sendEvent(..)}. */
  static final String REDIRECTED_SEND_EVENT = "com.example.ws.LegacyAdapters.sendEvent";
  /** The caller of {@code emitAgentEvent} when the legacy {@code sendEvent} ran. */
  static final String LEGACY_SEND_EVENT = "com.example.ws.UnifiedWebSocketManager.sendEvent";
  /** The rules of the shim's {@code META-INF/sunset/rules.yaml}, by id, with their stages. */
  static final Map<String, String> SHIPPED_STAGES = Map.of(
      "ws-factory-create-for-user", "redirect",
      "ws-factory-create-manager", "redirect",
      "ws-factory-create-websocket-manager", "redirect",
      "ws-factory-get-factory", "observe",
      "ws-manager-send-event", "redirect",
      "ws-manager-send-tool-executing", "redirect");

  private Shim() {}

  /** The shim's jar (or classes folder) on this JVM's class path. */
  static Path location() {
    return BuiltJars.locationOf(UnifiedWebSocketManager.class);
  }
}
