package dev.sunset.agent.internal.registry;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * A table of values by slot, in pages of {@value #PAGE} slots made only when a slot of theirs is first set: reads take
 * no lock, a missing value is made once, under the table's lock, by the table's factory. A table whose slots are used
 * sparsely (the counters' cells: most sites count at one stage of four) costs the pages it uses, not its highest slot.
 */
final class SlotTable<T> {
  /** Slots per page. */
  static final int PAGE = 1024;
  private static final AtomicReferenceArray<?>[] NO_PAGES = new AtomicReferenceArray<?>[0];

  private final IntFunction<T> factory;
  private final Object lock = new Object();
  /** Copied when a page is added, never written in place: a reader sees every page its copy holds. */
  private volatile AtomicReferenceArray<?>[] pages = NO_PAGES;

  /** A table making missing values with {@code factory} (null: the table only holds what is put in it). */
  SlotTable(IntFunction<T> factory) {
    this.factory = factory;
  }

  /** The value of a slot, or null. */
  @SuppressWarnings("unchecked")
  T get(int slot) {
    AtomicReferenceArray<?>[] current = pages;
    int page = slot / PAGE;
    if (slot < 0 || page >= current.length) {
      return null;
    }
    AtomicReferenceArray<?> values = current[page];
    return values == null ? null : (T) values.get(slot % PAGE);
  }

  /** The value of a slot, made by the factory if there is none yet. */
  T getOrMake(int slot) {
    T value = get(slot);
    if (value != null) {
      return value;
    }
    synchronized (lock) {
      value = get(slot);
      if (value == null) {
        value = factory.apply(slot);
        pageOf(slot).set(slot % PAGE, value);
      }
      return value;
    }
  }

  /** Puts a value in a slot. */
  void put(int slot, T value) {
    synchronized (lock) {
      pageOf(slot).set(slot % PAGE, value);
    }
  }

  /** How many slots the table has room for now (slots at or above it hold nothing). */
  int capacity() {
    return pages.length * PAGE;
  }

  /** The page of {@code slot}, added (under the lock) if missing. */
  @SuppressWarnings("unchecked")
  private AtomicReferenceArray<T> pageOf(int slot) {
    if (slot < 0) {
      throw new IndexOutOfBoundsException("slot " + slot);
    }
    AtomicReferenceArray<?>[] current = pages;
    int page = slot / PAGE;
    if (page < current.length && current[page] != null) {
      return (AtomicReferenceArray<T>) current[page];
    }
    AtomicReferenceArray<?>[] grown = Arrays.copyOf(current, Math.max(current.length, page + 1));
    AtomicReferenceArray<T> made = new AtomicReferenceArray<>(PAGE);
    grown[page] = made;
    pages = grown;
    return made;
  }
}
