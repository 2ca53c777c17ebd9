package dev.sunset.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.examples.chat.client.ChatClient;
import dev.sunset.examples.chat.client.ReceivedEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Many simulated users chatting with one server at once over real WebSockets: each sends one message and
 * keeps every event it received until its connection closed.
 */
public final class ConcurrentChatUsers {
  /** The events of one run, in the order a user must receive them. */
  public static final List<String> FIVE_EVENTS =
      List.of("agent_started", "agent_thinking", "tool_executing", "tool_completed", "agent_completed");

  /**
   * What one user sent and received.
   *
   * @param received every event the connection received before its closing handshake completed
   */
  public record UserRun(String userId, String requestId, List<ReceivedEvent> received) {}

  private ConcurrentChatUsers() {}

  /**
   * Connects {@code users} users named {@code userPrefix + n} at once, then has each send one message
   * that succeeds (half arithmetic, half prose), waits for the runs, and closes every connection with the
   * closing handshake, so nothing the server sent is still in flight.
   */
  public static List<UserRun> chatOnce(URI endpoint, String userPrefix, int users, Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    List<CompletableFuture<ChatClient>> connecting = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      connecting.add(ChatClient.connect(http, endpoint, userPrefix + i, timeout));
    }
    CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new))
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    List<ChatClient> clients = connecting.stream().map(CompletableFuture::join).toList();

    // every user is connected before the first run starts, so a run's events could reach any of them
    List<CompletableFuture<?>> sending = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      sending.add(clients.get(i).send(message(i), requestId(clients.get(i))));
    }
    CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);

    for (ChatClient client : clients) {
      client.awaitEvents(FIVE_EVENTS.size(), timeout);
    }
    List<UserRun> runs = new ArrayList<>();
    for (ChatClient client : clients) {
      client.close(timeout);
      assertThat(client.failure()).as("connection of %s", client.userId()).isNull();
      runs.add(new UserRun(client.userId(), requestId(client), client.received()));
    }
    return runs;
  }

  /** Asserts that every user received exactly the five events of its own run, in order, and nothing else. */
  public static void assertEachUserReceivedExactlyItsOwnRunInOrder(List<UserRun> runs) {
    assertThat(runs).allSatisfy(run -> {
      assertThat(run.received()).as("events of %s", run.userId())
          .extracting(ReceivedEvent::event).containsExactlyElementsOf(FIVE_EVENTS);
      assertThat(run.received()).as("users addressed in the events of %s", run.userId())
          .extracting(ReceivedEvent::userId).containsOnly(run.userId());
      assertThat(run.received()).as("requests in the events of %s", run.userId())
          .extracting(ReceivedEvent::requestId).containsOnly(run.requestId());
      assertThat(run.received()).as("runs in the events of %s", run.userId())
          .extracting(ReceivedEvent::runId).containsOnly(run.received().get(0).runId());
    });
    assertThat(runs).as("one distinct run per user")
        .extracting(run -> run.received().get(0).runId()).doesNotHaveDuplicates();
  }

  private static String requestId(ChatClient client) {
    return "req-" + client.userId();
  }

  private static String message(int i) {
    return i % 2 == 0 ? i + " * 7" : "user " + i + " would like these words counted";
  }
}
