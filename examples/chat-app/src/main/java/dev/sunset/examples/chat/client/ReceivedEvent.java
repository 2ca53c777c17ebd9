package dev.sunset.examples.chat.client;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.Map;

/**
 * One agent event as a chat client received it.
 *
 * @param event the event's wire name, such as {@code agent_started}
 * @param userId the user the server addressed it to
 * @param threadId the conversation thread
 * @param runId the agent run
 * @param requestId the request that started the run
 * @param sequence the position the server's manager gave it
 * @param payload the event data
 */
public record ReceivedEvent(
    String event, String userId, String threadId, String runId, String requestId, long sequence,
    Map<String, Object> payload) {

  /**
   * Parses the JSON text message the server sent.
   *
   * @throws IOException if the text is not a JSON object with the fields of an agent event
   */
  public static ReceivedEvent fromJson(String json) throws IOException {
    Map<String, Object> fields = JSON.std.mapFrom(json);
    if (fields == null || !(fields.get("sequence") instanceof Number) || !(fields.get("event") instanceof String)) {
      throw new IOException("not an agent event: " + json);
    }
    Object payload = fields.get("payload");
    @SuppressWarnings("unchecked")
    Map<String, Object> payloadMap = payload instanceof Map ? (Map<String, Object>) payload : Map.of();
    return new ReceivedEvent(
        (String) fields.get("event"),
        stringOrNull(fields.get("userId")),
        stringOrNull(fields.get("threadId")),
        stringOrNull(fields.get("runId")),
        stringOrNull(fields.get("requestId")),
        ((Number) fields.get("sequence")).longValue(),
        payloadMap);
  }

  private static String stringOrNull(Object value) {
    return value == null ? null : value.toString();
  }
}
