package dev.sunset.examples.chat;

import static dev.sunset.examples.chat.ConcurrentChatUsers.assertEachUserReceivedExactlyItsOwnRunInOrder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.examples.chat.ConcurrentChatUsers.UserRun;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chat backend without the agent: the legacy call sites already deliver correctly under load. */
class GoldenPathTest {
  private static final int USERS = 200;

  @Test
  void twoHundredConcurrentUsersEachReceiveExactlyTheirOwnFiveEventsInOrder() throws Exception {
    List<UserRun> runs;
    try (ChatServer server = ChatServer.start("127.0.0.1", 0, 4)) {
      runs = ConcurrentChatUsers.chatOnce(server.endpoint(), "golden-", USERS, Duration.ofSeconds(60));
    }

    assertThat(runs).hasSize(USERS);
    assertEachUserReceivedExactlyItsOwnRunInOrder(runs);
  }
}
