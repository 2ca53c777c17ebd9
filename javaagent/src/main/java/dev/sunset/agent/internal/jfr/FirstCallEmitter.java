package dev.sunset.agent.internal.jfr;

import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.core.rules.Stage;

/**
 * Records a rewritten site's first call. Never loaded under this name: {@link JfrRecorder#firstCallEmitter} defines a
 * hidden class from this class file, and the linker folds its method straight into the site's first-call step. JFR
 * leaves hidden frames (this one, and the JVM's method-handle frames) out of stack traces, so the event's stack
 * trace starts at the line that made the call. Its event is committed here, in the hidden frame, and nowhere deeper.
 */
final class FirstCallEmitter {
  private FirstCallEmitter() {}

  /**
   * The first-call step, bound to its recorder: records the call unless the site has been called or no recording
   * wants the event.
   */
  static void firstCall(JfrRecorder recorder, CallSiteInfo site, Stage stage) {
    try {
      if (site.hasBeenCalled()) {
        return; // the step is linked again for a first call at warn, or a racing thread got there first
      }
      if (!recorder.ready()) {
        return;
      }
      LegacyCallEvent event = new LegacyCallEvent();
      if (event.shouldCommit() && recorder.claimFirstCall(site)) {
        recorder.fill(event, site, stage);
        event.commit();
      }
    } catch (Throwable t) {
      JfrRecorder.failedOnce(LegacyCallEvent.NAME, t);
    }
  }
}
