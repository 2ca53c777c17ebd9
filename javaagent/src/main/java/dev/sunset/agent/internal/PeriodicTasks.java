package dev.sunset.agent.internal;

import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The agent's own thread ({@code sunset}, a daemon): runs its start-up steps once, then each periodic task at its
 * interval. No failure of a task ends the thread or the other tasks: whatever a task throws (an exception, a
 * {@code StackOverflowError}, an {@code OutOfMemoryError}) is logged once per task and kind of failure, and the task
 * runs again at its next turn, so reports, reloads and JMX go on. Only an interrupt (the exit) ends it.
 */
final class PeriodicTasks extends Thread {
  /** A step of the agent's thread. */
  static final class Task {
    final String name;
    /** Zero for a step run once, at the start. */
    final long intervalNanos;
    /** What it does; replaceable only so that a test can inject a fault into it. */
    volatile Runnable action;
    long next;

    private Task(String name, long intervalNanos, Runnable action) {
      this.name = name;
      this.intervalNanos = intervalNanos;
      this.action = action;
    }

    /** A step run once, when the thread starts, before any periodic task. */
    static Task once(String name, Runnable action) {
      return new Task(name, 0, action);
    }

    /** A task run every {@code intervalMillis} (from 1 ms to a day). */
    static Task every(String name, long intervalMillis, Runnable action) {
      if (intervalMillis < 1 || intervalMillis > TimeUnit.DAYS.toMillis(1)) {
        throw new IllegalArgumentException(name + ": interval " + intervalMillis + " ms is not from 1 ms to a day");
      }
      return new Task(name, TimeUnit.MILLISECONDS.toNanos(intervalMillis), action);
    }
  }

  private final List<Task> tasks;

  PeriodicTasks(List<Task> tasks) {
    super("sunset");
    setDaemon(true);
    this.tasks = List.copyOf(tasks);
  }

  /** The tasks, in the order they run when due together. */
  List<Task> tasks() {
    return tasks;
  }

  @Override
  public void run() {
    List<Task> periodic = new ArrayList<>();
    for (Task t : tasks) {
      if (t.intervalNanos == 0) {
        runQuietly(t);
      } else {
        periodic.add(t);
      }
    }
    long now = System.nanoTime();
    for (Task t : periodic) {
      t.next = now + t.intervalNanos;
    }
    while (!isInterrupted() && !periodic.isEmpty()) {
      long due = periodic.get(0).next;
      for (Task t : periodic) {
        if (t.next - due < 0) {
          due = t.next;
        }
      }
      long wait = due - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          return;
        }
      }
      for (Task t : periodic) {
        if (isInterrupted()) {
          return;
        }
        if (System.nanoTime() - t.next >= 0) {
          runQuietly(t);
          // at a fixed rate, so that a slow run does not age every later one; after a stall, start again
          t.next += t.intervalNanos;
          long after = System.nanoTime();
          if (after - t.next >= 0) {
            t.next = after + t.intervalNanos;
          }
        }
      }
    }
  }

  /** Runs a task; whatever it throws is logged once per task and kind of failure, and changes nothing else. */
  static void runQuietly(Task t) {
    try {
      t.action.run();
    } catch (Throwable failure) {
      try {
        AgentLog.failureOnce(LogTopic.TASK, List.of(t.name, failure.getClass().getName()), t.name + " failed"
            + (t.intervalNanos == 0 ? "" : " (it runs again at its next turn)"), failure);
      } catch (Throwable ignored) {
        // not even a line could be printed (out of memory): the next turn tries again
      }
    }
  }
}
