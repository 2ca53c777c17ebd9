package dev.sunset.examples.chat;

import dev.sunset.examples.chat.client.ChatClient;
import dev.sunset.examples.chat.client.ReceivedEvent;
import dev.sunset.examples.chat.client.RunCheck;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A demo of the chat backend: starts the server in-process, has a few users chat with it at once over real
 * WebSockets, and prints the agent events each user received, one line per user.
 *
 * <p>Exits with 0 when every user received exactly the five events of its own run, in order, and with 1
 * otherwise.
 */
@Command(
    name = "chat-demo",
    mixinStandardHelpOptions = true,
    description = "Runs simulated users against an in-process chat server and prints what each received.")
public final class DemoDriver implements Callable<Integer> {
  private static final List<String> NAMES =
      List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy");

  @Option(names = "--users", defaultValue = "5", description = "Simulated users (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--timeout-seconds", defaultValue = "30", description = "How long each step may take (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  private final PrintStream out;
  private final PrintStream err;

  DemoDriver(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs the demo and exits with its result. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new DemoDriver(System.out, System.err)).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    int failed = 0;
    try (ChatServer server = ChatServer.start("127.0.0.1", 0, 4)) {
      HttpClient http = HttpClient.newHttpClient();
      List<CompletableFuture<ChatClient>> connecting = new ArrayList<>();
      for (int i = 0; i < users; i++) {
        connecting.add(ChatClient.connect(http, server.endpoint(), userName(i), timeout));
      }
      List<ChatClient> clients = connecting.stream().map(CompletableFuture::join).toList();
      for (int i = 0; i < clients.size(); i++) {
        clients.get(i).send(message(i), requestId(i));
      }
      for (ChatClient client : clients) {
        client.awaitEvents(RunCheck.EXPECTED_EVENTS.size(), timeout);
      }
      for (int i = 0; i < clients.size(); i++) {
        ChatClient client = clients.get(i);
        client.close(timeout); // the closing handshake: whatever the server sent is in received() now
        List<ReceivedEvent> received = client.received();
        out.println(client.userId() + ": "
            + received.stream().map(ReceivedEvent::event).collect(Collectors.joining(" > ")));
        List<String> problems = RunCheck.problems(client.userId(), requestId(i), received);
        if (!problems.isEmpty()) {
          failed++;
          err.println(client.userId() + ": " + String.join("; ", problems));
        }
      }
    }
    out.flush();
    return failed == 0 ? 0 : 1;
  }

  private static String userName(int i) {
    return i < NAMES.size() ? NAMES.get(i) : "user-" + (i + 1);
  }

  private static String requestId(int i) {
    return "demo-request-" + (i + 1);
  }

  /** Every other user asks for arithmetic, so both tools run. */
  private static String message(int i) {
    return i % 2 == 0 ? (i + 6) + " * 7" : "please count the words in this sentence";
  }
}
