package dev.sunset.benchmarks.probe;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/**
 * The main class the telemetry benchmark runs inside a generated application (copied into its jar; it needs
 * nothing but the JDK): it runs every generated class twice, so every call site is linked and counted,
 * prints {@code ready}, and then waits, without touching a call site, until its stdin says {@code exit}. Its
 * main thread is the application's only thread, parked in a read while the benchmark scrapes the metrics.
 */
public final class TelemetryProbe {
  private TelemetryProbe() {}

  /** Runs the sites, then waits; see the class comment. */
  public static void main(String[] args) throws Exception {
    ClassLoader loader = TelemetryProbe.class.getClassLoader();
    Method runAll = Class.forName("workload.All", false, loader).getMethod("runAll", int.class);
    int x = (int) runAll.invoke(null, 1);
    x = (int) runAll.invoke(null, x);
    long bodyCalls = Class.forName("legacy.LegacyApi", false, loader).getField("bodyCalls").getLong(null);
    System.out.println("ready checksum=" + x + " legacyBodyCalls=" + bodyCalls + " thread=" + Thread.currentThread().getName());
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null && !line.equals("exit"); line = in.readLine()) {
      // wait
    }
  }
}
