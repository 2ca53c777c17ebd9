package dev.sunset.examples.chat.client;

import com.example.ws.AgentEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** Checks that what a user received for one request is exactly that run's five agent events, in order. */
public final class RunCheck {
  /** The wire names of the five events of every run, in the order a user must receive them. */
  public static final List<String> EXPECTED_EVENTS =
      Arrays.stream(AgentEvent.values()).map(AgentEvent::wireName).toList();

  private RunCheck() {}

  /**
   * Returns what is wrong with {@code received}, or an empty list when it is exactly the five events, in
   * order, of one run of request {@code requestId} of user {@code userId}.
   */
  public static List<String> problems(String userId, String requestId, List<ReceivedEvent> received) {
    List<String> problems = new ArrayList<>();
    List<String> names = received.stream().map(ReceivedEvent::event).toList();
    if (!names.equals(EXPECTED_EVENTS)) {
      problems.add("expected " + EXPECTED_EVENTS + " but received " + names);
    }
    long foreignUser = received.stream().filter(e -> !Objects.equals(e.userId(), userId)).count();
    if (foreignUser > 0) {
      problems.add(foreignUser + " event(s) addressed to another user");
    }
    long foreignRequest = received.stream().filter(e -> !Objects.equals(e.requestId(), requestId)).count();
    if (foreignRequest > 0) {
      problems.add(foreignRequest + " event(s) of another request");
    }
    long runs = received.stream().map(ReceivedEvent::runId).distinct().count();
    if (runs > 1) {
      problems.add("events of " + runs + " runs");
    }
    return problems;
  }
}
