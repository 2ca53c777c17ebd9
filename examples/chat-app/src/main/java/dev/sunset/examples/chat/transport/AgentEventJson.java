package dev.sunset.examples.chat.transport;

import com.example.ws.AgentEventMessage;
import com.example.ws.UserExecutionContext;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Encodes an agent event as the JSON text message a chat client receives.
 *
 * <p>The shape is {@code {"event":"agent_started","userId":"...","threadId":"...","runId":"...",
 * "requestId":"...","sequence":1,"payload":{...}}}.
 */
public final class AgentEventJson {
  private AgentEventJson() {}

  /**
   * Returns the JSON text of {@code message}.
   *
   * @throws IOException if the payload holds a value JSON cannot represent
   */
  public static String encode(AgentEventMessage message) throws IOException {
    UserExecutionContext context = message.context();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("event", message.event().wireName());
    json.put("userId", context.userId());
    json.put("threadId", context.threadId());
    json.put("runId", context.runId());
    json.put("requestId", context.requestId());
    json.put("sequence", message.sequence());
    json.put("payload", message.payload());
    return JSON.std.asString(json);
  }
}
