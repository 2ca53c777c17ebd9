package com.example.ws;

import java.util.Locale;

/** The five critical agent events a user must receive, in this order, for every agent run. */
public enum AgentEvent {
  /** The agent accepted the request and started working. */
  AGENT_STARTED("agent_started"),
  /** The agent is reasoning; the payload carries a progress note. */
  AGENT_THINKING("agent_thinking"),
  /** The agent started a tool. */
  TOOL_EXECUTING("tool_executing"),
  /** A tool finished. */
  TOOL_COMPLETED("tool_completed"),
  /** The agent finished the run; the payload carries the answer. */
  AGENT_COMPLETED("agent_completed");

  private final String wireName;

  AgentEvent(String wireName) {
    this.wireName = wireName;
  }

  /** The name used on the wire and by the legacy API, such as {@code agent_started}. */
  public String wireName() {
    return wireName;
  }

  /**
   * Returns the event with this wire name.
   *
   * @throws IllegalArgumentException if the name is not one of the five critical events
   */
  public static AgentEvent fromWireName(String wireName) {
    if (wireName != null) {
      for (AgentEvent event : values()) {
        if (event.wireName.equals(wireName.toLowerCase(Locale.ROOT))) {
          return event;
        }
      }
    }
    throw new IllegalArgumentException("not an agent event: " + wireName);
  }
}
