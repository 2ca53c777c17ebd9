package dev.sunset.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sunset.examples.chat.client.ChatClient;
import dev.sunset.examples.chat.client.ReceivedEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What one chat connection sees of the server: handshake, message handling and the events of a run. */
class ChatServerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static ChatServer server;
  private static HttpClient http;

  @BeforeAll
  static void startServer() throws Exception {
    server = ChatServer.start("127.0.0.1", 0, 2);
    http = HttpClient.newHttpClient();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Test
  void aConnectionWithoutAUserIsRefusedWithBadRequest() {
    CompletableFuture<WebSocket> connecting =
        http.newWebSocketBuilder().buildAsync(server.endpoint(), new WebSocket.Listener() { });

    assertThatThrownBy(() -> connecting.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(WebSocketHandshakeException.class)
        .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(400));
  }

  @ParameterizedTest
  @ValueSource(strings = {"this is not JSON", "null", "[\"text\"]", "{\"requestId\":\"r-1\"}", "{\"text\":42}"})
  void aMessageThatIsNotAChatMessageClosesTheConnectionAsBadData(String message) throws Exception {
    CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    WebSocket socket = http.newWebSocketBuilder()
        .buildAsync(URI.create(server.endpoint() + "?user=mallory"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
          }
        })
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

    socket.sendText(message, true);

    assertThat(closeCode.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1003);
  }

  @Test
  void theAnswerComesFromTheToolTheMessageCalledFor() throws Exception {
    List<ReceivedEvent> arithmetic = chat("answer-user-1", "6 * 7");
    List<ReceivedEvent> prose = chat("answer-user-2", "count these four words");

    assertThat(arithmetic.get(2).payload()).containsEntry("toolName", "calculator");
    assertThat(arithmetic.get(3).payload()).containsEntry("result", 42);
    assertThat(arithmetic.get(4).payload()).containsEntry("answer", "6 * 7 = 42");
    assertThat(prose.get(2).payload()).containsEntry("toolName", "word_count");
    assertThat(prose.get(4).payload()).containsEntry("answer", "Your message has 4 words.");
  }

  @Test
  void aFailingToolStillEndsTheRunWithAllFiveEvents() throws Exception {
    List<ReceivedEvent> received = chat("divider", "1 / 0");

    assertThat(received).extracting(ReceivedEvent::event).containsExactlyElementsOf(ConcurrentChatUsers.FIVE_EVENTS);
    assertThat(received.get(3).payload()).containsEntry("error", "division by zero");
    assertThat(received.get(4).payload().get("answer")).asString().contains("calculator failed");
  }

  @Test
  void everyConnectionOfTheUserReceivesTheRunAndOtherUsersNothing() throws Exception {
    ChatClient laptop = ChatClient.connect(http, server.endpoint(), "two-tabs", TIMEOUT).get();
    ChatClient phone = ChatClient.connect(http, server.endpoint(), "two-tabs", TIMEOUT).get();
    ChatClient someoneElse = ChatClient.connect(http, server.endpoint(), "bystander", TIMEOUT).get();

    laptop.send("hello from the laptop", "req-laptop");
    laptop.awaitEvents(5, TIMEOUT);
    phone.awaitEvents(5, TIMEOUT);
    laptop.close();
    phone.close();
    someoneElse.close();

    assertThat(laptop.received()).extracting(ReceivedEvent::event).containsExactlyElementsOf(ConcurrentChatUsers.FIVE_EVENTS);
    assertThat(phone.received()).isEqualTo(laptop.received());
    assertThat(someoneElse.received()).isEmpty();
  }

  @Test
  void theEventsOfARunCarryTheUsersConversationRunAndRequest() throws Exception {
    List<ReceivedEvent> received = chat("carrier", "what does this carry");

    assertThat(received).extracting(ReceivedEvent::userId).containsOnly("carrier");
    assertThat(received).extracting(ReceivedEvent::requestId).containsOnly("req-carrier");
    assertThat(received).extracting(ReceivedEvent::threadId).containsOnly(received.get(0).threadId());
    assertThat(received.get(0).threadId()).startsWith("thread-");
    assertThat(received).extracting(ReceivedEvent::runId).containsOnly(received.get(0).runId());
    assertThat(received.get(0).runId()).startsWith("run-");
  }

  /** Sends one message as {@code userId} and returns everything received until the connection closed. */
  private static List<ReceivedEvent> chat(String userId, String text) throws Exception {
    ChatClient client = ChatClient.connect(http, server.endpoint(), userId, TIMEOUT).get();
    client.send(text, "req-" + userId);
    client.awaitEvents(5, TIMEOUT);
    client.close();
    assertThat(client.received()).extracting(ReceivedEvent::event).containsExactlyElementsOf(ConcurrentChatUsers.FIVE_EVENTS);
    return client.received();
  }
}
