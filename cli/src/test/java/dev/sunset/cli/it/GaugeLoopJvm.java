package dev.sunset.cli.it;

import dev.sunset.cli.it.fixtures.GaugeLoop;
import dev.sunset.testing.BuiltJars;
import dev.sunset.testing.InheritedEnvironment;
import dev.sunset.testing.TestJvm;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link GaugeLoop} in a JVM of its own ({@link TestJvm}), started without the agent, which a test talks to while it
 * runs.
 */
final class GaugeLoopJvm implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final TestJvm.Running jvm;

  private GaugeLoopJvm(TestJvm.Running jvm) {
    this.jvm = jvm;
  }

  /** Starts the loop with this test's classes as its class path, open to dynamically loaded agents. */
  static GaugeLoopJvm start() throws IOException, InterruptedException {
    GaugeLoopJvm loop = new GaugeLoopJvm(TestJvm.withoutAgent().inherit(InheritedEnvironment.ALL)
        .option("-XX:+EnableDynamicAgentLoading").classPath(List.of(BuiltJars.locationOf(GaugeLoop.class)))
        .start(GaugeLoop.class.getName()));
    loop.await("ready");
    return loop;
  }

  long pid() {
    return jvm.pid();
  }

  /** Has the loop print its tallies as {@code name} and returns them all so far, by {@code name.path.outcome}. */
  Map<String, Long> mark(String name) throws IOException, InterruptedException {
    jvm.send("mark " + name);
    await(name + ".marked=1");
    return tallies();
  }

  /**
   * Lets the loop run until its {@code main} path has made {@code rounds} calls since it had made {@code from},
   * marking as {@code name} every 200 ms; returns the tallies.
   */
  Map<String, Long> runOn(String name, long from, long rounds) throws IOException, InterruptedException {
    while (true) {
      Thread.sleep(200);
      Map<String, Long> now = mark(name);
      if (now.get(name + ".main.total") - from >= rounds) {
        return now;
      }
    }
  }

  /** Stops the loop and waits for it; returns its tallies. */
  Map<String, Long> stop() throws IOException, InterruptedException {
    jvm.send("stop");
    jvm.closeStandardInput();
    jvm.awaitExit(TIMEOUT);
    await("total.marked=1");
    return tallies();
  }

  private void await(String line) throws InterruptedException {
    jvm.awaitStdout(line::equals, TIMEOUT);
  }

  /** Every tally printed so far, with {@code name.path.total} summed over the outcomes. */
  private Map<String, Long> tallies() {
    Map<String, Long> values = new LinkedHashMap<>();
    for (String line : jvm.stdout()) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.endsWith(".marked=1")) {
        String key = line.substring(0, eq);
        long n = Long.parseLong(line.substring(eq + 1));
        values.put(key, n);
        String total = key.substring(0, key.lastIndexOf('.')) + ".total";
        values.merge(total, n, Long::sum);
      }
    }
    return values;
  }

  /** What the loop printed on standard error (the agent's lines). */
  List<String> stderr() {
    return jvm.stderr();
  }

  @Override
  public String toString() {
    return "stdout=" + jvm.stdout() + " stderr=" + jvm.stderr();
  }

  @Override
  public void close() {
    jvm.close();
  }
}
