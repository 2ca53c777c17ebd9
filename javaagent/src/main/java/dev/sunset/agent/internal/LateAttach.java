package dev.sunset.agent.internal;

import dev.sunset.agent.internal.linkage.BootstrapInstaller;
import dev.sunset.agent.internal.linkage.LegacyGuards;
import dev.sunset.agent.internal.log.AgentLog;
import dev.sunset.agent.internal.log.LogTopic;
import dev.sunset.agent.internal.rewrite.LegacyCallTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Attaching to a running JVM: the classes already loaded are rewritten as if they loaded now, guards first, then the
 * calls, with the guards counting nothing until both are done.
 */
final class LateAttach {
  /** Classes retransformed in one call; a failing batch is retried one class at a time. */
  static final int BATCH = 200;

  private LateAttach() {}

  /**
   * Activates the dispatcher, adds {@code transformer} and rewrites the classes already loaded; returns how many were
   * retransformed.
   *
   * <p>Guards first, calls rewritten nowhere yet: a legacy class loaded before the attach gets a guard without a twin,
   * and a rewritten site must know that when it links, or its calls would be counted by the guard too. Guards count
   * nothing until both are done ({@link LegacyGuards#arm}): a call caught meanwhile might come from a class not
   * rewritten yet, or from a lambda whose reference is not a site yet. Every call after the attach returns is counted,
   * once, at its own site.
   */
  static int rewriteLoaded(Instrumentation instrumentation, BootstrapInstaller.Installation linkage,
      LegacyCallTransformer transformer, LegacyGuards guards) {
    linkage.activate();
    guards.arm(false);
    int retransformed = 0;
    try {
      transformer.rewriteCalls(false);
      instrumentation.addTransformer(transformer, true);
      retransformed += retransformLoaded(instrumentation, transformer, true);
      transformer.rewriteCalls(true);
      retransformed += retransformLoaded(instrumentation, transformer, false);
    } finally {
      transformer.rewriteCalls(true);
      guards.arm(true);
    }
    return retransformed;
  }

  /**
   * Retransforms the classes already loaded that may declare a legacy method ({@code guards}) or call one, in
   * batches, one by one if a batch fails; returns how many it retransformed.
   */
  private static int retransformLoaded(Instrumentation instrumentation, LegacyCallTransformer transformer,
      boolean guards) {
    List<Class<?>> batch = new ArrayList<>();
    int count = 0;
    for (Class<?> c : instrumentation.getAllLoadedClasses()) {
      if (c.getClassLoader() != null && instrumentation.isModifiableClass(c) && !c.isHidden()
          && (guards ? transformer.mayGuard(c) : transformer.mayRewrite(c))) {
        batch.add(c);
        count++;
        if (batch.size() == BATCH) {
          retransform(instrumentation, batch);
          batch.clear();
        }
      }
    }
    retransform(instrumentation, batch);
    return count;
  }

  private static void retransform(Instrumentation instrumentation, List<Class<?>> batch) {
    try {
      instrumentation.retransformClasses(batch.toArray(new Class<?>[0]));
    } catch (Throwable batchFailure) {
      for (Class<?> c : batch) {
        try {
          instrumentation.retransformClasses(c);
        } catch (Throwable t) {
          AgentLog.failureOnce(LogTopic.RETRANSFORM, c.getName(), "could not rewrite already loaded " + c.getName(), t);
        }
      }
    }
  }
}
