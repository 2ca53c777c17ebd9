package dev.sunset.agent.internal.jfr;

import dev.sunset.agent.internal.linkage.CallSiteLinker;
import dev.sunset.agent.internal.linkage.StageChange;
import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.CallSiteSnapshot;
import dev.sunset.agent.internal.registry.ClassUse;
import dev.sunset.core.resolve.ResolvedRule;
import dev.sunset.core.rules.Problem;
import dev.sunset.core.rules.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * Where the agent meets {@code jdk.jfr}: registers the events once the JVM's Flight Recorder is initialized, and
 * commits them. Every event is committed only when a recording wants it ({@code shouldCommit}); any failure is logged
 * once and drops that event.
 */
final class JfrRecorder {
  private final CallSiteLinker linker;
  private final Supplier<CallSiteSnapshot> snapshots;
  private final JfrEvents events;
  /** The sites whose first call has been recorded: one event per site, whichever path got there first. */
  private final Set<Integer> firstCallsRecorded = ConcurrentHashMap.newKeySet();
  private volatile boolean registered;
  private volatile boolean failed;

  JfrRecorder(CallSiteLinker linker, Supplier<CallSiteSnapshot> snapshots, JfrEvents events) {
    this.linker = linker;
    this.snapshots = snapshots;
    this.events = events;
  }

  /**
   * {@code (CallSiteInfo, Stage)void}: the first-call step of the hidden class defined from {@code FirstCallEmitter}'s
   * class file, in this package, bound to this recorder. Hidden, its frame is left out of the event's stack trace, as
   * are the JVM's frames of the bound handle.
   */
  MethodHandle firstCallEmitter() throws IOException, ReflectiveOperationException {
    byte[] bytes;
    try (InputStream in = JfrRecorder.class.getResourceAsStream("FirstCallEmitter.class")) {
      if (in == null) {
        throw new IOException("FirstCallEmitter.class is not in the agent jar");
      }
      bytes = in.readAllBytes();
    }
    MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(bytes, true);
    return hidden.findStatic(hidden.lookupClass(), "firstCall",
        MethodType.methodType(void.class, JfrRecorder.class, CallSiteInfo.class, Stage.class)).bindTo(this);
  }

  /**
   * Whether the events are registered; registers them now if the Flight Recorder has been initialized since (a
   * recording was started). Before that, registering would initialize JFR's Java side: it is never done.
   */
  boolean ready() {
    if (registered) {
      return true;
    }
    if (failed || !FlightRecorder.isInitialized() || !recordingRuns()) {
      return false;
    }
    return register();
  }

  /**
   * Whether a recording runs. The Flight Recorder is initialized before the recording {@code -XX:StartFlightRecording}
   * asks for starts: the rule problems found before, recorded on registering, would be dropped in between (no
   * recording wants them yet), as JfrEventsIT saw on a loaded machine.
   */
  private static boolean recordingRuns() {
    for (Recording r : FlightRecorder.getFlightRecorder().getRecordings()) {
      if (r.getState() == RecordingState.RUNNING) {
        return true;
      }
    }
    return false;
  }

  private synchronized boolean register() {
    if (registered || failed) {
      return registered;
    }
    try {
      FlightRecorder.register(LegacyCallEvent.class);
      FlightRecorder.register(StageChangeEvent.class);
      FlightRecorder.register(RuleProblemEvent.class);
      FlightRecorder.addPeriodicEvent(LegacyCallCountEvent.class, new CountHook(snapshots));
      registered = true;
    } catch (Throwable t) {
      failed = true;
      AgentLog.failureOnce(LogTopic.JFR_REGISTER, "no JFR events: cannot register them (the application runs on)", t);
      return false;
    }
    for (JfrEvents.PendingProblem p : events.nowLive()) {
      problem(p.problem(), p.editRefused(), p.foundAtMillis());
    }
    return true;
  }

  /** Claims the recording of a site's first call: true once per site. */
  boolean claimFirstCall(CallSiteInfo site) {
    return firstCallsRecorded.add(site.id());
  }

  /** A site's first call, caught at the legacy method or before the hidden emitter was linked into its site. */
  void firstCall(CallSiteInfo site, Stage stage) {
    try {
      if (!ready()) {
        return;
      }
      LegacyCallEvent event = new LegacyCallEvent();
      if (event.shouldCommit() && claimFirstCall(site)) {
        fill(event, site, stage);
        event.commit();
      }
    } catch (Throwable t) {
      failedOnce("dev.sunset.LegacyCall", t);
    }
  }

  /** Fills a first-call event: where the site is, its rule and stage; nothing of the call's arguments. */
  void fill(LegacyCallEvent event, CallSiteInfo site, Stage stage) {
    ResolvedRule rule = linker.siteStages().ruleOf(site);
    event.rule = site.ruleId();
    event.stage = stage == null ? "" : stage.id();
    event.legacyMethod = rule == null ? site.legacyMember() : rule.spec().legacyText();
    event.callerClass = site.className();
    event.callerMethod = site.methodName();
    event.sourceFile = site.sourceFile();
    event.line = site.line();
    event.codeSource = site.codeSource();
    event.via = site.reach().via();
    event.siteId = site.id();
    event.use = site.reach().use().id();
    ClassUse classUse = site.classUse();
    event.member = classUse == null ? null : classUse.member();
  }

  void stageChange(StageChange change) {
    try {
      if (!ready()) {
        return;
      }
      StageChangeEvent event = new StageChangeEvent();
      if (!event.shouldCommit()) {
        return;
      }
      event.rule = change.ruleId();
      CallSiteInfo site = change.site();
      event.scope = site == null ? "rule" : "site";
      if (site != null) {
        event.callerClass = site.className();
        event.callerMethod = site.methodName();
        event.line = site.line();
      }
      event.from = change.from().id();
      event.to = change.to().id();
      event.cause = change.cause().id();
      event.commit();
    } catch (Throwable t) {
      failedOnce("dev.sunset.StageChange", t);
    }
  }

  void problem(Problem problem, boolean editRefused, long foundAtMillis) {
    try {
      if (!ready()) {
        return;
      }
      RuleProblemEvent event = new RuleProblemEvent();
      if (!event.shouldCommit()) {
        return;
      }
      event.rulesFile = problem.source();
      event.line = problem.line();
      event.rule = problem.ruleId();
      event.kind = problem.kind().name().toLowerCase(Locale.ROOT);
      event.editRefused = editRefused;
      event.where = problem.where();
      event.problem = problem.message();
      event.foundAt = foundAtMillis;
      event.commit();
    } catch (Throwable t) {
      failedOnce("dev.sunset.RuleProblem", t);
    }
  }

  /** An event that could not be recorded: said once per event type; the application runs on. */
  static void failedOnce(String eventName, Throwable t) {
    AgentLog.failureOnce(LogTopic.JFR_EMIT, eventName,
        "cannot record a JFR event " + eventName + " (the application runs"
        + " on)", t);
  }
}
