package dev.sunset.benchmarks.noop;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;

/**
 * The do-nothing agent of the start-up benchmark: a premain that registers a retransform-capable transformer
 * which returns null for every class (changes nothing). It is the floor any agent that transforms classes
 * pays: the {@code java.lang.instrument} machinery, opening an agent jar, and a transformer called for every
 * class that loads. Packed alone in {@code benchmarks/target/noop-agent.jar} by the build.
 */
public final class NoopAgent {
  private NoopAgent() {}

  /** Registers the transformer; {@link ClassFileTransformer}'s default methods return null. */
  public static void premain(String args, Instrumentation instrumentation) {
    instrumentation.addTransformer(new ClassFileTransformer() {}, true);
  }
}
