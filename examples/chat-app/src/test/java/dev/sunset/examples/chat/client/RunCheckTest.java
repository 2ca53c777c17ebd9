package dev.sunset.examples.chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunCheckTest {
  private static final List<String> FIVE =
      List.of("agent_started", "agent_thinking", "tool_executing", "tool_completed", "agent_completed");

  @Test
  void theFiveEventsOfTheUsersOwnRunInOrderPass() {
    assertThat(RunCheck.problems("alice", "req-a", run("alice", "req-a", "run-a", FIVE))).isEmpty();
  }

  @Test
  void eventsOutOfOrderAreAProblem() {
    List<String> swapped = List.of("agent_started", "tool_executing", "agent_thinking", "tool_completed", "agent_completed");

    assertThat(RunCheck.problems("alice", "req-a", run("alice", "req-a", "run-a", swapped)))
        .singleElement().asString().contains("expected");
  }

  @Test
  void aMissingEventIsAProblem() {
    assertThat(RunCheck.problems("alice", "req-a", run("alice", "req-a", "run-a", FIVE.subList(0, 4)))).isNotEmpty();
  }

  @Test
  void anEventOfAnotherUserIsAProblemEvenWithFiveEvents() {
    List<ReceivedEvent> received = new ArrayList<>(run("alice", "req-a", "run-a", FIVE.subList(0, 4)));
    received.add(event("agent_completed", "bob", "req-b", "run-b"));

    assertThat(RunCheck.problems("alice", "req-a", received))
        .anySatisfy(problem -> assertThat(problem).contains("another user"))
        .anySatisfy(problem -> assertThat(problem).contains("another request"))
        .anySatisfy(problem -> assertThat(problem).contains("2 runs"));
  }

  private static List<ReceivedEvent> run(String user, String request, String run, List<String> events) {
    return events.stream().map(name -> event(name, user, request, run)).toList();
  }

  private static ReceivedEvent event(String name, String user, String request, String run) {
    return new ReceivedEvent(name, user, "thread-" + user, run, request, 1, Map.of());
  }
}
