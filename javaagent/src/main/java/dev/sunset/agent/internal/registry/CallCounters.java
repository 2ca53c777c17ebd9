package dev.sunset.agent.internal.registry;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/**
 * Exact call counts per slot (a call site and the stage it ran at), cheap enough for every call.
 *
 * <p>Each platform thread counts in arrays of its own (one writer per array, so no increment is lost and two
 * threads never write the same cache line), found through a {@code ThreadLocal}. The first thread to count in
 * a slot becomes its <em>owner</em>: the slot's {@link Cell}, bound into the call site's linked target, keeps
 * the owner's array, so the owner counts with one comparison and one store, without the {@code ThreadLocal}
 * lookup; so does the second thread to count there, with two comparisons. Other threads take the
 * {@code ThreadLocal} path; virtual threads, which may number millions, share a {@link LongAdder} per slot
 * instead (the thread's kind is checked only off the owners' path). When an owner ends, another thread takes
 * its place within {@value #OWNER_PROBE_CALLS} of its calls. Totals are summed when read; the arrays of
 * threads that have ended are folded into a retired total and released.
 */
public final class CallCounters {
  /** Slots per array: a thread's counts are chunks that never move, so a cell may keep one. */
  public static final int CHUNK = 1024;
  /**
   * Unused longs before and after each chunk's counts (128 bytes each side), so that two threads' chunks,
   * allocated side by side, never share a cache line.
   */
  private static final int PAD = 16;
  /**
   * A thread that does not own a slot asks whether the owner still lives once in this many of its calls in
   * slots it does not own (a power of two), and takes the slot over when the owner has ended.
   */
  static final int OWNER_PROBE_CALLS = 1024;
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

  /** {@code (Cell)void}: counts one call in the cell; made when the first site links. */
  private static final class Hit {
    static final MethodHandle HIT;

    static {
      try {
        HIT = MethodHandles.lookup().findVirtual(Cell.class, "hit", MethodType.methodType(void.class));
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private Hit() {}
  }

  private final ThreadLocal<Slab> local = new ThreadLocal<>() {
    @Override
    protected Slab initialValue() {
      return newSlab();
    }
  };
  private final ConcurrentLinkedQueue<Slab> slabs = new ConcurrentLinkedQueue<>();
  private final Object lock = new Object();
  private long[] retired = new long[0];
  private final SlotTable<LongAdder> shared = new SlotTable<>(new NewAdder());
  private final SlotTable<Cell> cells = new SlotTable<>(new NewCell(this));

  /** Makes the adder of a slot (a class, not a lambda: counters are made while the JVM starts). */
  private static final class NewAdder implements IntFunction<LongAdder> {
    @Override
    public LongAdder apply(int slot) {
      return new LongAdder();
    }
  }

  /** Makes the cell of a slot. */
  private static final class NewCell implements IntFunction<Cell> {
    private final CallCounters counters;

    NewCell(CallCounters counters) {
      this.counters = counters;
    }

    @Override
    public Cell apply(int slot) {
      return new Cell(counters, slot);
    }
  }

  /** Creates empty counters: the agent's runtime makes one, which its linked call sites and guards count into. */
  public CallCounters() {}

  /**
   * A method handle {@code (Cell)V} that counts one call in the cell it is given: linked targets shared by
   * many call sites take their site's cell as a bound argument.
   */
  public static MethodHandle hitHandle() {
    return Hit.HIT;
  }

  /** Counts one call in a slot. */
  public void increment(int slot) {
    cell(slot).hit();
  }

  /** The cell of a slot, created on first use. */
  public Cell cell(int slot) {
    return cells.getOrMake(slot);
  }

  /**
   * One slot as a call site counts it: its two owners' chunks and its index, and the way to everyone else's.
   * The owners and their chunks are written only when ownership changes, never on a call, so reading them
   * shares no written cache line. Each thread still writes only its own chunk: a cell only remembers where
   * its owners' chunks are.
   */
  public static final class Cell {
    private final CallCounters counters;
    private final int slot;
    private final int index;
    private volatile Thread owner;
    private volatile long[] ownerChunk;
    private volatile Thread second;
    private volatile long[] secondChunk;

    Cell(CallCounters counters, int slot) {
      this.counters = counters;
      this.slot = slot;
      this.index = slot % CHUNK + PAD;
    }

    /** The thread that counts in this slot without the {@code ThreadLocal} lookup, or null before any call. */
    Thread owner() {
      return owner;
    }

    /** The second thread that counts in this slot without the {@code ThreadLocal} lookup, or null. */
    Thread second() {
      return second;
    }

    /** Counts one call: what linked call sites run. */
    void hit() {
      Thread current = Thread.currentThread();
      if (current == owner) {
        long[] chunk = ownerChunk;
        LONGS.setOpaque(chunk, index, (long) LONGS.getOpaque(chunk, index) + 1);
      } else if (current == second) {
        long[] chunk = secondChunk;
        LONGS.setOpaque(chunk, index, (long) LONGS.getOpaque(chunk, index) + 1);
      } else {
        counters.hitElsewhere(this);
      }
    }
  }

  /** A call by a thread that does not own the slot: its own chunk (or, for a virtual thread, the adder). */
  private void hitElsewhere(Cell cell) {
    Thread current = Thread.currentThread();
    if (IS_VIRTUAL != null && isVirtual(current)) {
      sharedAdder(cell.slot).increment();
      return;
    }
    Slab slab = local.get();
    long[] chunk = slab.chunk(cell.slot / CHUNK);
    Thread owner = cell.owner;
    Thread second = cell.second;
    if (owner == null || second == null) {
      takeOver(cell, current, chunk, owner, second);
    } else if ((++slab.ownerProbes & (OWNER_PROBE_CALLS - 1)) == 0) {
      // Whether the owners still live is asked once every OWNER_PROBE_CALLS calls of this thread: on JDK 17
      // Thread.isAlive is a native call, which would double the cost of every call that is not an owner's.
      takeOver(cell, current, chunk, owner.isAlive() ? owner : null, second.isAlive() ? second : null);
    }
    LONGS.setOpaque(chunk, cell.index, (long) LONGS.getOpaque(chunk, cell.index) + 1);
  }

  /**
   * Makes {@code current} an owner of the cell in the place of one seen empty or ended ({@code null} here),
   * unless another thread took that place first.
   */
  private static void takeOver(Cell cell, Thread current, long[] chunk, Thread liveOwner, Thread liveSecond) {
    synchronized (cell) {
      if (liveOwner == null && cell.owner != null && cell.owner.isAlive()) {
        liveOwner = cell.owner; // taken meanwhile
      }
      if (liveOwner == null) {
        cell.ownerChunk = chunk; // before the owner, which the owner's path reads first
        cell.owner = current;
      } else if (liveSecond == null && (cell.second == null || !cell.second.isAlive())) {
        cell.secondChunk = chunk;
        cell.second = current;
      }
    }
  }

  private static boolean isVirtual(Thread thread) {
    try {
      return (boolean) IS_VIRTUAL.invokeExact(thread);
    } catch (Throwable t) {
      return false;
    }
  }

  private Slab newSlab() {
    Slab slab = new Slab(Thread.currentThread());
    slabs.add(slab);
    return slab;
  }

  private LongAdder sharedAdder(int slot) {
    return shared.getOrMake(slot);
  }

  /**
   * Sums every slot below {@code slots}: live threads' chunks, ended threads' retired totals and the
   * shared adders. Chunks of ended threads are folded into the retired totals here.
   */
  public long[] snapshot(int slots) {
    long[] totals = new long[slots];
    synchronized (lock) {
      sweepLocked();
      for (Slab slab : slabs) {
        slab.addTo(totals);
      }
      for (int i = 0; i < Math.min(slots, retired.length); i++) {
        totals[i] += retired[i];
      }
      for (int i = 0; i < Math.min(slots, shared.capacity()); i++) {
        LongAdder adder = shared.get(i);
        if (adder != null) {
          totals[i] += adder.sum();
        }
      }
    }
    return totals;
  }

  /** Folds the chunks of threads that have ended into the retired totals and releases them. */
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
        int used = slab.chunks.length * CHUNK;
        if (retired.length < used) {
          retired = Arrays.copyOf(retired, used);
        }
        slab.addTo(retired);
        it.remove();
      }
    }
  }

  /** The number of per-thread slabs held for live threads (for tests of memory bounds). */
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

  /** One platform thread's counts, in chunks of {@value #CHUNK} slots that never move; only that thread writes them. */
  private static final class Slab {
    final WeakReference<Thread> owner;
    volatile long[][] chunks = new long[0][];
    /** Calls this thread made in slots it does not own (written by that thread only). */
    int ownerProbes;

    Slab(Thread owner) {
      this.owner = new WeakReference<>(owner);
    }

    long[] chunk(int n) {
      long[][] current = chunks;
      if (n < current.length && current[n] != null) {
        return current[n];
      }
      long[][] grown = n < current.length ? current.clone() : Arrays.copyOf(current, Math.max(n + 1, current.length * 2));
      long[] chunk = new long[CHUNK + 2 * PAD];
      grown[n] = chunk;
      chunks = grown;
      return chunk;
    }

    void addTo(long[] totals) {
      long[][] current = chunks;
      for (int n = 0; n < current.length; n++) {
        long[] chunk = current[n];
        if (chunk == null) {
          continue;
        }
        int base = n * CHUNK;
        int limit = Math.min(CHUNK, totals.length - base);
        for (int i = 0; i < limit; i++) {
          totals[base + i] += (long) LONGS.getOpaque(chunk, i + PAD);
        }
      }
    }
  }
}
