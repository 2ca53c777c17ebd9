package dev.sunset.benchmarks.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/**
 * The main class the memory benchmark runs inside a generated application (it is copied into the
 * application's jar, so it needs nothing but the JDK): it loads every generated class without running it
 * (the agent rewrites their call sites, which stay unlinked), then runs them all twice (every site linked,
 * called, and relinked without its first-call step). At the start and after each step it settles the heap
 * with repeated {@link System#gc()}, prints {@code phase <name> heap=<bytes> metaspace=<bytes>} and waits for
 * a line on stdin, so that the benchmark can take a class histogram of exactly that state.
 *
 * <p>Usage: {@code MemoryProbe <classes>}.
 */
public final class MemoryProbe {
  private MemoryProbe() {}

  /** Runs the phases; see the class comment. */
  public static void main(String[] args) throws Exception {
    int classes = Integer.parseInt(args[0]);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    ClassLoader loader = MemoryProbe.class.getClassLoader();
    Method runAll = Class.forName("workload.All", false, loader).getMethod("runAll", int.class);
    Class<?> legacy = Class.forName("legacy.LegacyApi", false, loader);
    phase("base", in);

    for (int i = 0; i < classes; i++) {
      Class.forName("workload.C" + i, false, loader);
    }
    phase("loaded", in);

    int x = (int) runAll.invoke(null, 1);
    x = (int) runAll.invoke(null, x);
    phase("linked", in);
    System.out.println("done checksum=" + x + " legacyBodyCalls=" + legacy.getField("bodyCalls").getLong(null));
  }

  private static void phase(String name, BufferedReader in) throws IOException, InterruptedException {
    long heap = settledHeap();
    long metaspace = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getName().equals("Metaspace")) {
        metaspace = pool.getUsage().getUsed();
      }
    }
    System.out.println("phase " + name + " heap=" + heap + " metaspace=" + metaspace);
    System.out.flush();
    if (in.readLine() == null) {
      throw new IllegalStateException("stdin closed before phase " + name + " was released");
    }
  }

  /** Heap used after full collections, repeated until two in a row agree within 16 KB (at most 10). */
  private static long settledHeap() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      Thread.sleep(50);
      long used = rt.totalMemory() - rt.freeMemory();
      if (Math.abs(used - last) < 16 * 1024) {
        return used;
      }
      last = used;
    }
    return last;
  }
}
