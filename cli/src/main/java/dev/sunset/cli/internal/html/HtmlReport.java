package dev.sunset.cli.internal.html;

import dev.sunset.core.format.TestSites;
import dev.sunset.core.format.Verdict;
import dev.sunset.core.rules.MemberRef;
import dev.sunset.core.report.CodeSources;
import dev.sunset.core.format.Use;
import dev.sunset.core.report.SiteKey;
import dev.sunset.core.report.UseKey;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code sunset report --html}: one self-contained page (inline CSS and SVG, no script, nothing fetched) made from
 * agent reports and scans.
 *
 * <p>Inputs written at the same time ({@code generatedAt}) and of the same kind are one snapshot: their sites
 * joined, the counts of a site listed twice summed. The rule sections, the rules with most call sites left first,
 * describe the newest report snapshot; a scan
 * snapshot at least as new adds the sites of classes that never loaded (count 0). Every snapshot is a point of the
 * burn-down, drawn as server-side SVG on one time axis for all rules. Tests files ({@code sunset-tests/1}), when
 * given, say per call site which tests reach it, and mark the sites no test reaches.
 */
public final class HtmlReport {
  /** How many sites the "most called" list shows. */
  static final int MOST_CALLED = 10;
  private static final String TEMPLATES = "dev.sunset.cli.internal.html.templates";
  private static final String NOT_COUNTED = "—";
  private static final TemplateEngine ENGINE = engine();

  private HtmlReport() {}

  private static TemplateEngine engine() {
    // jte loads precompiled templates through the context class loader: make it the one that holds them
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(HtmlReport.class.getClassLoader());
    try {
      return TemplateEngine.createPrecompiled(null, ContentType.Html, null, TEMPLATES);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** The page as HTML text. */
  public static String render(Page page) {
    StringOutput out = new StringOutput();
    ENGINE.render("report.jte", page, out);
    return out.toString();
  }

  /**
   * A snapshot: the inputs of one kind written at one time, their sites joined. What the page needs of a snapshot is
   * per rule how many sites it lists, how many were called and how many calls, and for the burn-down how many of its
   * sites a scan it is drawn with also lists; only the newest report snapshot and the scans keep their sites, for the
   * rule sections. So a page of many reports holds one report's sites at a time, not every report's.
   */
  private static final class Snapshot {
    final Input.Kind kind;
    final Instant at;
    /** How many inputs it joins, and how many of them are still to be read. */
    int inputs;
    int unread;
    /** Its rules, the first input's entry of each (held compact once it is read). */
    Map<String, Input.RuleInfo> rules = new LinkedHashMap<>();
    /** Its sites, joined: kept for the newest report snapshot and the scans; else only while it is read. */
    Map<UseKey, Input.SiteInfo> sites;
    /** Of another report snapshot while it is read: the calls of each of its sites, joined. */
    Map<UseKey, long[]> counts;
    /** Per rule with sites: how many, how many called, how many calls. */
    Map<String, Tally> tallies = Map.of();
    /** The scans the burn-down draws with this report snapshot, each with per rule the sites both list. */
    final Map<Snapshot, Map<String, Integer>> shared = new LinkedHashMap<>();

    Snapshot(Input.Kind kind, Instant at) {
      this.kind = kind;
      this.at = at;
    }

    boolean covers(String rule) {
      return rules.containsKey(rule) || tallies.containsKey(rule);
    }

    List<Input.SiteInfo> sitesOf(String rule) {
      return sites.values().stream().filter(s -> s.key().rule().equals(rule)).toList();
    }

    Tally tally(String rule) {
      return tallies.getOrDefault(rule, Tally.NONE);
    }

    /** A site of one of its inputs, joined with the same site of an earlier one (its calls summed). */
    void add(Input.SiteInfo site) {
      if (sites != null) {
        sites.merge(site.useKey(), site, (a, b) -> new Input.SiteInfo(a.key(), a.descriptor(), a.file(),
            a.codeSource(), a.count() + b.count(), a.stage(), a.via() != null ? a.via() : b.via(), a.calledThrough(),
            a.methodReference(), a.use(), a.member()));
      } else {
        counts.computeIfAbsent(site.useKey(), k -> new long[1])[0] += site.count();
      }
    }

    /**
     * Once every input is read: the tallies (by rule ids as {@code names} holds them: one copy of each for all the
     * snapshots), and what it shares with the scans drawn with it.
     */
    void close(Map<String, String> names) {
      Map<UseKey, Long> calls = new LinkedHashMap<>();
      if (sites != null) {
        sites.forEach((k, s) -> calls.put(k, s.count()));
      } else {
        counts.forEach((k, c) -> calls.put(k, c[0]));
        counts = null;
      }
      Map<String, long[]> t = new LinkedHashMap<>();
      calls.forEach((k, c) -> {
        long[] tally = t.computeIfAbsent(k.rule(), r -> new long[3]);
        tally[0]++;
        tally[1] += c > 0 ? 1 : 0;
        tally[2] += c;
      });
      Map<String, Tally> byRule = new HashMap<>();
      t.forEach((rule, v) -> byRule.put(names.computeIfAbsent(rule, r -> r), new Tally((int) v[0], v[1], v[2])));
      tallies = Map.copyOf(byRule);
      rules = Map.copyOf(rules);
      for (Map.Entry<Snapshot, Map<String, Integer>> e : shared.entrySet()) {
        for (UseKey k : calls.keySet()) {
          if (e.getKey().sites.containsKey(k)) {
            e.getValue().merge(k.rule(), 1, Integer::sum);
          }
        }
      }
    }
  }

  /**
   * A snapshot's sites of one rule.
   *
   * @param sites how many
   * @param called how many have calls
   * @param calls their calls
   */
  private record Tally(int sites, long called, long calls) {
    static final Tally NONE = new Tally(0, 0, 0);
  }

  /**
   * What the page shows for {@code inputs} (at least one), made at {@code now}, with each rule's verdict from
   * {@code verdict} (judged from the same inputs).
   *
   * @param verdictBasis what the verdicts rest on, in words
   */
  public static Page page(List<Input> inputs, Verdict verdict, String verdictBasis, Instant now, String version) {
    return page(inputs, List.of(), verdict, verdictBasis, now, version);
  }

  /**
   * What the page shows for {@code inputs} (at least one), with which tests reach each call site from {@code tests}
   * (none: the page says nothing of tests), made at {@code now}, with each rule's verdict from {@code verdict}.
   *
   * @param verdictBasis what the verdicts rest on, in words
   */
  public static Page page(List<Input> inputs, List<Input.Tests> tests, Verdict verdict, String verdictBasis,
      Instant now, String version) {
    Builder builder = new Builder(inputs);
    for (int i = 0; i < inputs.size(); i++) {
      Input input = inputs.get(i);
      if (input.kind() == Input.Kind.REPORT) {
        for (Input.SiteInfo s : input.sites()) {
          builder.site(i, s);
        }
        builder.read(i, input.rules());
      }
    }
    return builder.page(tests, verdict, verdictBasis, now, version);
  }

  /**
   * The page made from inputs given in turn: the scans whole at the start, each report's sites and rules as they are
   * read, in the order of the inputs. It holds the sites of the newest report snapshot, the scans', and those of a
   * report snapshot still being read; of every other report, a few numbers per rule.
   */
  public static final class Builder {
    private final List<Input> inputs;
    private final List<Snapshot> snapshots;
    private final Snapshot[] snapshotOf;
    private final long[] sites;
    private final long[] calls;
    private final Snapshot newestReport;
    private final List<Moment> moments;
    /** The scans' names of code sources, for the newest report's sites; null without a scan. */
    private final CodeSources codeSources;
    /**
     * One copy of each rule as an input describes it, and of each rule id: a fleet's reports describe the same rules
     * over and over, and every snapshot keeps its own.
     */
    private final Map<Input.RuleInfo, Input.RuleInfo> ruleInfos = new HashMap<>();
    private final Map<String, String> names = new HashMap<>();

    /**
     * A page of {@code inputs}, in their order: the scans whole, and the reports by their file and
     * {@code generatedAt} (their sites and rules are given to {@link #site} and {@link #read}).
     */
    public Builder(List<Input> inputs) {
      this.inputs = List.copyOf(inputs);
      sites = new long[inputs.size()];
      calls = new long[inputs.size()];
      snapshotOf = new Snapshot[inputs.size()];
      Map<List<Object>, Snapshot> byTime = new LinkedHashMap<>();
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        order.add(i);
      }
      order.sort(Comparator.comparing((Integer i) -> inputs.get(i).generatedAt())
          .thenComparing(i -> inputs.get(i).kind()));
      for (int i : order) {
        Input input = inputs.get(i);
        Snapshot s = byTime.computeIfAbsent(List.of(input.kind(), input.generatedAt()),
            k -> new Snapshot(input.kind(), input.generatedAt()));
        s.inputs++;
        s.unread++;
        snapshotOf[i] = s;
      }
      snapshots = new ArrayList<>(byTime.values());
      newestReport = newest(snapshots, Input.Kind.REPORT);
      List<String> scanned = new ArrayList<>();
      for (Snapshot s : snapshots) {
        s.sites = s.kind == Input.Kind.SCAN || s == newestReport ? new LinkedHashMap<>() : null;
        s.counts = s.sites == null ? new HashMap<>() : null;
      }
      for (Input input : inputs) { // in the order given: where two scans name one path, the first one's name wins
        if (input.kind() == Input.Kind.SCAN) {
          input.sites().forEach(s -> scanned.add(s.codeSource()));
        }
      }
      for (int i : order) {
        Input input = inputs.get(i);
        if (input.kind() == Input.Kind.SCAN) {
          sites[i] = input.sites().size();
          input.sites().forEach(snapshotOf[i]::add);
          input.rules().forEach(r -> snapshotOf[i].rules.putIfAbsent(r.id(), r));
          snapshotOf[i].unread--;
        }
      }
      codeSources = scanned.isEmpty() ? null : CodeSources.of(scanned, Path.of(""));
      for (Snapshot s : snapshots) {
        if (s.kind == Input.Kind.SCAN) {
          s.close(names);
        }
      }
      moments = moments(snapshots);
      for (Moment m : moments) {
        if (m.withScan() && m.report() != null) {
          m.report().shared.putIfAbsent(m.scan(), new HashMap<>());
        }
      }
    }

    /** A call site of report {@code input} (its index among the inputs), in the order the report lists them. */
    public void site(int input, Input.SiteInfo site) {
      Snapshot s = snapshotOf[input];
      sites[input]++;
      calls[input] += site.count();
      s.add(s == newestReport && codeSources != null ? new Input.SiteInfo(site.key(), site.descriptor(), site.file(),
          codeSources.asScanned(site.codeSource()), site.count(), site.stage(), site.via(), site.calledThrough(),
          site.methodReference(), site.use(), site.member()) : site);
    }

    /** The rules of report {@code input}, once its sites were given: it is read. */
    public void read(int input, List<Input.RuleInfo> rules) {
      Snapshot s = snapshotOf[input];
      for (Input.RuleInfo r : rules) {
        Input.RuleInfo shared = ruleInfos.computeIfAbsent(r, x -> x);
        s.rules.putIfAbsent(names.computeIfAbsent(shared.id(), x -> x), shared);
      }
      if (--s.unread == 0) {
        s.close(names);
      }
    }

    /**
     * The page, with which tests reach each call site from {@code tests} (none: the page says nothing of tests),
     * made at {@code now}, with each rule's verdict from {@code verdict}.
     *
     * @param verdictBasis what the verdicts rest on, in words
     */
    public Page page(List<Input.Tests> tests, Verdict verdict, String verdictBasis, Instant now, String version) {
      for (Snapshot s : snapshots) {
        if (s.unread > 0) {
          throw new IllegalStateException("the page is made before every report was read");
        }
      }
      Map<SiteKey, Reach> reach = tests.isEmpty() ? null : reach(tests);
      Map<String, Verdict.RuleVerdict> verdicts = new LinkedHashMap<>();
      for (Verdict.RuleVerdict v : verdict.rules()) {
        verdicts.put(v.id(), v);
      }
      Snapshot report = newestReport;
      Snapshot scan = newest(snapshots, Input.Kind.SCAN);
      Snapshot currentScan = scan != null && (report == null || !scan.at.isBefore(report.at)) ? scan : null;
      Instant from = snapshots.get(0).at;
      Instant to = snapshots.get(snapshots.size() - 1).at;
      long dates = snapshots.stream().map(s -> s.at).distinct().count();

      Map<String, Input.RuleInfo> rules = new TreeMap<>();
      for (Snapshot s : snapshots) { // oldest first: what the newest input says of a rule wins
        s.rules.forEach((id, r) -> rules.merge(id, r, HtmlReport::newer));
        for (String id : s.tallies.keySet()) {
          rules.putIfAbsent(id, new Input.RuleInfo(id, null, null, null, null, null));
        }
      }
      if (reach != null) { // a rule only tests reached still gets its section: the tests name its sites
        for (SiteKey k : reach.keySet()) {
          rules.putIfAbsent(k.rule(), new Input.RuleInfo(k.rule(), null, null, null, null, null));
        }
      }
      for (Verdict.RuleVerdict v : verdict.rules()) {
        rules.putIfAbsent(v.id(), new Input.RuleInfo(v.id(), v.legacy(), null, null, null,
            v.resolution() == null ? null : v.resolution().id()));
      }
      List<Page.RuleSection> sections = new ArrayList<>();
      int index = 0;
      for (Input.RuleInfo rule : rules.values()) {
        index++;
        sections.add(section(rule, "rule-" + index, snapshots, moments, report, currentScan, from, to, dates,
            badge(verdicts.get(rule.id())), reach));
      }
      // the work left first: most call sites, then most calls
      sections.sort(Comparator.comparingInt(Page.RuleSection::sites).reversed()
          .thenComparing(Comparator.comparingLong(Page.RuleSection::callsValue).reversed())
          .thenComparing(Page.RuleSection::id));

      List<Page.InputRow> rows = new ArrayList<>();
      List<Integer> ordered = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        ordered.add(i);
      }
      ordered.sort(Comparator.comparing((Integer i) -> inputs.get(i).generatedAt())
          .thenComparing(i -> inputs.get(i).file().toString()));
      for (int i : ordered) {
        Input input = inputs.get(i);
        boolean counted = input.kind() == Input.Kind.REPORT;
        rows.add(new Page.InputRow(input.file().toString(), input.kind().id(), Dates.display(input.generatedAt()),
            number(sites[i]), counted ? number(calls[i]) : NOT_COUNTED));
      }
      List<Input.Tests> orderedTests = new ArrayList<>(tests);
      orderedTests.sort(Comparator.comparing((Input.Tests t) -> t.sites().generatedAt())
          .thenComparing(t -> t.file().toString()));
      for (Input.Tests t : orderedTests) {
        Set<SiteKey> keys = new HashSet<>();
        long testCalls = 0;
        for (TestSites.SiteCount c : counts(t.sites())) {
          keys.add(c.key());
          testCalls += c.count();
        }
        rows.add(new Page.InputRow(t.file().toString(), "tests", Dates.display(t.sites().generatedAt()),
            number(keys.size()), number(testCalls)));
      }
      long reports = inputs.stream().filter(i -> i.kind() == Input.Kind.REPORT).count();
      long scans = inputs.size() - reports;
      String summary = (reports > 0 && scans > 0 ? plural(reports, "report") + " and " + plural(scans, "scan")
          : reports > 0 ? plural(reports, "report") : plural(scans, "scan"))
          + (from.equals(to) ? " of " + Dates.display(from)
              : ", from " + Dates.display(from) + " to " + Dates.display(to));
      String newest = report == null ? "the newest scan, of " + Dates.display(scan.at) + " (no report: no counts)"
          : "the newest report, of " + Dates.display(report.at) + (report.inputs > 1
              ? " (" + report.inputs + " reports written at that time, joined)" : "")
              + (currentScan != null ? ", and the scan of " + Dates.display(currentScan.at)
                  + " for the sites of classes that never loaded" : "");
      return new Page("Sunset report", Dates.display(now), version, summary, newest, verdictBasis, rows, sections,
          reach == null ? null : testsSummary(tests, reach));
    }
  }
  /** What is known of one call site from the tests files: the tests that reached it, and the calls no test owns. */
  private static final class Reach {
    final String file;
    final Map<String, TestSites.TestEntry> tests = new LinkedHashMap<>();
    final Map<String, Long> testCalls = new LinkedHashMap<>();
    long whileSeveralTestsRan;
    long outsideAnyTest;

    Reach(String file) {
      this.file = file;
    }

    boolean reached() {
      return !tests.isEmpty() || whileSeveralTestsRan > 0;
    }
  }

  /** Every site the tests files name, with what each says of it; a test in several files is one, its calls summed. */
  private static Map<SiteKey, Reach> reach(List<Input.Tests> tests) {
    Map<SiteKey, Reach> reach = new LinkedHashMap<>();
    for (Input.Tests file : tests) {
      TestSites t = file.sites();
      for (TestSites.TestEntry test : t.tests()) {
        for (TestSites.SiteCount c : test.callSites()) {
          Reach r = reach.computeIfAbsent(c.key(), k -> new Reach(c.file()));
          r.tests.putIfAbsent(test.uniqueId(), test);
          r.testCalls.merge(test.uniqueId(), c.count(), Long::sum);
        }
      }
      for (TestSites.SiteCount c : t.whileSeveralTestsRan()) {
        reach.computeIfAbsent(c.key(), k -> new Reach(c.file())).whileSeveralTestsRan += c.count();
      }
      for (TestSites.SiteCount c : t.outsideAnyTest()) {
        reach.computeIfAbsent(c.key(), k -> new Reach(c.file())).outsideAnyTest += c.count();
      }
    }
    return reach;
  }

  /** Every site count of a tests file: its tests', then those of no one test. */
  private static List<TestSites.SiteCount> counts(TestSites t) {
    List<TestSites.SiteCount> all = new ArrayList<>();
    t.tests().forEach(test -> all.addAll(test.callSites()));
    all.addAll(t.whileSeveralTestsRan());
    all.addAll(t.outsideAnyTest());
    return all;
  }

  private static String testsSummary(List<Input.Tests> tests, Map<SiteKey, Reach> reach) {
    Set<String> ids = new HashSet<>();
    tests.forEach(t -> t.sites().tests().forEach(e -> ids.add(e.uniqueId())));
    long several = reach.values().stream().mapToLong(r -> r.whileSeveralTestsRan).sum();
    long outside = reach.values().stream().mapToLong(r -> r.outsideAnyTest).sum();
    return plural(tests.size(), "tests file") + ": " + plural(ids.size(), "test") + " reached "
        + plural(reach.values().stream().filter(r -> !r.tests.isEmpty()).count(), "call site") + "; "
        + calls(several) + " while several tests ran, " + calls(outside) + " outside any test";
  }

  /**
   * Which tests reach each call site of rule {@code id}: the sites the section lists and those only the tests files
   * name, by class, line and method.
   */
  private static List<Page.TestedSite> tested(String id, Map<UseKey, Page.SiteRow> rows, Map<SiteKey, Reach> reach) {
    // which tests reach a line: a class rule's uses on one line (apart in a tests file since it names uses) are one
    // site here, their calls summed
    Map<SiteKey, String> locations = new LinkedHashMap<>();
    rows.forEach((k, row) -> locations.putIfAbsent(k.site(), row.location()));
    reach.forEach((k, r) -> {
      if (k.rule().equals(id)) {
        locations.putIfAbsent(k, location(r.file, k.line()));
      }
    });
    List<Page.TestedSite> tested = new ArrayList<>();
    for (Map.Entry<SiteKey, String> e : locations.entrySet()) {
      SiteKey k = e.getKey();
      Reach r = reach.get(k);
      List<Page.TestCall> calls = new ArrayList<>();
      if (r != null) {
        r.tests.entrySet().stream()
            .sorted(Comparator.comparing((Map.Entry<String, TestSites.TestEntry> t) -> r.testCalls.get(t.getKey()))
                .reversed().thenComparing(Map.Entry::getKey))
            .forEach(t -> calls.add(new Page.TestCall(t.getValue().className(), t.getValue().method(),
                t.getValue().displayName(), r.testCalls.get(t.getKey()), calls(r.testCalls.get(t.getKey())))));
      }
      tested.add(new Page.TestedSite(k.className(), k.method(), e.getValue(), k.line(), calls,
          r == null || r.whileSeveralTestsRan == 0 ? null : calls(r.whileSeveralTestsRan),
          r == null || r.outsideAnyTest == 0 ? null : calls(r.outsideAnyTest), r != null && r.reached()));
    }
    tested.sort(Comparator.comparing(Page.TestedSite::className).thenComparingInt(Page.TestedSite::line)
        .thenComparing(Page.TestedSite::method));
    return tested;
  }

  private static String location(String file, int line) {
    return (file == null ? "?" : file) + ":" + (line > 0 ? line : "?");
  }

  /** A rule's verdict as a badge; "delete it" only where it is migrated. */
  static Page.Badge badge(Verdict.RuleVerdict v) {
    if (v == null) {
      return new Page.Badge(Verdict.Kind.UNKNOWN.id(), "unknown", List.of("no verdict was judged for this rule"), "");
    }
    String label = switch (v.verdict()) {
      case MIGRATED -> !v.classRule() ? "migrated: delete it"
          : MemberRef.namesPackage(v.legacy()) ? "migrated: delete the package" : "migrated: delete the class";
      case DEAD -> "dead: none called";
      case IN_USE -> "in use";
      case UNKNOWN -> "unknown";
    };
    List<String> why = v.why().stream().map(Verdict.Reason::detail).toList();
    Verdict.Coverage c = v.evidence();
    String evidence = c == null ? "" : String.format(Locale.ROOT, "%,d JVM%s watched it%s%s%s", c.jvms(),
        c.jvms() == 1 ? "" : "s", c.from() == null ? "" : ", " + Dates.display(c.from()) + " to "
            + Dates.display(c.to()) + String.format(Locale.ROOT, " (%.1f days)", c.days()),
        c.lateAttachedJvms() > 0 ? "; " + c.lateAttachedJvms() + " attached late" : "",
        c.jvmsWithoutExitReport() > 0 ? "; " + c.jvmsWithoutExitReport() + " without its exit report" : "");
    return new Page.Badge(v.verdict().id(), label, why, evidence);
  }

  private static Page.RuleSection section(Input.RuleInfo rule, String anchor, List<Snapshot> snapshots,
      List<Moment> moments, Snapshot report, Snapshot scan, Instant from, Instant to, long dates, Page.Badge verdict,
      Map<SiteKey, Reach> reach) {
    String id = rule.id();
    boolean counted = report != null && report.covers(id);
    Map<UseKey, Page.SiteRow> rows = new LinkedHashMap<>();
    Map<UseKey, Input.SiteInfo> infos = new LinkedHashMap<>();
    if (report != null) {
      for (Input.SiteInfo s : report.sitesOf(id)) {
        rows.put(s.useKey(), row(s, s.count(), false));
        infos.put(s.useKey(), s);
      }
    }
    if (scan != null) {
      for (Input.SiteInfo s : scan.sitesOf(id)) {
        rows.putIfAbsent(s.useKey(), row(s, counted ? 0L : null, report != null));
        infos.putIfAbsent(s.useKey(), s);
      }
    }
    boolean classRule = rule.legacy() != null && rule.legacy().indexOf('#') < 0
        || infos.values().stream().anyMatch(s -> s.member() != null);
    List<Page.SiteRow> sites = new ArrayList<>(rows.values());
    long calls = sum(sites);
    List<Page.SiteRow> mostCalled = sites.stream().filter(s -> s.count() != null && s.count() > 0)
        .sorted(Comparator.comparing(Page.SiteRow::count).reversed().thenComparing(BY_PLACE)).limit(MOST_CALLED)
        .toList();
    List<Page.SiteRow> neverCalled = sites.stream().filter(s -> s.count() != null && s.count() == 0).sorted(BY_PLACE)
        .toList();
    int called = (int) sites.stream().filter(s -> s.count() != null && s.count() > 0).count();

    List<Page.StageAt> stages = new ArrayList<>();
    List<Chart.Value> left = leftOverTime(id, moments);
    List<Chart.Value> calledLeft = new ArrayList<>();
    List<Chart.Value> callsOverTime = new ArrayList<>();
    for (Snapshot s : snapshots) {
      if (!s.covers(id) || s.kind == Input.Kind.SCAN) {
        continue;
      }
      Tally of = s.tally(id);
      calledLeft.add(new Chart.Value(s.at, of.called()));
      callsOverTime.add(new Chart.Value(s.at, of.calls()));
      Input.RuleInfo info = s.rules.get(id);
      String stage = info == null ? null : info.stage();
      if (stage != null && (stages.isEmpty() || !stages.get(stages.size() - 1).stage().equals(stage))) {
        stages.add(new Page.StageAt(stage, Dates.day(s.at)));
      }
    }
    String trend = null;
    if (left.size() > 1) {
      Chart.Value a = left.get(0);
      Chart.Value b = left.get(left.size() - 1);
      trend = String.format(Locale.ROOT, "%,d → %,d call sites, %,d → %,d calls since %s", a.value(), b.value(),
          callsOverTime.get(0).value(), callsOverTime.get(callsOverTime.size() - 1).value(), Dates.day(a.at()));
    }
    List<Chart> charts = new ArrayList<>();
    String chartNote = null;
    if (dates > 1) {
      List<Instant> axis = snapshots.stream().map(s -> s.at).distinct().toList();
      charts.add(Chart.of("sites", false, "Call sites left", "Call sites of " + id + " per date", from, to, axis,
          List.of(new Chart.Line("call sites left", "left", "call sites left", left),
              new Chart.Line("called", "called", "called sites", calledLeft))));
      if (!callsOverTime.isEmpty()) {
        charts.add(Chart.of("calls", true, "Calls (log scale)", "Calls of " + id + " per date, on a log scale", from,
            to, axis, List.of(new Chart.Line("calls", "calls", "calls", callsOverTime))));
      }
    } else {
      chartNote = "Reports or scans from one date only: give ones from several dates for a burn-down.";
    }
    String stage = rule.stage();
    if (report != null && report.rules.get(id) != null && report.rules.get(id).stage() != null) {
      stage = report.rules.get(id).stage();
    }
    return new Page.RuleSection(id, anchor, rule.legacy(), rule.replacement(), stage, stages, rule.message(),
        rule.resolution(), counted, sites.size(), called, counted ? sites.size() - called : 0,
        counted ? number(calls) : NOT_COUNTED, calls, trend, mostCalled, neverCalled, jars(sites, counted), charts,
        chartNote, verdict, reach == null ? null : tested(id, rows, reach), classRule,
        classRule ? members(rows, infos, counted, MemberRef.namesPackage(rule.legacy())) : List.of());
  }

  /**
   * A class rule's sites by member and use, in the order of the uses ({@code call} first, {@code type-reference}
   * last), then by member: how many sites use each, and the uses counted there; a package rule's by class first (its
   * members name their class first, {@code Factory.create()}).
   */
  private static List<Page.MemberRow> members(Map<UseKey, Page.SiteRow> rows, Map<UseKey, Input.SiteInfo> infos,
      boolean counted, boolean packageRule) {
    Comparator<List<Object>> byClass = Comparator.comparing(k -> packageRule ? MemberRef.classOfMember((String) k.get(1)) : "",
        Comparator.nullsFirst(Comparator.naturalOrder()));
    Map<List<Object>, long[]> groups = new TreeMap<>(byClass.thenComparing((List<Object> k) -> (Use) k.get(0))
        .thenComparing(k -> (String) k.get(1), Comparator.nullsFirst(Comparator.naturalOrder())));
    rows.forEach((k, row) -> {
      Input.SiteInfo s = infos.get(k);
      long[] g = groups.computeIfAbsent(Arrays.asList(s.use(), s.member()), x -> new long[2]);
      g[0]++;
      g[1] += row.count() == null ? 0 : row.count();
    });
    List<Page.MemberRow> members = new ArrayList<>();
    groups.forEach((k, g) -> members.add(new Page.MemberRow(k.get(1) == null ? "(not named)" : (String) k.get(1),
        ((Use) k.get(0)).id(), (int) g[0], counted ? number(g[1]) : NOT_COUNTED)));
    return members;
  }

  /**
   * The call sites of rule {@code id} left at each date of the page, as the page would show them were that date the
   * newest: the sites of the newest report up to then, with those of a scan up to then at least as new as that report
   * (classes that never loaded). So the last point is the number the rule's section shows, and a scan later than
   * every report continues the same line rather than standing apart.
   */
  private static List<Chart.Value> leftOverTime(String id, List<Moment> moments) {
    List<Chart.Value> left = new ArrayList<>();
    for (Moment m : moments) {
      Snapshot report = m.report();
      Snapshot scan = m.scan();
      boolean withScan = m.withScan();
      boolean covered = report != null && report.covers(id) || withScan && scan.covers(id);
      if (!covered) {
        continue;
      }
      // the sites of both, each once: the report's, the scan's, less those both list
      long keys = report == null ? 0 : report.tally(id).sites();
      if (withScan) {
        keys += scan.tally(id).sites() - (report == null ? 0 : report.shared.get(scan).getOrDefault(id, 0));
      }
      left.add(new Chart.Value(m.at(), keys));
    }
    return left;
  }

  /**
   * A date of the page, as the burn-down draws it: the newest report snapshot and the newest scan snapshot up to
   * then (null when none), and whether the scan is drawn with the report (it is at least as new).
   */
  private record Moment(Instant at, Snapshot report, Snapshot scan) {
    boolean withScan() {
      return scan != null && (report == null || !scan.at.isBefore(report.at));
    }
  }

  /** Every date of the page, oldest first, from the snapshots (in their order: by time, reports first). */
  private static List<Moment> moments(List<Snapshot> snapshots) {
    List<Moment> moments = new ArrayList<>();
    Snapshot report = null;
    Snapshot scan = null;
    for (int i = 0; i < snapshots.size(); i++) {
      Snapshot s = snapshots.get(i);
      if (s.kind == Input.Kind.REPORT) {
        report = s;
      } else {
        scan = s;
      }
      if (i + 1 == snapshots.size() || !snapshots.get(i + 1).at.equals(s.at)) {
        moments.add(new Moment(s.at, report, scan));
      }
    }
    return moments;
  }

  private static final Comparator<Page.SiteRow> BY_PLACE = Comparator
      .comparing((Page.SiteRow s) -> Objects.toString(s.codeSource(), "")).thenComparing(Page.SiteRow::className)
      .thenComparingInt(Page.SiteRow::line).thenComparing(Page.SiteRow::method);

  private static List<Page.JarGroup> jars(List<Page.SiteRow> sites, boolean counted) {
    Map<String, Map<String, List<Page.SiteRow>>> byJar = new TreeMap<>(Comparator.nullsLast(Comparator.naturalOrder()));
    for (Page.SiteRow s : sites) {
      byJar.computeIfAbsent(s.codeSource(), k -> new TreeMap<>()).computeIfAbsent(packageOf(s.className()),
          k -> new ArrayList<>()).add(s);
    }
    List<Page.JarGroup> jars = new ArrayList<>();
    for (Map.Entry<String, Map<String, List<Page.SiteRow>>> jar : byJar.entrySet()) {
      List<Page.PackageGroup> packages = new ArrayList<>();
      int jarSites = 0;
      long jarCalls = 0;
      for (Map.Entry<String, List<Page.SiteRow>> p : jar.getValue().entrySet()) {
        List<Page.SiteRow> rows = p.getValue().stream().sorted(BY_PLACE).toList();
        long c = sum(rows);
        String calls = counted ? number(c) : NOT_COUNTED;
        packages.add(new Page.PackageGroup(p.getKey(), rows.size(), calls, totals(rows.size(), calls, c), rows));
        jarSites += rows.size();
        jarCalls += c;
      }
      String calls = counted ? number(jarCalls) : NOT_COUNTED;
      jars.add(new Page.JarGroup(jar.getKey(), jarLabel(jar.getKey()), jarSites, calls,
          totals(jarSites, calls, jarCalls), packages));
    }
    return jars;
  }

  private static long sum(List<Page.SiteRow> rows) {
    return rows.stream().map(Page.SiteRow::count).filter(Objects::nonNull).mapToLong(Long::longValue)
        .sum();
  }

  private static Page.SiteRow row(Input.SiteInfo s, Long count, boolean scanOnly) {
    String cls = s.key().className();
    String location = location(s.file(), s.key().line());
    return new Page.SiteRow(cls, cls.substring(cls.lastIndexOf('.') + 1), s.key().method(), s.descriptor(), location,
        s.key().line(), s.codeSource(), jarLabel(s.codeSource()), count, count == null ? NOT_COUNTED : number(count),
        s.stage(), s.via(), s.calledThrough(), s.methodReference(), scanOnly,
        s.member() == null ? null : s.use().forPeople(s.member()));
  }

  /** {@code com.acme} of {@code com.acme.Checkout$Line}; {@code (default package)} for none. */
  static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "(default package)" : className.substring(0, dot);
  }

  /**
   * The short name of a code source: the jar's or folder's file name, followed by the nested entry for
   * {@code app.jar!/BOOT-INF/lib/x.jar}; {@code (unknown)} for none.
   */
  static String jarLabel(String codeSource) {
    if (codeSource == null) {
      return "(unknown)";
    }
    int nested = codeSource.indexOf("!/");
    String outer = nested < 0 ? codeSource : codeSource.substring(0, nested);
    String rest = nested < 0 ? "" : codeSource.substring(nested);
    boolean folder = outer.endsWith("/");
    String trimmed = folder ? outer.substring(0, outer.length() - 1) : outer;
    String name = trimmed.substring(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf(':')) + 1);
    return (name.isEmpty() ? outer : name + (folder ? "/" : "")) + rest;
  }

  /** {@code newer}, with what it leaves out (a scan says no message) taken from {@code older}. */
  private static Input.RuleInfo newer(Input.RuleInfo older, Input.RuleInfo newer) {
    return new Input.RuleInfo(newer.id(), or(newer.legacy(), older.legacy()),
        or(newer.replacement(), older.replacement()), or(newer.stage(), older.stage()),
        or(newer.message(), older.message()), or(newer.resolution(), older.resolution()));
  }

  private static String or(String value, String otherwise) {
    return value != null ? value : otherwise;
  }

  private static Snapshot newest(List<Snapshot> snapshots, Input.Kind kind) {
    Snapshot newest = null;
    for (Snapshot s : snapshots) {
      if (s.kind == kind) {
        newest = s;
      }
    }
    return newest;
  }

  private static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code 1 call site · 300 calls}. */
  private static String totals(int sites, String calls, long callsValue) {
    return number(sites) + (sites == 1 ? " call site · " : " call sites · ") + calls
        + (callsValue == 1 ? " call" : " calls");
  }

  /** {@code 1 call}, {@code 1,234 calls}. */
  private static String calls(long n) {
    return number(n) + (n == 1 ? " call" : " calls");
  }

  private static String plural(long n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
