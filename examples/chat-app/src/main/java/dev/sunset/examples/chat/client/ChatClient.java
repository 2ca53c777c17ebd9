package dev.sunset.examples.chat.client;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One chat user's WebSocket connection over the JDK's HTTP client: sends chat messages and keeps every
 * agent event the server pushes, in arrival order.
 *
 * <p>Safe to use from several threads.
 */
public final class ChatClient implements AutoCloseable {
  private final String userId;
  private final WebSocket socket;
  private final EventListener listener;
  private CompletableFuture<WebSocket> lastSend;

  private ChatClient(String userId, WebSocket socket, EventListener listener) {
    this.userId = userId;
    this.socket = socket;
    this.listener = listener;
    this.lastSend = CompletableFuture.completedFuture(socket);
  }

  /**
   * Opens a connection for {@code userId} to {@code endpoint}, such as {@code ws://127.0.0.1:8080/chat}.
   *
   * @return a future that completes with the client once the WebSocket handshake succeeded
   */
  public static CompletableFuture<ChatClient> connect(HttpClient http, URI endpoint, String userId, Duration timeout) {
    URI uri = URI.create(endpoint + "?user=" + URLEncoder.encode(userId, StandardCharsets.UTF_8));
    EventListener listener = new EventListener();
    return http.newWebSocketBuilder()
        .connectTimeout(timeout)
        .buildAsync(uri, listener)
        .thenApply(socket -> new ChatClient(userId, socket, listener));
  }

  /** The user this connection belongs to. */
  public String userId() {
    return userId;
  }

  /** Sends a chat message, which starts an agent run on the server; messages go out in call order. */
  public synchronized CompletableFuture<WebSocket> send(String text, String requestId) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("text", text);
    message.put("requestId", requestId);
    String json;
    try {
      json = JSON.std.asString(message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    lastSend = lastSend.thenCompose(ws -> ws.sendText(json, true));
    return lastSend;
  }

  /**
   * Waits until at least {@code count} events arrived, the connection ended, or {@code timeout} passed,
   * and returns the events received so far.
   */
  public List<ReceivedEvent> awaitEvents(int count, Duration timeout) throws InterruptedException {
    return listener.awaitEvents(count, timeout);
  }

  /** The events received so far, in arrival order. */
  public List<ReceivedEvent> received() {
    return listener.snapshot();
  }

  /** Why the connection failed, or null if it did not. */
  public Throwable failure() {
    return listener.failure();
  }

  /**
   * Closes the connection like {@link #close(Duration)}, waiting up to ten seconds.
   *
   * @throws IllegalStateException if the closing handshake did not complete in time
   */
  @Override
  public void close() {
    try {
      close(Duration.ofSeconds(10));
    } catch (TimeoutException e) {
      throw new IllegalStateException("the closing handshake of " + userId + " did not complete", e);
    } catch (InterruptedException e) {
      socket.abort();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Closes the connection with the WebSocket closing handshake and waits for the server's close frame, so
   * every event the server sent before closing has been received when this returns.
   *
   * @throws TimeoutException if the handshake did not complete within {@code timeout}; the connection is
   *     then aborted
   */
  public void close(Duration timeout) throws InterruptedException, TimeoutException {
    CompletableFuture<WebSocket> closing;
    synchronized (this) {
      closing = lastSend.handle((ws, sendFailure) -> socket)
          .thenCompose(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
    }
    try {
      closing.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      listener.closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      // the connection had already failed; failure() tells why
    } catch (TimeoutException e) {
      socket.abort();
      throw e;
    }
  }

  /** Collects text messages as events and wakes the threads waiting for them. */
  private static final class EventListener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();
    private final List<ReceivedEvent> events = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private Throwable failure;

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          add(ReceivedEvent.fromJson(text));
        } catch (IOException e) {
          fail(e);
          webSocket.abort();
          return null;
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      synchronized (this) {
        closed.complete(statusCode);
        notifyAll();
      }
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      fail(error);
    }

    private synchronized void add(ReceivedEvent event) {
      events.add(event);
      notifyAll();
    }

    private synchronized void fail(Throwable error) {
      if (failure == null) {
        failure = error;
      }
      closed.completeExceptionally(error);
      notifyAll();
    }

    synchronized List<ReceivedEvent> awaitEvents(int count, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (events.size() < count && !closed.isDone()) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(this, remaining);
      }
      return List.copyOf(events);
    }

    synchronized List<ReceivedEvent> snapshot() {
      return List.copyOf(events);
    }

    synchronized Throwable failure() {
      return failure;
    }
  }
}
