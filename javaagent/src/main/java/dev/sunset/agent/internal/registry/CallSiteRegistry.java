package dev.sunset.agent.internal.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every call site of this JVM, by id: rewritten sites, registered once their class has been rewritten, and
 * sites caught at a legacy method, registered on their first call. Ids are handed out in order.
 */
public final class CallSiteRegistry {
  private final AtomicInteger nextId = new AtomicInteger();
  private final SlotTable<CallSiteInfo> sites = new SlotTable<>(256, null);

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
    sites.put(site.id(), site);
  }

  /** The site with this id, or null. */
  public CallSiteInfo site(int id) {
    return sites.get(id);
  }

  /** Every registered site, in id order. */
  public List<CallSiteInfo> all() {
    List<CallSiteInfo> all = new ArrayList<>();
    int limit = nextId.get();
    for (int i = 0; i < limit; i++) {
      CallSiteInfo s = sites.get(i);
      if (s != null) {
        all.add(s);
      }
    }
    return all;
  }
}
