package dev.sunset.agent.internal.jfr;

import dev.sunset.agent.internal.linkage.CallSiteLinker;
import dev.sunset.agent.internal.linkage.StageChange;
import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.CallSiteSnapshot;
import dev.sunset.agent.internal.registry.FirstCallListener;
import dev.sunset.agent.internal.rules.RuleProblems;
import dev.sunset.agent.internal.rules.RulesInForce;
import dev.sunset.core.rules.Problem;
import dev.sunset.core.rules.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The agent's JDK Flight Recorder events, as the rest of the agent sees them: told of first calls, stage changes and
 * rule problems, it hands them to the recorder once a recording can take them, and does nothing else. It names no
 * {@code jdk.jfr} type, so that it loads on a JVM without the {@code jdk.jfr} module, where it says so once and stays
 * off.
 *
 * <p>Rule problems found before the events are registered (the user's rules file is read as the JVM starts, before
 * {@code -XX:StartFlightRecording} starts its recording) are kept, at most {@value #MAX_PENDING_PROBLEMS}, and recorded
 * when the events are registered, with the time they were found.
 */
public final class JfrEvents implements FirstCallListener, StageChange.Listener, RuleProblems.ProblemListener {
  /** The most rule problems kept for a recording not started yet. */
  static final int MAX_PENDING_PROBLEMS = 100;

  /** A problem found before the events were registered. */
  record PendingProblem(Problem problem, boolean editRefused, long foundAtMillis) {}

  private final CallSiteLinker linker;
  private final Supplier<CallSiteSnapshot> snapshots;
  private final boolean available;
  private final List<PendingProblem> pending = new ArrayList<>();
  /** Whether the events are registered: problems go straight to the recorder. Guarded by {@code this}. */
  private boolean live;
  private volatile JfrRecorder recorder;

  private JfrEvents(CallSiteLinker linker, Supplier<CallSiteSnapshot> snapshots, boolean available) {
    this.linker = linker;
    this.snapshots = snapshots;
    this.available = available;
  }

  /**
   * The events of this agent: listening to {@code linker}'s first calls and stage changes and to rule problems when
   * this JVM has the {@code jdk.jfr} module; else off, which it says once. Cheap: nothing of {@code jdk.jfr} is loaded.
   * {@code rules}: the rules whose problems it records.
   */
  public static JfrEvents start(CallSiteLinker linker, Supplier<CallSiteSnapshot> snapshots, RulesInForce rules) {
    boolean available = ModuleLayer.boot().findModule("jdk.jfr").isPresent();
    JfrEvents events = new JfrEvents(linker, snapshots, available);
    if (!available) {
      AgentLog.once(LogTopic.JFR_ABSENT, "no JFR events: this JVM has no jdk.jfr module (the application runs on)");
      return events;
    }
    linker.addFirstCallListener(events);
    linker.onStageChanges(events);
    rules.problems().onProblems(events);
    return events;
  }

  /** Whether this JVM has the {@code jdk.jfr} module. */
  public boolean available() {
    return available;
  }

  /**
   * Prepares the recorder (the agent's thread does, once, soon after start-up): defines the hidden class that records
   * rewritten sites' first calls and hands it to the linker. Registers nothing; loads nothing of JFR's own.
   */
  public void prepare() {
    if (!available || recorder != null) {
      return;
    }
    try {
      JfrRecorder r = new JfrRecorder(linker, snapshots, this);
      linker.firstCallHook(r.firstCallEmitter());
      recorder = r;
    } catch (Throwable t) {
      AgentLog.failureOnce(LogTopic.JFR_PREPARE, "no JFR events: cannot prepare them (the application runs on)", t);
    }
  }

  /** Registers the events if a recording has been started since the last look (the agent's thread, every second). */
  public void poll() {
    JfrRecorder r = recorder;
    if (r != null) {
      r.ready();
    }
  }

  @Override
  public void onFirstCall(CallSiteInfo site, Stage stage) {
    JfrRecorder r = recorder;
    if (r != null) {
      r.firstCall(site, stage);
    }
  }

  @Override
  public void onStageChange(StageChange change) {
    JfrRecorder r = recorder;
    if (r != null) {
      r.stageChange(change);
    }
  }

  @Override
  public void onProblem(Problem problem, boolean editRefused) {
    long now = System.currentTimeMillis();
    synchronized (this) {
      if (!live) {
        if (pending.size() < MAX_PENDING_PROBLEMS) {
          pending.add(new PendingProblem(problem, editRefused, now));
        }
        return;
      }
    }
    JfrRecorder r = recorder;
    if (r != null) {
      r.problem(problem, editRefused, now);
    }
  }

  /** The events are registered: returns the problems found before, which the recorder records now. */
  synchronized List<PendingProblem> nowLive() {
    live = true;
    List<PendingProblem> found = List.copyOf(pending);
    pending.clear();
    return found;
  }
}
