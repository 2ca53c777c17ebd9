package dev.sunset.examples.chat;

import com.example.ws.UserExecutionContext;
import dev.sunset.examples.chat.agents.planner.Planner;
import dev.sunset.examples.chat.agents.tools.BuiltinTools;
import dev.sunset.examples.chat.agents.tools.ToolDispatcher;
import dev.sunset.examples.chat.bridge.ToolResultBridge;
import dev.sunset.examples.chat.notifications.ThinkingNotifier;
import dev.sunset.examples.chat.routes.ChatSocket;
import dev.sunset.examples.chat.supervisor.AgentSupervisor;
import java.io.PrintStream;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The chat backend: a Jetty WebSocket server at {@code ws://host:port/chat?user=<userId>} that starts an
 * agent run for every message a user sends and streams the run's five agent events back to that user.
 *
 * <p>Start it in-process with {@link #start(String, int, int)}, or as a process with {@link #main}, which
 * prints {@code LISTENING port=<n>} on standard output once it accepts connections.
 */
public final class ChatServer implements AutoCloseable {
  /** The path of the chat WebSocket endpoint. */
  public static final String CHAT_PATH = "/chat";

  private final Server jetty;
  private final ServerConnector connector;
  private final ExecutorService agentRuns;

  private ChatServer(Server jetty, ServerConnector connector, ExecutorService agentRuns) {
    this.jetty = jetty;
    this.connector = connector;
    this.agentRuns = agentRuns;
  }

  /**
   * Starts a server listening on {@code host:port}.
   *
   * @param port the port, or 0 for an ephemeral one (see {@link #port()})
   * @param agentRunThreads how many agent runs may execute at once
   */
  public static ChatServer start(String host, int port, int agentRunThreads) throws Exception {
    ExecutorService agentRuns = Executors.newFixedThreadPool(agentRunThreads, daemonThreads("agent-run-"));
    AgentSupervisor supervisor = new AgentSupervisor(
        new Planner(new ThinkingNotifier()),
        new ToolDispatcher(BuiltinTools.all(), new ToolResultBridge()));

    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost(host);
    connector.setPort(port);
    jetty.addConnector(connector);

    ContextHandler root = new ContextHandler("/");
    root.setHandler(WebSocketUpgradeHandler.from(jetty, root, container ->
        container.addMapping(CHAT_PATH, (request, response, callback) -> {
          String userId = Request.extractQueryParameters(request).getValue("user");
          UserExecutionContext conversation;
          try {
            // one conversation thread per connection; every message becomes a run of its own on top of it
            conversation = UserExecutionContext.of(userId, "thread-" + UUID.randomUUID(), "none", "none");
          } catch (IllegalArgumentException e) {
            Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400, "user: " + e.getMessage());
            return null;
          }
          return new ChatSocket(conversation, supervisor, agentRuns);
        })));
    jetty.setHandler(root);

    try {
      jetty.start();
    } catch (Exception e) {
      agentRuns.shutdownNow();
      jetty.stop();
      throw e;
    }
    return new ChatServer(jetty, connector, agentRuns);
  }

  /** The port the server listens on. */
  public int port() {
    return connector.getLocalPort();
  }

  /** The chat endpoint, such as {@code ws://127.0.0.1:8080/chat}; add {@code ?user=<userId>} to connect. */
  public URI endpoint() {
    String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
    return URI.create("ws://" + host + ":" + port() + CHAT_PATH);
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    jetty.join();
  }

  /**
   * Stops accepting connections, closes the open ones and waits briefly for the agent runs under way.
   *
   * @throws IllegalStateException if Jetty failed to stop
   */
  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the chat server did not stop cleanly", e);
    } finally {
      agentRuns.shutdown();
      try {
        if (!agentRuns.awaitTermination(5, TimeUnit.SECONDS)) {
          agentRuns.shutdownNow();
        }
      } catch (InterruptedException e) {
        agentRuns.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger next = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + next.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Runs the server until the process is stopped; SIGTERM stops it gracefully. */
  public static void main(String[] args) {
    int exitCode = new CommandLine(new Cli(System.out, System.err)).execute(args);
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  /** The command line of {@link ChatServer#main}. */
  @Command(
      name = "chat-server",
      mixinStandardHelpOptions = true,
      description = "Runs the chat backend until the process is stopped.")
  static final class Cli implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "0", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--agent-run-threads", defaultValue = "4", description = "Agent runs executing at once (default: ${DEFAULT-VALUE}).")
    int agentRunThreads;

    private final PrintStream out;
    private final PrintStream err;

    Cli(PrintStream out, PrintStream err) {
      this.out = out;
      this.err = err;
    }

    @Override
    public Integer call() throws Exception {
      ChatServer server = start(host, port, agentRunThreads);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          server.close();
          err.println("chat-server: stopped");
        } catch (RuntimeException e) {
          err.println("chat-server: stop failed: " + e);
        }
      }, "chat-server-shutdown"));
      out.println("LISTENING port=" + server.port());
      out.flush();
      server.join();
      return 0;
    }
  }
}
