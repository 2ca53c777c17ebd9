package com.example.ws;

import java.util.Map;
import java.util.Objects;

/**
 * One agent event on its way to one connection: what happened, for which run, and its payload.
 *
 * <p>The transport decides how to encode it on the wire.
 */
public final class AgentEventMessage {
  private final AgentEvent event;
  private final UserExecutionContext context;
  private final long sequence;
  private final Map<String, Object> payload;

  AgentEventMessage(AgentEvent event, UserExecutionContext context, long sequence, Map<String, Object> payload) {
    this.event = Objects.requireNonNull(event, "event");
    this.context = Objects.requireNonNull(context, "context");
    this.sequence = sequence;
    this.payload = payload;
  }

  /** The event type. */
  public AgentEvent event() {
    return event;
  }

  /** The user, thread, run and request the event belongs to. */
  public UserExecutionContext context() {
    return context;
  }

  /** The position of this event among the events emitted by its manager, starting at 1. */
  public long sequence() {
    return sequence;
  }

  /** An immutable copy of the payload given by the emitter. */
  public Map<String, Object> payload() {
    return payload;
  }
}
