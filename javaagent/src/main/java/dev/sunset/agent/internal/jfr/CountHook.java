package dev.sunset.agent.internal.jfr;

import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.CallSiteSnapshot;
import dev.sunset.agent.internal.registry.ClassUse;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The periodic hook of {@code dev.sunset.LegacyCallCount}: the JVM runs it only while a recording has the event
 * enabled, at its period. It reads the same snapshot the report is written from, so the counts are the report's; it
 * lists only sites called at least once.
 */
final class CountHook implements Runnable {
  private final Supplier<CallSiteSnapshot> snapshots;
  /** Each site's count at the previous run, for the calls since. */
  private final Map<Integer, Long> previous = new HashMap<>();

  CountHook(Supplier<CallSiteSnapshot> snapshots) {
    this.snapshots = snapshots;
  }

  @Override
  public synchronized void run() {
    try {
      CallSiteSnapshot snapshot = snapshots.get();
      for (CallSiteSnapshot.Site s : snapshot.sites()) {
        long calls = s.total();
        if (calls == 0) {
          continue;
        }
        CallSiteInfo info = s.info();
        Long before = previous.put(info.id(), calls);
        LegacyCallCountEvent event = new LegacyCallCountEvent();
        event.rule = info.ruleId();
        event.stage = s.stage() == null ? "" : s.stage().id();
        event.callerClass = info.className();
        event.callerMethod = info.methodName();
        event.line = info.line();
        event.calls = calls;
        event.callsSinceLast = calls - (before == null ? 0 : before);
        event.siteId = info.id();
        event.use = info.reach().use().id();
        ClassUse classUse = info.classUse();
        event.member = classUse == null ? null : classUse.member();
        event.commit();
      }
    } catch (Throwable t) {
      AgentLog.failureOnce(LogTopic.JFR_EMIT, LegacyCallCountEvent.NAME, "cannot record the JFR event "
          + LegacyCallCountEvent.NAME + " (the application runs on)", t);
    }
  }
}
