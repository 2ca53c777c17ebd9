package dev.sunset.agent.internal.registry;

import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * This JVM's run, as every report of it names it: an id unique to the run and the same in all its reports, the
 * process id, when the JVM and the agent started, and whether the agent was attached to a running JVM.
 *
 * <p>Only the time is read when the agent starts; the rest is worked out on the first report, off the
 * application's start-up (reading the process's start time and seeding a generator cost more than a clock read).
 * The id's random part comes from a non-cryptographic generator: it only has to tell runs apart, and a
 * {@code SecureRandom} may block while the system gathers entropy.
 */
public final class ThisRun {
  private final long agentStartedAtMillis;
  private final boolean attachedLate;
  private volatile Identity identity;

  /** Who the run is, worked out once. */
  private record Identity(String id, long pid, Instant jvmStartedAt) {}

  private ThisRun(long agentStartedAtMillis, boolean attachedLate) {
    this.agentStartedAtMillis = agentStartedAtMillis;
    this.attachedLate = attachedLate;
  }

  /** The run of an agent starting now ({@code attachedLate}: through {@code agentmain}). */
  public static ThisRun startingNow(boolean attachedLate) {
    return new ThisRun(System.currentTimeMillis(), attachedLate);
  }

  /** The run as a report written at {@code reportAt} gives it; {@code exitReport}: the report written at exit. */
  public CallSiteSnapshot.Run at(Instant reportAt, boolean exitReport) {
    Identity who = identity();
    return new CallSiteSnapshot.Run(who.id(), who.pid(), who.jvmStartedAt(), Instant.ofEpochMilli(agentStartedAtMillis),
        attachedLate, reportAt, exitReport);
  }

  private Identity identity() {
    Identity who = identity;
    if (who == null) {
      synchronized (this) {
        who = identity;
        if (who == null) {
          ProcessHandle self = ProcessHandle.current();
          Instant jvmStartedAt = startOf(self);
          long startMillis = jvmStartedAt != null ? jvmStartedAt.toEpochMilli() : agentStartedAtMillis;
          String random = String.format("%016x", new SplittableRandom().nextLong());
          who = new Identity(self.pid() + "-" + startMillis + "-" + random, self.pid(), jvmStartedAt);
          identity = who;
        }
      }
    }
    return who;
  }

  private static Instant startOf(ProcessHandle process) {
    try {
      Optional<Instant> start = process.info().startInstant();
      return start.orElse(null);
    } catch (RuntimeException e) {
      return null; // unknown on this system: the report leaves it out
    }
  }
}
