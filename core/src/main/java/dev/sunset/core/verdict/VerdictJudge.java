package dev.sunset.core.verdict;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.format.Report;
import dev.sunset.core.format.RuleResolution;
import dev.sunset.core.format.Scan;
import dev.sunset.core.format.Verdict;
import dev.sunset.core.format.Verdict.Coverage;
import dev.sunset.core.format.Verdict.Kind;
import dev.sunset.core.format.Verdict.Reason;
import dev.sunset.core.format.Verdict.Why;
import dev.sunset.core.report.CodeSources;
import dev.sunset.core.format.Use;
import dev.sunset.core.report.SiteKey;
import dev.sunset.core.report.UseKey;
import dev.sunset.core.rules.MemberRef;
import dev.sunset.core.scan.ScannedSite;
import dev.sunset.core.text.Counted;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * Decides, per rule, whether its legacy method can be deleted, from the call sites in the artifacts (an
 * {@link Inventory}) and the calls seen at run time (reports merged into one {@link Report}, and/or a
 * {@link FleetEvidence}).
 *
 * <p>A rule with any call seen is {@code in-use}. A rule with none is {@code migrated} (no site left) or {@code dead}
 * (sites left, never called) only when the evidence can show it: the scan looked for the rule and it resolved in
 * every scanned scope that holds its legacy class; some JVM watched it (listed it with the same legacy method and
 * did not refuse it); the run-time evidence covers at least {@code minDays} and {@code minJvms}; not every watching
 * JVM was attached late; and, for {@code migrated}, the reports name no rewritten call site the scan did not find.
 * Otherwise it is {@code unknown}, with each missing piece named. A wrong "delete it" takes production down; an
 * unknown costs a look.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class VerdictJudge {
  private static final double SECONDS_PER_DAY = 86_400.0;

  private VerdictJudge() {}

  /**
   * The verdicts.
   *
   * @param inventory the scanned artifacts' rules and sites
   * @param reports the agents' reports merged into one, or null
   * @param fleet Prometheus's evidence, or null
   * @param thresholds below which {@code migrated} and {@code dead} are {@code unknown}
   * @param header what the evidence was read from, for the verdict's {@code evidence} (its coverage is computed)
   */
  public static Verdict decide(Inventory inventory, Report reports, FleetEvidence fleet, Verdict.Thresholds thresholds,
      Header header, Instant now) {
    RunTimeEvidence runtime = new RunTimeEvidence(reports, fleet);
    List<Verdict.RuleVerdict> verdicts = new ArrayList<>();
    Map<String, Scan.Rule> scanned = inventory.rules();
    Set<String> folded = new LinkedHashSet<>();
    CodeSources codeSources = codeSources(inventory);
    for (Scan.Rule rule : scanned.values()) {
      Set<String> ids = runtime.idsOf(rule.id(), rule.legacy());
      ids.stream().filter(id -> !id.equals(rule.id())).forEach(folded::add);
      verdicts.add(judge(rule.id(), rule.legacy(), rule, ids, inventory, runtime, thresholds, codeSources));
    }
    for (String id : runtime.ruleIds()) {
      if (!scanned.containsKey(id) && !folded.contains(id)) {
        verdicts.add(judge(id, runtime.legacyOf(id), null, Set.of(id), inventory, runtime, thresholds, codeSources));
      }
    }
    verdicts = withMemberRules(verdicts);
    Verdict.Evidence evidence = new Verdict.Evidence(header.scan(), inventory.artifacts(), inventory.classPath(),
        header.reports(), fleet == null ? null : fleet.url(), fleet == null ? null : fleet.window(), thresholds,
        runtime.coverage(runtime.reportRuns(), runtime.fleetInstances(), runtime.fleetEarliest(), 0));
    return new Verdict(now, evidence, verdicts);
  }

  /**
   * The verdicts, each class rule's that is not {@code in-use} made {@code unknown} while a method rule naming a method
   * of its class is not {@code migrated}: a method rule takes its method from the class rule, so the class rule sees
   * none of that method's calls, and without this would call the class unused while its methods are called.
   */
  private static List<Verdict.RuleVerdict> withMemberRules(List<Verdict.RuleVerdict> verdicts) {
    Map<String, List<Verdict.RuleVerdict>> methodRulesByClass = new LinkedHashMap<>();
    for (Verdict.RuleVerdict v : verdicts) {
      MemberRef legacy = v.classRule() ? null : parsed(v.legacy());
      if (legacy != null && !legacy.isClass() && v.verdict() != Kind.MIGRATED) {
        methodRulesByClass.computeIfAbsent(legacy.ownerBinaryName(), k -> new ArrayList<>()).add(v);
      }
    }
    List<Verdict.RuleVerdict> all = new ArrayList<>();
    for (Verdict.RuleVerdict v : verdicts) {
      MemberRef legacy = v.classRule() ? parsed(v.legacy()) : null;
      List<Verdict.RuleVerdict> left = legacy == null || !legacy.isClass() || v.verdict() == Kind.IN_USE ? List.of()
          : methodRulesByClass.getOrDefault(legacy.ownerBinaryName(), List.of());
      if (left.isEmpty()) {
        all.add(v);
        continue;
      }
      List<String> named = new ArrayList<>();
      for (Verdict.RuleVerdict m : left) {
        named.add(m.id() + " (" + m.verdict().id() + ")");
      }
      List<Reason> why = new ArrayList<>(v.why());
      why.add(new Reason(Why.MEMBER_RULES_LEFT, Counted.of(left.size(), "rule") + " of "
          + legacy.ownerBinaryName() + "'s methods " + (left.size() == 1 ? "is" : "are") + " not migrated: "
          + String.join(", ", named) + "; the class goes after its methods"));
      all.add(new Verdict.RuleVerdict(v.id(), v.legacy(), Kind.UNKNOWN, v.calls(), v.unattributedCalls(), why,
          v.resolution(), v.resolvedIn(), v.refusedIn(), v.evidence(), v.watchedAs(), v.firstCallAt(),
          v.lastCallSeenAt(), v.sites(), v.classRule(), v.uses()));
    }
    return all;
  }

  private static MemberRef parsed(String legacy) {
    if (legacy == null) {
      return null;
    }
    try {
      return MemberRef.parse(legacy);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * What a verdict's evidence names besides what it computes.
   *
   * @param scan the artifacts or scan files given
   * @param reports the reports read
   */
  public record Header(List<String> scan, List<Verdict.ReportInput> reports) {}

  /**
   * The scan's names of the jars and folders it read, so that a site only the reports or Prometheus name (a call by
   * reflection, say) names its jar as the scanned sites do, not by the agent's URL.
   */
  private static CodeSources codeSources(Inventory inventory) {
    List<String> names = new ArrayList<>(inventory.artifacts());
    for (Scan.Site s : inventory.sites().values()) {
      names.add(s.codeSource());
    }
    for (Scan.Rule r : inventory.rules().values()) {
      for (Scan.ResolvedIn in : r.resolvedIn()) {
        names.add(in.codeSource());
      }
    }
    return CodeSources.of(names, Path.of(""));
  }

  private static Verdict.RuleVerdict judge(String id, String legacy, Scan.Rule scanned, Set<String> ids,
      Inventory inventory, RunTimeEvidence runtime, Verdict.Thresholds thresholds, CodeSources codeSources) {
    // a class rule's uses on one line are sites apart: their use key tells them apart, a method rule's is its site key
    Map<UseKey, Verdict.Site> sites = new LinkedHashMap<>();
    for (Scan.Site s : inventory.sites().values()) {
      if (s.rule().equals(id)) {
        sites.put(s.useKey(), new Verdict.Site(s.className(), s.method(), s.descriptor(), s.line(), s.file(),
            s.codeSource(), 0, true, null, null, null, s.methodReference(), s.calledThrough(), s.use(), s.member()));
      }
    }
    long calls = 0;
    for (Report.Site s : runtime.reportSites(ids)) {
      UseKey key = new UseKey(new SiteKey(id, s.className(), s.method(), s.line()), s.use(), s.member());
      Verdict.Site known = sites.get(key);
      sites.put(key, known == null
          ? new Verdict.Site(s.className(), s.method(), s.descriptor(), s.line(), s.file(),
              codeSources.asScanned(s.codeSource()), s.count(), false, s.firstCallAt(), s.lastSeenAt(), s.via(),
              s.methodReference(), s.calledThrough(), s.use(), s.member())
          : new Verdict.Site(known.className(), known.method(), known.descriptor(), known.line(), known.file(),
              known.codeSource(), saturatedAdd(known.count(), s.count()), known.inArtifacts(),
              earliest(known.firstCallAt(), s.firstCallAt()), latest(known.lastSeenAt(), s.lastSeenAt()),
              known.via() != null ? known.via() : s.via(), known.methodReference() || s.methodReference(),
              known.calledThrough() != null ? known.calledThrough() : s.calledThrough(), known.use(),
              known.member()));
    }
    boolean classRule = isClassRule(legacy, sites.values());
    for (Map.Entry<SiteKey, FleetEvidence.SiteCalls> e : runtime.fleetSites(id).entrySet()) {
      SiteKey k = e.getKey();
      FleetEvidence.SiteCalls c = e.getValue();
      UseKey key = classRule ? fleetUse(k, sites.keySet()) : UseKey.call(k);
      Verdict.Site known = sites.get(key);
      sites.put(key, known == null
          ? new Verdict.Site(k.className(), k.method(), null, k.line(), c.file(), codeSources.asScanned(c.codeSource()),
              c.count(), false, null, null, null, false, null, key.use(), key.member())
          : new Verdict.Site(known.className(), known.method(), known.descriptor(), known.line(), known.file(),
              known.codeSource(), saturatedAdd(known.count(), c.count()), known.inArtifacts(), known.firstCallAt(),
              known.lastSeenAt(), known.via(), known.methodReference(), known.calledThrough(), known.use(),
              known.member()));
    }
    List<Verdict.Site> ordered = new ArrayList<>(sites.values());
    ordered.sort(Comparator.comparingLong(Verdict.Site::count).reversed().thenComparing(Verdict.Site::className)
        .thenComparing(Verdict.Site::method).thenComparingInt(Verdict.Site::line)
        .thenComparing(Verdict.Site::use, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(s -> Objects.toString(s.member(), "")));
    for (Verdict.Site s : ordered) {
      calls = saturatedAdd(calls, s.count());
    }
    long unattributed = runtime.fleetUnattributed(id);
    calls = saturatedAdd(calls, unattributed);

    List<Report.Run> watching = new ArrayList<>();
    int refusedIn = 0;
    for (Report.Run run : runtime.reportRuns()) {
      switch (runtime.watch(run, ids, legacy)) {
        case WATCHED -> watching.add(run);
        case REFUSED -> refusedIn++;
        case NOT_LISTED -> { }
      }
    }
    FleetEvidence.RuleSeries series = runtime.fleetRule(id);
    Coverage coverage = runtime.coverage(watching, series == null ? 0 : series.instances(),
        series == null ? null : series.earliestSample(), refusedIn);

    List<Reason> why = new ArrayList<>();
    Kind verdict;
    if (calls > 0) {
      verdict = Kind.IN_USE;
    } else {
      verdict = ordered.isEmpty() ? Kind.MIGRATED : Kind.DEAD;
      typeReferences(legacy, ordered, why);
      staticReasons(scanned, why);
      runtimeReasons(watching, series, refusedIn, coverage, thresholds, why);
      if (verdict == Kind.MIGRATED && scanned != null) {
        runtime.unscannedSite(inventory).ifPresent(s -> why.add(new Reason(Why.SCAN_INCOMPLETE, "the reports name "
            + "call sites the scan did not find, such as " + s.className() + "." + s.method() + " (line " + s.line()
            + ", rule " + s.rule() + (s.codeSource() == null ? "" : ", " + s.codeSource()) + "): the scanned "
            + "artifacts do not hold all the code that ran, so call sites of this rule may be left in what was not "
            + "scanned")));
      }
      if (!why.isEmpty()) {
        verdict = Kind.UNKNOWN;
      }
    }
    List<String> watchedAs = ids.stream().filter(x -> !x.equals(id)).toList();
    Instant first = null;
    Instant last = null;
    for (Verdict.Site s : ordered) {
      first = earliest(first, s.firstCallAt());
      last = latest(last, s.lastSeenAt());
    }
    return new Verdict.RuleVerdict(id, legacy, verdict, calls, unattributed, why,
        scanned == null ? null : scanned.resolution(), scanned == null ? List.of() : scanned.resolvedIn(),
        scanned == null ? List.of() : scanned.refusedIn(), coverage, watchedAs, first, last, ordered, classRule,
        classRule ? uses(ordered, MemberRef.namesPackage(legacy)) : List.of());
  }

  /**
   * Whether the rule names a whole class: its legacy is a class name ({@code com.acme.Factory}), or, when no input
   * says what its legacy is, its sites name the members they use.
   */
  private static boolean isClassRule(String legacy, Collection<Verdict.Site> sites) {
    if (legacy != null) {
      try {
        return MemberRef.parse(legacy).isClass();
      } catch (IllegalArgumentException e) {
        return false; // not a member Sunset would write: judged as a method rule's, as before class rules
      }
    }
    return sites.stream().anyMatch(s -> s.member() != null);
  }

  /**
   * The use a Prometheus series of a class rule counts: its series names a site, not a use, so the one use known at
   * that site, or, with none or several there, a use the evidence does not say (its calls still count).
   */
  private static UseKey fleetUse(SiteKey site, Set<UseKey> known) {
    List<UseKey> there = known.stream().filter(k -> k.site().equals(site)).toList();
    return there.size() == 1 ? there.get(0) : new UseKey(site, null, null);
  }

  /**
   * A class rule's sites grouped by use and member, with their counts, in the order of {@link Use}; a package rule's
   * by class first (a member names its class first, {@code Factory.create()}), then so.
   */
  private static List<Verdict.MemberUse> uses(List<Verdict.Site> sites, boolean packageRule) {
    Comparator<List<Object>> byClass = Comparator.comparing(k -> packageRule ? MemberRef.classOfMember((String) k.get(1)) : "",
        Comparator.nullsLast(Comparator.naturalOrder()));
    Map<List<Object>, long[]> groups = new TreeMap<>(byClass
        .thenComparing((List<Object> k) -> (Use) k.get(0), Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(k -> (String) k.get(1), Comparator.nullsLast(Comparator.naturalOrder())));
    for (Verdict.Site s : sites) {
      long[] g = groups.computeIfAbsent(Arrays.asList(s.use(), s.member()), k -> new long[2]);
      g[0]++;
      g[1] = saturatedAdd(g[1], s.count());
    }
    List<Verdict.MemberUse> uses = new ArrayList<>();
    groups.forEach((k, g) -> uses.add(new Verdict.MemberUse((String) k.get(1), (Use) k.get(0),
        (int) Math.min(Integer.MAX_VALUE, g[0]), g[1])));
    return uses;
  }

  /**
   * A class rule's type references left (none ran, so none is counted): they keep it from being {@code migrated},
   * since the class does not compile away while it is named, and from being {@code dead}, since no count can show
   * that the code naming it never runs (an {@code instanceof} may run on every request; a {@code catch} guards code
   * that runs). Its verdict is {@code unknown}, saying so.
   */
  private static void typeReferences(String legacy, List<Verdict.Site> sites, List<Reason> why) {
    List<Verdict.Site> references = sites.stream().filter(s -> s.use() == Use.TYPE_REFERENCE).toList();
    if (references.isEmpty()) {
      return;
    }
    Verdict.Site first = references.get(0);
    long others = sites.size() - references.size();
    why.add(new Reason(Why.TYPE_REFERENCES_LEFT, Counted.of(references.size(), "type reference") + " to "
        + (legacy == null ? "the class" : legacy) + " left, such as " + first.className() + "." + first.method()
        + " (" + ScannedSite.location(first.file(), first.line()) + "): a type named in a signature, cast, instanceof,"
        + " class literal, array, catch or throws never runs, so no count can show the code naming it is dead, and "
        + (MemberRef.namesPackage(legacy) ? "a class of the package" : "the class") + " cannot be deleted while it is named; remove them"
        + (others == 0 ? "" : " and the " + Counted.of(others, "other use") + " (none seen running)")
        + ", then judge again"));
  }

  private static void staticReasons(Scan.Rule scanned, List<Reason> why) {
    if (scanned == null) {
      why.add(new Reason(Why.NOT_SCANNED, "the scanned artifacts were not searched for this rule (it is named only by "
          + "the run-time evidence): give it in --rules, or scan the artifacts that ship it"));
      return;
    }
    if (scanned.resolution() == null) {
      why.add(new Reason(Why.RESOLUTION_UNKNOWN, "the scan does not say where the rule resolved (a scan file "
          + "written by an older Sunset): scan the artifacts again"));
      return;
    }
    for (Scan.RefusedIn r : scanned.refusedIn()) {
      why.add(new Reason(Why.REFUSED, "refused in " + r.scope() + ": " + r.problem()
          + "; its call sites there were not looked for"));
    }
    if (scanned.refusedIn().isEmpty() && scanned.resolution() == RuleResolution.REFUSED) {
      why.add(new Reason(Why.REFUSED, "refused in the scanned artifacts: the legacy class is there but the rule "
          + "does not fit it; its call sites were not looked for"));
    } else if (scanned.resolution() == RuleResolution.UNRESOLVED) {
      why.add(new Reason(Why.UNRESOLVED, "no scanned artifact holds its legacy class "
          + (MemberRef.namesPackage(scanned.legacy()) ? "of package " : "") + ownerOf(scanned.legacy()) + ", so its call sites could not be looked for: scan the library's jar too, "
          + "or give it with --class-path"));
    }
  }

  private static void runtimeReasons(List<Report.Run> watching, FleetEvidence.RuleSeries series, int refusedIn,
      Coverage coverage, Verdict.Thresholds thresholds, List<Reason> why) {
    if (watching.isEmpty() && series == null) {
      why.add(new Reason(Why.NOT_WATCHED, refusedIn > 0
          ? "every JVM that had the rule refused it (" + refusedIn + "): none counted its calls"
          : "no report (and no Prometheus series) lists this rule with this legacy method: nothing says whether it "
              + "is called"));
      return;
    }
    if (coverage.days() < thresholds.minDays()) {
      why.add(new Reason(Why.TOO_FEW_DAYS, String.format(Locale.ROOT, "the run-time evidence covers %s days "
          + "(%s to %s); --min-days is %s", days(coverage.days()), coverage.from(), coverage.to(),
          days(thresholds.minDays()))));
    }
    if (coverage.jvms() < thresholds.minJvms()) {
      why.add(new Reason(Why.TOO_FEW_JVMS, String.format(Locale.ROOT, "%d JVM%s watched this rule; --min-jvms is %d",
          coverage.jvms(), coverage.jvms() == 1 ? "" : "s", thresholds.minJvms())));
    }
    if (series == null && !watching.isEmpty() && watching.stream().allMatch(Report.Run::attachedLate)) {
      why.add(new Reason(Why.LATE_ATTACH_ONLY, "every JVM that watched this rule had the agent attached while it ran:"
          + " calls made before the attach, such as at start-up, were not seen; run one with -javaagent"));
    }
  }

  static String days(double days) {
    return days == Math.rint(days) ? String.valueOf((long) days) : String.format(Locale.ROOT, "%.1f", days);
  }

  private static String ownerOf(String legacy) {
    if (legacy == null) {
      return "";
    }
    if (MemberRef.namesPackage(legacy)) {
      return legacy.substring(0, legacy.length() - 2);
    }
    int hash = legacy.indexOf('#');
    return hash < 0 ? legacy : legacy.substring(0, hash);
  }


  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null ? b : b == null || a.isBefore(b) ? a : b;
  }

  private static Instant latest(Instant a, Instant b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }

  /** How a run stood toward a rule. */
  private enum Watch {
    /** It had the rule with the same legacy method and did not refuse it: it counted its calls. */
    WATCHED,
    /** It had the rule but refused it: it counted nothing. */
    REFUSED,
    /** It did not have the rule, or had another legacy method under its id. */
    NOT_LISTED
  }

  /** The run-time evidence, indexed. */
  private static final class RunTimeEvidence {
    private final Report reports;
    private final FleetEvidence fleet;
    /** Every legacy member (normalized) each rule id was watched as, in any run. */
    private final Map<String, Set<String>> legaciesOf = new LinkedHashMap<>();
    private final Map<String, String> legacyText = new HashMap<>();

    RunTimeEvidence(Report reports, FleetEvidence fleet) {
      this.reports = reports;
      this.fleet = fleet;
      if (reports != null) {
        for (Report.Run run : reports.runs()) {
          for (Report.RunRule r : run.rules()) {
            Set<String> set = legaciesOf.computeIfAbsent(r.id(), k -> new LinkedHashSet<>());
            if (r.legacy() != null) {
              set.add(normalized(r.legacy()));
              legacyText.putIfAbsent(r.id(), r.legacy());
            }
          }
        }
        for (Report.Rule r : reports.rules()) {
          legaciesOf.computeIfAbsent(r.id(), k -> new LinkedHashSet<>());
          if (r.legacy() != null) {
            legaciesOf.get(r.id()).add(normalized(r.legacy()));
            legacyText.put(r.id(), r.legacy());
          }
        }
        for (Report.Site s : reports.callSites()) {
          legaciesOf.computeIfAbsent(s.rule(), k -> new LinkedHashSet<>());
        }
      }
      if (fleet != null) {
        fleet.rules().keySet().forEach(id -> legaciesOf.computeIfAbsent(id, k -> new LinkedHashSet<>()));
        fleet.sites().keySet().forEach(k -> legaciesOf.computeIfAbsent(k.rule(), x -> new LinkedHashSet<>()));
        fleet.unattributed().keySet().forEach(id -> legaciesOf.computeIfAbsent(id, k -> new LinkedHashSet<>()));
      }
    }

    static String normalized(String legacy) {
      return legacy.replaceAll("\\s+", "");
    }

    Set<String> ruleIds() {
      return legaciesOf.keySet();
    }

    String legacyOf(String id) {
      return legacyText.get(id);
    }

    /** The ids whose evidence is this rule's: its own, and those reports used for the same legacy method. */
    Set<String> idsOf(String id, String legacy) {
      Set<String> ids = new LinkedHashSet<>();
      ids.add(id);
      if (legacy != null) {
        String wanted = normalized(legacy);
        legaciesOf.forEach((other, legacies) -> {
          if (legacies.contains(wanted)) {
            ids.add(other);
          }
        });
      }
      return ids;
    }

    List<Report.Run> reportRuns() {
      return reports == null ? List.of() : reports.runs();
    }

    List<Report.Site> reportSites(Set<String> ids) {
      if (reports == null) {
        return List.of();
      }
      return reports.callSites().stream().filter(s -> ids.contains(s.rule())).toList();
    }

    Watch watch(Report.Run run, Set<String> ids, String legacy) {
      Watch answer = Watch.NOT_LISTED;
      for (Report.RunRule r : run.rules()) {
        if (!ids.contains(r.id())) {
          continue;
        }
        boolean same = legacy == null || r.legacy() == null || normalized(r.legacy()).equals(normalized(legacy));
        if (!same) {
          continue;
        }
        if (r.resolution() == RuleResolution.REFUSED) {
          answer = answer == Watch.NOT_LISTED ? Watch.REFUSED : answer;
        } else {
          return Watch.WATCHED;
        }
      }
      return answer;
    }

    Map<SiteKey, FleetEvidence.SiteCalls> fleetSites(String id) {
      Map<SiteKey, FleetEvidence.SiteCalls> out = new LinkedHashMap<>();
      if (fleet != null) {
        fleet.sites().forEach((k, v) -> {
          if (k.rule().equals(id)) {
            out.put(k, v);
          }
        });
      }
      return out;
    }

    long fleetUnattributed(String id) {
      return fleet == null ? 0 : fleet.unattributed().getOrDefault(id, 0L);
    }

    FleetEvidence.RuleSeries fleetRule(String id) {
      return fleet == null ? null : fleet.rules().get(id);
    }

    int fleetInstances() {
      return fleet == null ? 0 : fleet.rules().values().stream().mapToInt(FleetEvidence.RuleSeries::instances)
          .max().orElse(0);
    }

    Instant fleetEarliest() {
      return fleet == null ? null : fleet.rules().values().stream().map(FleetEvidence.RuleSeries::earliestSample)
          .filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
    }

    /**
     * The coverage of some runs and of Prometheus's instances together: as many JVMs as the larger of the two says
     * (the same JVMs may be in both), from the earliest watch to the latest.
     */
    Coverage coverage(List<Report.Run> runs, int fleetInstances, Instant fleetFrom, int refusedIn) {
      Instant from = fleetFrom;
      Instant to = fleetFrom == null ? null : fleet.queriedAt();
      int late = 0;
      int withoutExit = 0;
      int unknownStart = 0;
      for (Report.Run run : runs) {
        Instant start = run.watchedFrom();
        if (start == null) {
          unknownStart++;
          start = run.lastReportAt();
        }
        from = earliest(from, start);
        to = latest(to, run.lastReportAt());
        late += run.attachedLate() ? 1 : 0;
        withoutExit += run.exitReport() ? 0 : 1;
      }
      double days = from == null || to == null || to.isBefore(from) ? 0
          : Duration.between(from, to).toMillis() / 1000.0 / SECONDS_PER_DAY;
      return new Coverage(Math.max(runs.size(), fleetInstances), from, to, days, late, withoutExit, unknownStart,
          refusedIn);
    }

    /** A rewritten call site the reports name (of any rule) that the scan did not find, if any. */
    Optional<Report.Site> unscannedSite(Inventory inventory) {
      if (reports == null) {
        return Optional.empty();
      }
      for (Report.Site s : reports.callSites()) {
        if (s.via() == null && inventory.rules().containsKey(s.rule())
            && !inventory.sites().containsKey(s.useKey())) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }
  }
}
