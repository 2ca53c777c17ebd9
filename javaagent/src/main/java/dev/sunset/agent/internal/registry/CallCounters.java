package dev.sunset.agent.internal.registry;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Exact call counts per slot (a call site and the stage it ran at), cheap enough for every call.
 *
 * <p>A platform thread increments a {@code long[]} of its own (one writer per array, so no increment is
 * lost and two threads never write the same cache line); virtual threads, which may number millions,
 * share a {@link LongAdder} per slot instead. Totals are summed when read; the arrays of threads that have
 * ended are folded into a retired total and released.
 */
public final class CallCounters {
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final MethodHandle IS_VIRTUAL = isVirtualHandle();
  private static final CallCounters GLOBAL = new CallCounters();

  private final ThreadLocal<Slab> local = ThreadLocal.withInitial(this::newSlab);
  private final ConcurrentLinkedQueue<Slab> slabs = new ConcurrentLinkedQueue<>();
  private final Object lock = new Object();
  private long[] retired = new long[0];
  private volatile AtomicReferenceArray<LongAdder> shared = new AtomicReferenceArray<>(0);
  private static final int INITIAL_SLOTS = 64;
  /**
   * Unused longs before and after each thread's counts (128 bytes each side), so that two threads' arrays,
   * allocated side by side, never share a cache line: false sharing doubled the cost of a call in the
   * two-thread benchmark.
   */
  private static final int PAD = 16;

  /** The counters of this JVM, which the linked call sites increment. */
  public static CallCounters global() {
    return GLOBAL;
  }

  /** Creates empty counters (tests); the agent uses {@link #global()}. */
  public CallCounters() {}

  /** A method handle {@code ()V} that counts one call in {@code slot} of the global counters. */
  public static MethodHandle incrementer(int slot) {
    return MethodHandles.insertArguments(HIT, 0, slot);
  }

  private static final MethodHandle HIT;

  static {
    try {
      HIT = MethodHandles.lookup().findStatic(CallCounters.class, "hit", MethodType.methodType(void.class, int.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Counts one call in a slot of the global counters; this is what linked call sites run. */
  static void hit(int slot) {
    GLOBAL.increment(slot);
  }

  /** Counts one call in a slot. */
  public void increment(int slot) {
    if (IS_VIRTUAL != null && isVirtual()) {
      sharedAdder(slot).increment();
      return;
    }
    Slab slab = local.get();
    long[] counts = slab.counts;
    int index = slot + PAD;
    if (index < counts.length - PAD) {
      LONGS.setOpaque(counts, index, (long) LONGS.getOpaque(counts, index) + 1);
    } else {
      slab.growAndIncrement(slot);
    }
  }

  private static boolean isVirtual() {
    try {
      return (boolean) IS_VIRTUAL.invokeExact(Thread.currentThread());
    } catch (Throwable t) {
      return false;
    }
  }

  private Slab newSlab() {
    Slab slab = new Slab(Thread.currentThread(), INITIAL_SLOTS); // grows to the highest slot this thread uses
    slabs.add(slab);
    return slab;
  }

  private LongAdder sharedAdder(int slot) {
    AtomicReferenceArray<LongAdder> table = shared;
    if (slot < table.length()) {
      LongAdder adder = table.get(slot);
      if (adder != null) {
        return adder;
      }
    }
    synchronized (lock) {
      table = shared;
      if (slot >= table.length()) {
        AtomicReferenceArray<LongAdder> grown = new AtomicReferenceArray<>(Math.max(slot + 1, table.length() * 2));
        for (int i = 0; i < table.length(); i++) {
          grown.set(i, table.get(i));
        }
        shared = grown;
        table = grown;
      }
      LongAdder adder = table.get(slot);
      if (adder == null) {
        adder = new LongAdder();
        table.set(slot, adder);
      }
      return adder;
    }
  }

  /**
   * Sums every slot below {@code slots}: live threads' arrays, ended threads' retired totals and the
   * shared adders. Arrays of ended threads are folded into the retired totals here.
   */
  public long[] snapshot(int slots) {
    long[] totals = new long[slots];
    synchronized (lock) {
      sweepLocked();
      for (Slab slab : slabs) {
        long[] counts = slab.counts;
        for (int i = 0; i < Math.min(slots, counts.length - 2 * PAD); i++) {
          totals[i] += (long) LONGS.getOpaque(counts, i + PAD);
        }
      }
      for (int i = 0; i < Math.min(slots, retired.length); i++) {
        totals[i] += retired[i];
      }
      AtomicReferenceArray<LongAdder> table = shared;
      for (int i = 0; i < Math.min(slots, table.length()); i++) {
        LongAdder adder = table.get(i);
        if (adder != null) {
          totals[i] += adder.sum();
        }
      }
    }
    return totals;
  }

  /** Folds the arrays of threads that have ended into the retired totals and releases them. */
  public void sweep() {
    synchronized (lock) {
      sweepLocked();
    }
  }

  private void sweepLocked() {
    for (Iterator<Slab> it = slabs.iterator(); it.hasNext(); ) {
      Slab slab = it.next();
      Thread owner = slab.owner.get();
      if (owner == null || !owner.isAlive()) { // an ended thread writes no more; isAlive() orders its writes
        long[] counts = slab.counts;
        int used = counts.length - 2 * PAD;
        if (retired.length < used) {
          retired = java.util.Arrays.copyOf(retired, used);
        }
        for (int i = 0; i < used; i++) {
          retired[i] += (long) LONGS.getOpaque(counts, i + PAD);
        }
        it.remove();
      }
    }
  }

  /** The number of per-thread arrays held for live threads (for tests of memory bounds). */
  public int liveThreadArrays() {
    return slabs.size();
  }

  private static MethodHandle isVirtualHandle() {
    try {
      return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
    } catch (ReflectiveOperationException e) {
      return null; // Java 17-20: no virtual threads
    }
  }

  /** One platform thread's counts; only that thread writes them. */
  private static final class Slab {
    final WeakReference<Thread> owner;
    volatile long[] counts;

    Slab(Thread owner, int capacity) {
      this.owner = new WeakReference<>(owner);
      this.counts = new long[capacity + 2 * PAD];
    }

    void growAndIncrement(int slot) {
      long[] old = counts;
      int capacity = Math.max(old.length - 2 * PAD, 16);
      while (capacity <= slot) {
        capacity *= 2;
      }
      long[] grown = new long[capacity + 2 * PAD];
      for (int i = PAD; i < old.length - PAD; i++) {
        grown[i] = (long) LONGS.getOpaque(old, i);
      }
      grown[slot + PAD] = 1;
      counts = grown;
    }
  }
}
