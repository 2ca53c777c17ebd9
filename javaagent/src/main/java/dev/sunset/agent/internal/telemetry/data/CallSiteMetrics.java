package dev.sunset.agent.internal.telemetry.data;

import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.CallSiteSnapshot;
import dev.sunset.agent.internal.registry.ClassUse;
import dev.sunset.agent.internal.telemetry.data.MetricFrame.CallPoint;
import dev.sunset.agent.internal.telemetry.data.MetricFrame.DenyTimePoint;
import dev.sunset.agent.internal.telemetry.data.MetricFrame.SitesPoint;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.Stage;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns call-site snapshots into metric points, and guards the cardinality of {@code sunset.legacy.calls}.
 *
 * <p>Only call sites that have been called get a series. The first {@code maxCallSiteSeries} of them (in the
 * order they are first seen called) keep a series of their own for as long as the agent runs; the calls of
 * every later site are added to one overflow series per rule and stage, marked {@code sunset.overflow=true},
 * so no call is ever dropped and every series stays monotonic. The first overflow is also logged once.
 *
 * <p>Only call-site metadata reaches the points: rule, stage, caller, file, line, jar, for a class rule's site its use
 * and member, and counts.
 */
public final class CallSiteMetrics {
  private final int maxCallSiteSeries;
  private final Consumer<String> log;
  /** The series with a time series of their own, in the order they were admitted; their index is their number. */
  private final List<SiteKey> series = new ArrayList<>();
  private final Map<SiteKey, Integer> seriesIndex = new HashMap<>();
  /** By site id: 0 not yet collected, the site's series index + 1, or -1 for the overflow series. */
  private int[] seriesOfSite = new int[0];
  /** Series keys by site id, for the sites collected so far. */
  private SiteKey[] keys = new SiteKey[0];
  private boolean overflowLogged;

  /**
   * Metrics with at most {@code maxCallSiteSeries} call sites in series of their own.
   *
   * @param log where the first overflow is reported, once
   */
  public CallSiteMetrics(int maxCallSiteSeries, Consumer<String> log) {
    if (maxCallSiteSeries < 0) {
      throw new IllegalArgumentException("maxCallSiteSeries must be 0 or more: " + maxCallSiteSeries);
    }
    this.maxCallSiteSeries = maxCallSiteSeries;
    this.log = log;
  }

  /** The cap on call sites with a series of their own. */
  public int maxCallSiteSeries() {
    return maxCallSiteSeries;
  }

  /** The points of every instrument for this snapshot. */
  public synchronized MetricFrame collect(CallSiteSnapshot snapshot) {
    Stage[] stages = Stage.values();
    long[] sums = new long[Math.max(1, series.size()) * Stage.COUNT];
    boolean[] seen = new boolean[Math.max(1, series.size())];
    int[] order = new int[Math.max(1, series.size())];
    int seenCount = 0;
    Map<OverflowKey, Long> overflow = new LinkedHashMap<>();
    Set<SiteKey> overflowedSites = new HashSet<>();
    Map<String, long[]> sitesByRule = new LinkedHashMap<>();
    for (RuleSpec rule : snapshot.rules()) {
      sitesByRule.put(rule.id(), new long[2]);
    }

    for (CallSiteSnapshot.Site site : snapshot.sites()) {
      CallSiteInfo info = site.info();
      boolean called = site.total() > 0;
      sitesByRule.computeIfAbsent(info.ruleId(), r -> new long[2])[called ? 0 : 1]++;
      if (!called) {
        continue;
      }
      int index = seriesOf(info);
      if (index >= 0) {
        if (index >= seen.length) {
          int length = Math.max(index + 1, seen.length * 2);
          seen = Arrays.copyOf(seen, length);
          order = Arrays.copyOf(order, length);
          sums = Arrays.copyOf(sums, length * Stage.COUNT);
        }
        if (!seen[index]) {
          seen[index] = true;
          order[seenCount++] = index;
        }
        for (Map.Entry<Stage, Long> count : site.counts().entrySet()) {
          sums[index * Stage.COUNT + count.getKey().ordinal()] += count.getValue();
        }
      } else {
        overflowedSites.add(keyOf(info));
        for (Map.Entry<Stage, Long> count : site.counts().entrySet()) {
          overflow.merge(new OverflowKey(info.ruleId(), count.getKey().id()), count.getValue(), Long::sum);
        }
      }
    }
    if (!overflowedSites.isEmpty() && !overflowLogged) {
      overflowLogged = true;
      log.accept("telemetry: more than " + maxCallSiteSeries + " legacy call sites have been called; the calls of"
          + " the others are counted in " + TelemetryNames.CALLS + " series marked " + TelemetryNames.OVERFLOW
          + "=true (raise maxCallSiteSeries to see them one by one; the report lists every site)");
    }

    List<CallPoint> calls = new ArrayList<>(seenCount * 2 + overflow.size());
    for (int i = 0; i < seenCount; i++) {
      int index = order[i];
      SiteKey key = series.get(index);
      for (Stage stage : stages) {
        long value = sums[index * Stage.COUNT + stage.ordinal()];
        if (value != 0) {
          calls.add(new CallPoint(key.rule(), stage.id(), key.function(), key.filePath(), key.line(),
              key.codeSource(), key.classUse(), false, value));
        }
      }
    }
    overflow.forEach((k, v) -> calls.add(new CallPoint(k.rule(), k.stage(), null, null, 0, null, null, true, v)));

    List<SitesPoint> sites = new ArrayList<>(sitesByRule.size() * 2);
    sitesByRule.forEach((rule, counts) -> {
      sites.add(new SitesPoint(rule, TelemetryNames.CALLED, counts[0]));
      sites.add(new SitesPoint(rule, TelemetryNames.UNCALLED, counts[1]));
    });

    List<DenyTimePoint> denyTimes = new ArrayList<>();
    for (RuleSpec rule : snapshot.rules()) {
      LocalDate deny = rule.schedule().get(Stage.DENY);
      if (deny != null) {
        denyTimes.add(new DenyTimePoint(rule.id(), deny.atStartOfDay(ZoneOffset.UTC).toEpochSecond()));
      }
    }
    return new MetricFrame(calls, sites, denyTimes, overflowedSites.size());
  }

  /**
   * The index of the series a called site's calls go to, or -1 when they go to the overflow series. A site keeps
   * what it was given on its first collection: the series of its key (shared with every site on its line that uses
   * the legacy API alike), a new one while the cap allows, else the overflow, for good (the cap never frees up).
   * Remembered by site id, so a collection looks no key up again.
   */
  private int seriesOf(CallSiteInfo info) {
    int id = info.id();
    if (id >= seriesOfSite.length) {
      seriesOfSite = Arrays.copyOf(seriesOfSite, Math.max(id + 1, seriesOfSite.length * 2));
    }
    int known = seriesOfSite[id];
    if (known != 0) {
      return known > 0 ? known - 1 : -1;
    }
    SiteKey key = keyOf(info);
    Integer index = seriesIndex.get(key);
    if (index == null && series.size() < maxCallSiteSeries) {
      index = series.size();
      series.add(key);
      seriesIndex.put(key, index);
    }
    seriesOfSite[id] = index == null ? -1 : index + 1;
    return index == null ? -1 : index;
  }

  /** A site's series key, made on its first collection and kept: its strings are built once, not each time. */
  private SiteKey keyOf(CallSiteInfo info) {
    int id = info.id();
    if (id >= keys.length) {
      keys = Arrays.copyOf(keys, Math.max(id + 1, keys.length * 2));
    }
    SiteKey key = keys[id];
    if (key == null) {
      key = SiteKey.of(info);
      keys[id] = key;
    }
    return key;
  }

  /** {@code code.function.name} of a site: the calling class's binary name and the method name. */
  public static String functionName(CallSiteInfo info) {
    return info.className() + "." + info.methodName();
  }

  /**
   * {@code code.file.path} of a site: its source file under its package's folders, such as
   * {@code com/acme/Checkout.java}, or null when the class names no source file.
   */
  public static String filePath(CallSiteInfo info) {
    String file = info.sourceFile();
    if (file == null || file.isEmpty()) {
      return null;
    }
    int dot = info.className().lastIndexOf('.');
    return dot < 0 ? file : info.className().substring(0, dot).replace('.', '/') + "/" + file;
  }

  /**
   * The attributes that identify a call site's series. Two sites of a method rule on one line of one method share
   * them; two of a class rule do only when they also use the same member the same way ({@code a.name + b.name}).
   *
   * @param classUse null for a method rule's site
   */
  private record SiteKey(String rule, String function, String filePath, long line, String codeSource,
      ClassUse classUse) {
    static SiteKey of(CallSiteInfo info) {
      return new SiteKey(info.ruleId(), CallSiteMetrics.functionName(info), CallSiteMetrics.filePath(info),
          info.line(), info.codeSource(), info.classUse());
    }
  }

  private record OverflowKey(String rule, String stage) {}
}
