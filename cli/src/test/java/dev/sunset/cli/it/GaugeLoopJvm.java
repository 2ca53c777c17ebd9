package dev.sunset.cli.it;

import dev.sunset.cli.it.fixtures.GaugeLoop;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** {@link GaugeLoop} in a JVM of its own, started without the agent, which a test talks to while it runs. */
final class GaugeLoopJvm implements AutoCloseable {
  private final Process process;
  private final Writer stdin;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();

  private GaugeLoopJvm(Process process) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    pump(process.inputReader(StandardCharsets.UTF_8), stdout);
    pump(process.errorReader(StandardCharsets.UTF_8), stderr);
  }

  /** Starts the loop with this test's classes as its class path, open to dynamically loaded agents. */
  static GaugeLoopJvm start() throws IOException, InterruptedException {
    Path classes;
    try {
      classes = Path.of(GaugeLoop.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+EnableDynamicAgentLoading", "-cp", classes.toString(), GaugeLoop.class.getName()).start();
    GaugeLoopJvm jvm = new GaugeLoopJvm(p);
    jvm.await("ready");
    return jvm;
  }

  private static void pump(BufferedReader in, List<String> into) {
    Thread t = new Thread(() -> {
      try (in) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          into.add(line);
        }
      } catch (IOException ignored) {
        // the process ended
      }
    });
    t.setDaemon(true);
    t.start();
  }

  long pid() {
    return process.pid();
  }

  /** Has the loop print its tallies as {@code name} and returns them all so far, by {@code name.path.outcome}. */
  Map<String, Long> mark(String name) throws IOException, InterruptedException {
    send("mark " + name);
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
    send("stop");
    stdin.close();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("the loop did not stop: " + this);
    }
    await("total.marked=1");
    return tallies();
  }

  private void send(String line) throws IOException {
    stdin.write(line + "\n");
    stdin.flush();
  }

  private void await(String line) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!stdout.contains(line)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no line " + line + " within 60 s: " + this);
      }
      Thread.sleep(20);
    }
  }

  /** Every tally printed so far, with {@code name.path.total} summed over the outcomes. */
  private Map<String, Long> tallies() {
    Map<String, Long> values = new LinkedHashMap<>();
    for (String line : stdout) {
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
    return stderr;
  }

  @Override
  public String toString() {
    return "stdout=" + stdout + " stderr=" + stderr;
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
