package com.example.ws;

import java.util.Objects;

/**
 * Identifies the one user, conversation thread, agent run and request that an agent event belongs to.
 *
 * <p>Instances are immutable and validated on construction: every id is required, non-blank, at most
 * {@value #MAX_ID_LENGTH} characters and free of control characters. This is the isolation key of the
 * unified WebSocket manager: an event emitted through a manager created for a context reaches only the
 * connections of that context's user.
 */
public final class UserExecutionContext {

  /** The longest id accepted, in characters. */
  public static final int MAX_ID_LENGTH = 256;

  private final String userId;
  private final String threadId;
  private final String runId;
  private final String requestId;

  private UserExecutionContext(String userId, String threadId, String runId, String requestId) {
    this.userId = validId("userId", userId);
    this.threadId = validId("threadId", threadId);
    this.runId = validId("runId", runId);
    this.requestId = validId("requestId", requestId);
  }

  /**
   * Returns a validated context.
   *
   * @throws IllegalArgumentException if an id is null, blank, too long or holds a control character
   */
  public static UserExecutionContext of(String userId, String threadId, String runId, String requestId) {
    return new UserExecutionContext(userId, threadId, runId, requestId);
  }

  private static String validId(String name, String value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " is required");
    }
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    if (value.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(name + " is longer than " + MAX_ID_LENGTH + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException(name + " contains a control character at index " + i);
      }
    }
    return value;
  }

  /** The user the events are delivered to. */
  public String userId() {
    return userId;
  }

  /** The conversation thread. */
  public String threadId() {
    return threadId;
  }

  /** The agent run. */
  public String runId() {
    return runId;
  }

  /** The request that started the run. */
  public String requestId() {
    return requestId;
  }

  /** Returns a context for the same user and thread with another run and request. */
  public UserExecutionContext withRun(String newRunId, String newRequestId) {
    return new UserExecutionContext(userId, threadId, newRunId, newRequestId);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof UserExecutionContext)) {
      return false;
    }
    UserExecutionContext that = (UserExecutionContext) o;
    return userId.equals(that.userId)
        && threadId.equals(that.threadId)
        && runId.equals(that.runId)
        && requestId.equals(that.requestId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(userId, threadId, runId, requestId);
  }

  /** Names the ids only by their run and request: user ids are personal data and stay out of logs. */
  @Override
  public String toString() {
    return "UserExecutionContext[runId=" + runId + ", requestId=" + requestId + "]";
  }
}
