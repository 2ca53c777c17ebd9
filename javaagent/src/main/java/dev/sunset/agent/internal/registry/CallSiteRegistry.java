package dev.sunset.agent.internal.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Every call site rewritten in this JVM, by id; ids are handed out as classes are rewritten and a site is
 * registered once its class has been rewritten successfully.
 */
public final class CallSiteRegistry {
  private final AtomicInteger nextId = new AtomicInteger();
  private volatile AtomicReferenceArray<CallSiteInfo> sites = new AtomicReferenceArray<>(256);
  private final Object growLock = new Object();

  /** Reserves an id for a site being rewritten; it stays unused if the rewrite is abandoned. */
  public int reserveId() {
    return nextId.getAndIncrement();
  }

  /** The number of ids handed out so far, used or not. */
  public int idsReserved() {
    return nextId.get();
  }

  /** Registers a site under its reserved id. */
  public void register(CallSiteInfo site) {
    int id = site.id();
    synchronized (growLock) {
      AtomicReferenceArray<CallSiteInfo> current = sites;
      if (id >= current.length()) {
        int length = current.length();
        while (length <= id) {
          length *= 2;
        }
        AtomicReferenceArray<CallSiteInfo> grown = new AtomicReferenceArray<>(length);
        for (int i = 0; i < current.length(); i++) {
          grown.set(i, current.get(i));
        }
        current = grown;
      }
      current.set(id, site);
      sites = current;
    }
  }

  /** The site with this id, or null. */
  public CallSiteInfo site(int id) {
    AtomicReferenceArray<CallSiteInfo> current = sites;
    CallSiteInfo s = id >= 0 && id < current.length() ? current.get(id) : null;
    if (s == null) {
      synchronized (growLock) {
        current = sites;
        s = id >= 0 && id < current.length() ? current.get(id) : null;
      }
    }
    return s;
  }

  /** Every registered site, in id order. */
  public List<CallSiteInfo> all() {
    List<CallSiteInfo> all = new ArrayList<>();
    AtomicReferenceArray<CallSiteInfo> current;
    synchronized (growLock) {
      current = sites;
    }
    int limit = Math.min(current.length(), nextId.get());
    for (int i = 0; i < limit; i++) {
      CallSiteInfo s = current.get(i);
      if (s != null) {
        all.add(s);
      }
    }
    return all;
  }
}
