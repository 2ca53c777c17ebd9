package dev.sunset.examples.chat.routes;

import com.example.ws.UserExecutionContext;
import com.example.ws.WebSocketConnections;
import com.example.ws.WebSocketManager;
import com.example.ws.WebSocketManagerFactory;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.examples.chat.supervisor.AgentSupervisor;
import dev.sunset.examples.chat.transport.JettySessionTransport;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * One user's chat connection: registers it to receive the user's agent events and starts an agent run,
 * off the Jetty thread, for every message the user sends.
 *
 * <p>A message is a JSON object {@code {"text":"...","requestId":"..."}}; {@code requestId} is optional.
 * Anything else closes the connection with status 1003 (bad data).
 */
@SuppressWarnings("removal") // not migrated yet: creates the run's manager through the legacy factory
public final class ChatSocket extends Session.Listener.AbstractAutoDemanding {
  private final UserExecutionContext conversation;
  private final AgentSupervisor supervisor;
  private final Executor agentRuns;
  private volatile JettySessionTransport transport;

  /**
   * Creates the endpoint of one connection.
   *
   * @param conversation the user and conversation thread of this connection; each run gets its own run and
   *     request ids on top of it
   */
  public ChatSocket(UserExecutionContext conversation, AgentSupervisor supervisor, Executor agentRuns) {
    this.conversation = conversation;
    this.supervisor = supervisor;
    this.agentRuns = agentRuns;
  }

  @Override
  public void onWebSocketOpen(Session session) {
    super.onWebSocketOpen(session);
    transport = new JettySessionTransport(session);
    WebSocketConnections.global().register(conversation.userId(), transport);
  }

  @Override
  public void onWebSocketText(String text) {
    UserExecutionContext run;
    String userText;
    try {
      Map<String, Object> message = JSON.std.mapFrom(text);
      if (message == null || !(message.get("text") instanceof String)) {
        throw new IllegalArgumentException("'text' is required");
      }
      userText = (String) message.get("text");
      Object requestId = message.get("requestId");
      run = conversation.withRun(
          "run-" + UUID.randomUUID(), requestId == null ? "req-" + UUID.randomUUID() : requestId.toString());
    } catch (IOException | IllegalArgumentException e) {
      getSession().close(StatusCode.BAD_DATA, "expected {\"text\":\"...\",\"requestId\":\"...\"}", Callback.NOOP);
      return;
    }

    WebSocketManager manager = WebSocketManagerFactory.getWebSocketManagerFactory().createForUser(run);
    try {
      agentRuns.execute(() -> supervisor.run(run, manager, userText));
    } catch (RejectedExecutionException e) {
      getSession().close(StatusCode.SERVICE_RESTART, "server is stopping", Callback.NOOP);
    }
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    unregister();
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    unregister();
  }

  private void unregister() {
    JettySessionTransport registered = transport;
    if (registered != null) {
      WebSocketConnections.global().unregister(conversation.userId(), registered);
    }
  }
}
