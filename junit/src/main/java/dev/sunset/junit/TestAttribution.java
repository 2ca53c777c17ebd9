package dev.sunset.junit;

import dev.sunset.core.format.TestSites;
import dev.sunset.core.io.OutputFile;
import dev.sunset.core.report.RecordedSites;
import dev.sunset.core.text.Counted;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Gives every call the agent counts to one place, from the counts read at each test's start and finish: the difference
 * since the last read goes to the test running alone, to "while several tests ran" when more than one ran (the calls
 * of that window cannot be split between them), or to "outside any test". So every call counted from the first test
 * plan's start is in exactly one place, and each test's count is exact when tests run one at a time.
 */
final class TestAttribution implements TestExecutionListener {
  private static final Comparator<TestSites.SiteCount> SITE_ORDER = Comparator.comparing(TestSites.SiteCount::rule)
      .thenComparing(TestSites.SiteCount::className).thenComparingInt(TestSites.SiteCount::line)
      .thenComparing(TestSites.SiteCount::method).thenComparing(TestSites.SiteCount::use)
      .thenComparing(TestSites.SiteCount::member, Comparator.nullsFirst(Comparator.naturalOrder()));

  /** Calls by site id. */
  private static final class Tally {
    final TreeMap<Integer, Long> bySite = new TreeMap<>();

    void add(int site, long calls) {
      bySite.merge(site, calls, Long::sum);
    }
  }

  private record Finished(TestIdentifier test, Tally tally) {}

  private final AgentCounts agent;
  private long[] last = new long[0];
  private final Set<TestIdentifier> running = new HashSet<>();
  private final Map<String, Tally> open = new HashMap<>();
  private final List<Finished> finished = new ArrayList<>();
  private final Tally several = new Tally();
  private final Tally outside = new Tally();
  private Settings settings;

  TestAttribution(AgentCounts agent) {
    this.agent = agent;
  }

  @Override
  public synchronized void testPlanExecutionStarted(TestPlan plan) {
    try {
      settings = Settings.from(plan.getConfigurationParameters()::get);
    } catch (Settings.Invalid e) {
      Messages.once(e.getMessage() + "; not written");
      settings = null;
    }
    step();
  }

  @Override
  public synchronized void executionStarted(TestIdentifier id) {
    if (id.isTest()) {
      step();
      running.add(id);
      open.put(id.getUniqueId(), new Tally());
    }
  }

  @Override
  public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
    if (id.isTest()) {
      step();
      running.remove(id);
      Tally tally = open.remove(id.getUniqueId());
      if (tally != null && !tally.bySite.isEmpty()) {
        finished.add(new Finished(id, tally));
      }
    }
  }

  @Override
  public synchronized void testPlanExecutionFinished(TestPlan plan) {
    step();
    if (settings != null) {
      write(settings);
    }
  }

  /** Gives the calls counted since the last read to what ran meanwhile. */
  private void step() {
    long[] now;
    try {
      now = agent.counts();
    } catch (RuntimeException e) {
      Messages.once("cannot read the Sunset agent's counts (" + e + "); calls from here on are not attributed");
      return;
    }
    Tally to = running.isEmpty() ? outside : running.size() == 1 ? open.get(running.iterator().next().getUniqueId())
        : several;
    for (int site = 0; site < now.length; site++) {
      long delta = now[site] - (site < last.length ? last[site] : 0);
      if (delta > 0) {
        to.add(site, delta);
      }
    }
    last = now;
  }

  private void write(Settings s) {
    RecordedSites baseline = null;
    if (s.baseline() != null) {
      try {
        baseline = Baseline.read(s.baseline());
      } catch (IOException e) {
        Messages.once(e.getMessage() + "; sites not compared with it");
      }
    }
    List<TestSites.TestEntry> tests = new ArrayList<>();
    Set<Integer> sites = new HashSet<>();
    for (Finished f : finished) {
      sites.addAll(f.tally().bySite.keySet());
      TestSource source = f.test().getSource().orElse(null);
      String className = source instanceof MethodSource m ? m.getClassName()
          : source instanceof ClassSource c ? c.getClassName() : null;
      String method = source instanceof MethodSource m ? m.getMethodName() : null;
      tests.add(new TestSites.TestEntry(f.test().getUniqueId(), className, method, f.test().getDisplayName(),
          counts(f.tally(), baseline, s)));
    }
    sites.addAll(several.bySite.keySet());
    sites.addAll(outside.bySite.keySet());
    TestSites file = new TestSites(Instant.now(), baseline == null ? null : s.baseline().toString(), tests,
        counts(several, baseline, s), counts(outside, baseline, s));
    String where = "";
    if (s.report() != null) {
      try {
        OutputFile.write(s.report(), file.toJson() + "\n");
        where = "; written to " + s.report();
      } catch (IOException e) {
        where = "; cannot write " + Settings.REPORT + " " + s.report() + ": " + e.getMessage();
      }
    } else {
      where = "; set " + Settings.REPORT + "=<file> to write which";
    }
    long severalCalls = several.bySite.values().stream().mapToLong(Long::longValue).sum();
    Messages.say(Counted.of(tests.size(), "test") + " reached " + Counted.of(sites.size(), "legacy call site")
        + (severalCalls == 0 ? "" : " (" + Counted.of(severalCalls, "call") + " while several tests ran)") + where);
  }

  private List<TestSites.SiteCount> counts(Tally tally, RecordedSites baseline, Settings s) {
    List<TestSites.SiteCount> out = new ArrayList<>();
    for (Map.Entry<Integer, Long> e : tally.bySite.entrySet()) {
      AgentSite site = agent.site(e.getKey());
      out.add(new TestSites.SiteCount(site.getRule(), site.getClassName(), site.getMethod(), site.getFile(),
          site.getLine(), e.getValue(), baseline != null && !baseline.contains(site.key(), s.match()), site.use(),
          site.getMember()));
    }
    out.sort(SITE_ORDER);
    return out;
  }

  /** The path the file is written to (tests). */
  Path report() {
    return settings == null ? null : settings.report();
  }
}
