package dev.sunset.examples.chat;

import static dev.sunset.examples.chat.ConcurrentChatUsers.assertEachUserReceivedExactlyItsOwnRunInOrder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.examples.chat.ConcurrentChatUsers.UserRun;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chat server as a process of its own, as the under-agent tests and operators run it. */
class ForkedChatServerTest {

  @Test
  void printsOnlyItsPortServesChatAndStopsGracefullyOnSigterm() throws Exception {
    List<UserRun> runs;
    int exitCode;
    String stderr;
    List<String> stdout;
    try (ForkedChatServer server = ForkedChatServer.start(List.of(), Duration.ofSeconds(60))) {
      runs = ConcurrentChatUsers.chatOnce(server.endpoint(), "forked-", 3, Duration.ofSeconds(30));
      exitCode = server.stop(Duration.ofSeconds(30));
      stderr = server.stderr();
      stdout = server.stdout();
    }

    assertEachUserReceivedExactlyItsOwnRunInOrder(runs);
    assertThat(stdout).singleElement().asString().matches("LISTENING port=[1-9][0-9]*");
    assertThat(stderr).as("the shutdown hook ran").contains("chat-server: stopped");
    assertThat(exitCode).as("ended by SIGTERM").isEqualTo(143);
  }
}
