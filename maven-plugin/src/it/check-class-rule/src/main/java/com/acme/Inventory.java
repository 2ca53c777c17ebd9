package com.acme;

import java.util.Vector;

/** Uses of a legacy class: three the baseline tolerates, and two it does not (capacity() and the instanceof). */
public class Inventory {
  public int count() {
    Vector<String> items = new Vector<>();
    items.add("a");
    return items.size() + items.capacity();
  }

  public boolean isLegacy(Object o) {
    return o instanceof Vector;
  }
}
