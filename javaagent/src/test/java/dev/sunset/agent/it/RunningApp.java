package dev.sunset.agent.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A forked {@code LiveApp} that a test talks to while it runs: it reads its output as it comes. */
final class RunningApp implements AutoCloseable {
  private final Process process;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();
  private final Thread outPump;
  private final Thread errPump;
  private Writer stdin;

  RunningApp(Process process) {
    this.process = process;
    this.outPump = pump(process.getInputStream(), stdout);
    this.errPump = pump(process.getErrorStream(), stderr);
  }

  private static Thread pump(InputStream in, List<String> into) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          into.add(line);
        }
      } catch (IOException ignored) {
        // process ended
      }
    });
    t.setDaemon(true);
    t.start();
    return t;
  }

  long pid() {
    return process.pid();
  }

  /** Waits until a stdout line matches, or fails after {@code seconds}. */
  void awaitStdout(Predicate<String> line, int seconds) throws InterruptedException {
    await(stdout, line, seconds, "stdout");
  }

  /** Waits until an agent line on stderr matches, or fails after {@code seconds}; returns the line. */
  String awaitAgentLine(Predicate<String> line, int seconds) throws InterruptedException {
    return await(stderr, l -> l.startsWith("[sunset] ") && line.test(l.substring(9)), seconds, "stderr");
  }

  private String await(List<String> lines, Predicate<String> match, int seconds, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      for (String l : lines) {
        if (match.test(l)) {
          return l;
        }
      }
      if (!process.isAlive() && lines == stdout) {
        break;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no matching line on " + what + " within " + seconds + " s; stdout=" + stdout
        + " stderr=" + stderr);
  }

  /** Writes one line to the app's standard input. */
  synchronized void send(String line) throws IOException {
    if (stdin == null) {
      stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }
    stdin.write(line + "\n");
    stdin.flush();
  }

  /** The app's {@code key=value} lines so far, the last of each key. */
  Map<String, String> values() {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : stdout) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return values;
  }

  /** Tells the app to stop, waits for it, and returns its {@code key=value} totals. */
  Map<String, String> stop() throws IOException, InterruptedException {
    send("stop");
    synchronized (this) {
      stdin.close();
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("app did not stop");
    }
    outPump.join(5000);
    errPump.join(5000);
    return values();
  }

  List<String> stderr() {
    return stderr;
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
