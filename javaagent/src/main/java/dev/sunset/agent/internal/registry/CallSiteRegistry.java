package dev.sunset.agent.internal.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every call site of this JVM, by id: rewritten sites, registered once their class has been rewritten, and
 * sites caught at a legacy method, registered on their first call. Ids are handed out in order.
 */
public final class CallSiteRegistry {
  private final AtomicInteger nextId = new AtomicInteger();
  private final SlotTable<CallSiteInfo> sites = new SlotTable<>(null);
  /** Rewritten method references by calling class (binary name): few, and only looked up off the call path. */
  private final Map<String, List<CallSiteInfo>> referencesByClass = new ConcurrentHashMap<>();
  /** The line tables of classes as loaded before the agent redefined them, held as weakly as the classes. */
  private final Map<Class<?>, OriginalLines> originalLines = new WeakHashMap<>();
  /** How many classes' original line tables have been kept: a guard caches that a class has none until this moves. */
  private volatile int originalLinesKept;
  /** The helper classes of references rewritten in classes loaded before the agent, by site id, until linked. */
  private final Map<Integer, ReferenceHelper> referenceHelpers = new ConcurrentHashMap<>();

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
    if (site.methodReference()) {
      referencesByClass.computeIfAbsent(site.className(), c -> new CopyOnWriteArrayList<>()).add(site);
    }
  }

  /** The rewritten method references of a class (binary name), in the order registered. */
  public List<CallSiteInfo> referencesIn(String className) {
    return referencesByClass.getOrDefault(className, List.of());
  }

  /** Keeps the line tables a class had when it was loaded, before the agent first redefined it. */
  public void keepOriginalLines(Class<?> redefined, OriginalLines lines) {
    synchronized (originalLines) {
      if (originalLines.putIfAbsent(redefined, lines) == null) {
        originalLinesKept++;
      }
    }
  }

  /**
   * How many classes' original line tables have been kept so far: as long as it has not moved, a class found to have
   * none ({@link #originalLines}) still has none.
   */
  public int originalLinesKept() {
    return originalLinesKept;
  }

  /** The line tables {@code c} had before the agent redefined it, or null. */
  public OriginalLines originalLines(Class<?> c) {
    synchronized (originalLines) {
      return originalLines.get(c);
    }
  }

  /** Keeps the helper class of a rewritten reference until the reference is first linked (the first one kept wins). */
  public void keepReferenceHelper(ReferenceHelper helper) {
    referenceHelpers.putIfAbsent(helper.siteId(), helper);
  }

  /** The helper class of a rewritten reference, or null. */
  public ReferenceHelper referenceHelper(int siteId) {
    return referenceHelpers.get(siteId);
  }

  /** Keeps the helper's description without its class file, once the class is defined. */
  public void referenceHelperDefined(int siteId) {
    referenceHelpers.computeIfPresent(siteId, (id, h) -> h.bytes() == null ? h : new ReferenceHelper(h.siteId(),
        h.className(), null, h.methodName(), h.methodDescriptor(), h.legacyTag(), h.legacyOwner(), h.legacyName(),
        h.legacyDescriptor()));
  }

  /** The site with this id, or null. */
  public CallSiteInfo site(int id) {
    return sites.get(id);
  }

  /** The order of sites in a report: by rule, calling class, line, then id. */
  private static final Comparator<CallSiteInfo> REPORT_ORDER = Comparator.comparing(CallSiteInfo::ruleId)
      .thenComparing(CallSiteInfo::className).thenComparingInt(CallSiteInfo::line).thenComparingInt(CallSiteInfo::id);

  /** The sites in report order, as last sorted; held here, per registry, so two runtimes never share it. */
  private volatile List<CallSiteInfo> inReportOrder = List.of();

  /**
   * Every registered site in report order (by rule, calling class, line, then id). Sites are only ever added, so the
   * same number of sites is the same sites: they are sorted again only when some were added, not at every report or
   * collection.
   */
  public List<CallSiteInfo> inReportOrder() {
    List<CallSiteInfo> last = inReportOrder;
    List<CallSiteInfo> infos = all();
    if (last.size() == infos.size()) {
      return last;
    }
    infos.sort(REPORT_ORDER);
    List<CallSiteInfo> sorted = List.copyOf(infos);
    inReportOrder = sorted;
    return sorted;
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
