package dev.sunset.examples.chat.transport;

import com.example.ws.AgentEventMessage;
import com.example.ws.WebSocketTransport;
import java.util.Objects;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Delivers agent events to one Jetty WebSocket session as JSON text messages, in the order they are sent.
 *
 * <p>Jetty queues whole text messages in the order {@link Session#sendText} is called; sends to one
 * session are serialised here so that concurrent callers cannot interleave encoding and queueing.
 */
public final class JettySessionTransport implements WebSocketTransport {
  private static final System.Logger LOG = System.getLogger(JettySessionTransport.class.getName());

  private final Session session;
  private final Object sendLock = new Object();

  /** Creates the transport of an open session. */
  public JettySessionTransport(Session session) {
    this.session = Objects.requireNonNull(session, "session");
  }

  @Override
  public boolean isOpen() {
    return session.isOpen();
  }

  @Override
  public void send(AgentEventMessage message) throws Exception {
    synchronized (sendLock) {
      session.sendText(AgentEventJson.encode(message), Callback.from(() -> { }, this::sendFailed));
    }
  }

  private void sendFailed(Throwable failure) {
    LOG.log(System.Logger.Level.DEBUG, "agent event not delivered to a closing session", failure);
  }
}
