package dev.sunset.agent.internal.registry;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * A table of values by slot that grows as higher slots are asked for: reads take no lock, a missing value
 * is made once, under the table's lock, by the table's factory.
 */
final class SlotTable<T> {
  private final IntFunction<T> factory;
  private final Object lock = new Object();
  private volatile AtomicReferenceArray<T> values;

  /** A table making missing values with {@code factory} (null: the table only holds what is put in it). */
  SlotTable(int initialCapacity, IntFunction<T> factory) {
    this.values = new AtomicReferenceArray<>(initialCapacity);
    this.factory = factory;
  }

  /** The value of a slot, or null. */
  T get(int slot) {
    AtomicReferenceArray<T> table = values;
    return slot >= 0 && slot < table.length() ? table.get(slot) : null;
  }

  /** The value of a slot, made by the factory if there is none yet. */
  T getOrMake(int slot) {
    T value = get(slot);
    if (value != null) {
      return value;
    }
    synchronized (lock) {
      value = grownFor(slot).get(slot);
      if (value == null) {
        value = factory.apply(slot);
        values.set(slot, value);
      }
      return value;
    }
  }

  /** Puts a value in a slot. */
  void put(int slot, T value) {
    synchronized (lock) {
      grownFor(slot).set(slot, value);
    }
  }

  /** How many slots the table has room for now. */
  int capacity() {
    return values.length();
  }

  private AtomicReferenceArray<T> grownFor(int slot) {
    AtomicReferenceArray<T> table = values;
    if (slot < table.length()) {
      return table;
    }
    int length = Math.max(table.length(), 1);
    while (length <= slot) {
      length *= 2;
    }
    AtomicReferenceArray<T> grown = new AtomicReferenceArray<>(length);
    for (int i = 0; i < table.length(); i++) {
      grown.set(i, table.get(i));
    }
    values = grown;
    return grown;
  }
}
