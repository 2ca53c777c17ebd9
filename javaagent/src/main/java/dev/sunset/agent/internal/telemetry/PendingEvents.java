package dev.sunset.agent.internal.telemetry;

import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.telemetry.data.EventSink;
import dev.sunset.agent.internal.telemetry.data.FirstCallEvent;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Holds first-call events while Sunset's SDK starts in the background, then hands them over in order, and
 * every later event directly. At most {@code capacity} events wait; beyond that they are counted and reported
 * once, never kept, so a slow or failed start cannot make the agent's memory grow.
 */
final class PendingEvents implements EventSink {
  private final int capacity;
  private final Queue<FirstCallEvent> waiting = new ArrayDeque<>();
  private volatile EventSink target;
  private boolean discarded;
  private long dropped;

  PendingEvents(int capacity) {
    this.capacity = capacity;
  }

  @Override
  public void emit(FirstCallEvent event) {
    EventSink ready = target;
    if (ready == null) {
      synchronized (this) {
        ready = target;
        if (ready == null) {
          if (!discarded && waiting.size() < capacity) {
            waiting.add(event);
          } else if (dropped++ == 0 && !discarded) {
            AgentLog.info("telemetry: more than " + capacity + " first calls came while OpenTelemetry was starting;"
                + " their events are dropped (the calls are counted)");
          }
          return;
        }
      }
    }
    ready.emit(event);
  }

  /** The SDK is up: emits the waiting events to {@code sink}, then sends every later event straight to it. */
  synchronized void ready(EventSink sink) {
    for (FirstCallEvent event = waiting.poll(); event != null; event = waiting.poll()) {
      sink.emit(event);
    }
    target = sink;
  }

  /** The SDK did not start: forgets the waiting events and keeps no more. */
  synchronized void discard() {
    discarded = true;
    waiting.clear();
  }

  /** How many events wait (for tests). */
  synchronized int waiting() {
    return waiting.size();
  }
}
