package dev.sunset.agent.internal.registry;

import dev.sunset.core.rules.Stage;

/**
 * Told once per call site, on the thread of its first call and before that call proceeds, so that the
 * caller's context (such as the current trace) can be captured; later calls never reach it.
 */
public interface FirstCallListener {
  /** The site ran for the first time, at this stage. Must be quick and must not throw. */
  void onFirstCall(CallSiteInfo site, Stage stage);
}
