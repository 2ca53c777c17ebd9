package dev.sunset.core.format;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Per rule, whether its legacy method (or, for a class rule, its legacy class) can be deleted
 * ({@value Formats#VERDICT}, written by {@code sunset verdict --format json}), with the evidence each answer rests on.
 *
 * @param generatedAt when it was written
 * @param evidence what the verdicts rest on, for all rules
 * @param rules one verdict per rule
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record Verdict(Instant generatedAt, Evidence evidence, List<RuleVerdict> rules) implements Document {
  /** A verdict; the list is copied. */
  public Verdict {
    Objects.requireNonNull(generatedAt, "generatedAt");
    Objects.requireNonNull(evidence, "evidence");
    rules = List.copyOf(rules);
  }

  /** What the evidence says of a rule. */
  public enum Kind {
    /**
     * No call site left in the artifacts, none seen at run time, and enough evidence: delete the legacy method. For a
     * class rule, no use of any kind left (type references included) and none seen: delete the class; for a package
     * rule, no use of any of its classes: delete the package.
     */
    MIGRATED("migrated"),
    /**
     * Call sites remain, none was called in enough evidence: delete them with their dead code, or migrate them. Never
     * for a class rule with a type reference left: nothing runs one, so no count can show its code is dead.
     */
    DEAD("dead"),
    /** Some call sites ran. */
    IN_USE("in-use"),
    /** Nothing was seen calling it, but the evidence cannot show that nothing does: {@code why} says what is missing. */
    UNKNOWN("unknown");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    /** The name the format uses. */
    public String id() {
      return id;
    }

    /** The kind of that name, or null. */
    public static Kind parse(String id) {
      for (Kind k : values()) {
        if (k.id.equals(id)) {
          return k;
        }
      }
      return null;
    }
  }

  /** Why a rule's verdict is {@link Kind#UNKNOWN}: one of these per missing piece of evidence. */
  public enum Why {
    /** The scan did not look for the rule: it was seen only in reports. */
    NOT_SCANNED("not-scanned"),
    /** No scanned artifact holds the rule's legacy class, so its call sites there could not be found. */
    UNRESOLVED("unresolved"),
    /** A scanned artifact holds the legacy class, but the rule does not fit it: its call sites there were not looked for. */
    REFUSED("refused"),
    /** The scan file does not say where the rule resolved. */
    RESOLUTION_UNKNOWN("resolution-unknown"),
    /** No report or Prometheus series watched the rule: nothing says whether it was called. */
    NOT_WATCHED("not-watched"),
    /** The run-time evidence covers fewer days than asked for ({@code --min-days}). */
    TOO_FEW_DAYS("too-few-days"),
    /** Fewer JVMs watched the rule than asked for ({@code --min-jvms}). */
    TOO_FEW_JVMS("too-few-jvms"),
    /** Every JVM that watched the rule had the agent attached late: calls before the attach were not seen. */
    LATE_ATTACH_ONLY("late-attach-only"),
    /** The reports name call sites the scan did not find: the scan does not cover all the code that ran. */
    SCAN_INCOMPLETE("scan-incomplete"),
    /**
     * A class rule's class is still named by type references (a signature, a cast, {@code instanceof}, a class literal,
     * an array, a {@code catch}, a {@code throws}): none runs, so no run-time count can show the code holding them is
     * dead, and the class cannot be deleted while they are there.
     */
    TYPE_REFERENCES_LEFT("type-references-left"),
    /**
     * A class rule's class declares methods that rules of their own (method rules, which take those methods from the
     * class rule) do not find migrated: call sites are left or calls were seen there, or the evidence does not show
     * it. The class goes with its methods, so not before them.
     */
    MEMBER_RULES_LEFT("member-rules-left");

    private final String id;

    Why(String id) {
      this.id = id;
    }

    /** The name the format uses. */
    public String id() {
      return id;
    }

    /** The value of that name, or null. */
    public static Why parse(String id) {
      for (Why w : values()) {
        if (w.id.equals(id)) {
          return w;
        }
      }
      return null;
    }
  }

  /**
   * One reason a verdict is unknown.
   *
   * @param code what is missing
   * @param detail the same for people, with the figures: {@code the evidence covers 0.3 days; --min-days is 14}
   */
  public record Reason(Why code, String detail) {}

  /**
   * The thresholds below which {@code dead} and {@code migrated} are {@code unknown}.
   *
   * @param minDays the fewest days the run-time evidence must cover
   * @param minJvms the fewest JVMs that must have watched a rule
   */
  public record Thresholds(double minDays, int minJvms) {}

  /**
   * How much run-time evidence there is (for all rules, or for one).
   *
   * @param jvms how many JVM runs (or Prometheus instances) watched
   * @param from the earliest time they watched from, or null when none says
   * @param to the latest time they watched until, or null
   * @param days the span from {@code from} to {@code to}, in days
   * @param lateAttachedJvms runs whose agent was attached late (calls before the attach not seen)
   * @param jvmsWithoutExitReport runs whose last report read is not their exit report (killed, or still running):
   *     calls after it are not in the evidence
   * @param jvmsOfUnknownStart runs whose report does not say when they started (older agents)
   * @param refusedInJvms runs where the rule did not fit and so was not watched (for a rule; 0 for all rules)
   */
  public record Coverage(int jvms, Instant from, Instant to, double days, int lateAttachedJvms,
      int jvmsWithoutExitReport, int jvmsOfUnknownStart, int refusedInJvms) {}

  /**
   * A report a verdict read.
   *
   * @param file the file as given
   * @param generatedAt when it was written
   * @param runs how many JVM runs it counts
   */
  public record ReportInput(String file, Instant generatedAt, int runs) {}

  /**
   * What all the verdicts rest on.
   *
   * @param scan the artifacts or scan files given to {@code --scan}
   * @param artifacts the artifacts scanned for call sites (those the scan files name included)
   * @param classPath the paths read only to resolve rules
   * @param reports the reports read
   * @param prometheus the Prometheus queried, or null
   * @param window the window of the Prometheus queries, or null
   * @param thresholds the thresholds applied
   * @param coverage the run-time evidence of all rules together
   */
  public record Evidence(List<String> scan, List<String> artifacts, List<String> classPath,
      List<ReportInput> reports, String prometheus, String window, Thresholds thresholds, Coverage coverage) {
    /** Evidence; the lists are copied. */
    public Evidence {
      scan = List.copyOf(scan);
      artifacts = List.copyOf(artifacts);
      classPath = List.copyOf(classPath);
      reports = List.copyOf(reports);
    }
  }

  /**
   * A site in a verdict.
   *
   * @param className the calling class
   * @param method the calling method
   * @param descriptor its descriptor, or null
   * @param line the line, or 0
   * @param file the source file, or null
   * @param codeSource the jar or folder of the calling class, or null
   * @param count calls seen
   * @param inArtifacts whether the scan found it (false: only the run-time evidence names it)
   * @param firstCallAt the earliest first call seen, or null
   * @param lastSeenAt the latest report time at which its count had grown, or null
   * @param via how calls reached the legacy method when no rewritten instruction covers them, or null
   * @param methodReference whether it is a method reference
   * @param calledThrough the subtype the call names, or null
   * @param use how the site uses the legacy API (a call for every method rule's site); null for a class rule's site
   *     whose use the evidence does not say (a Prometheus series names a line, not a use)
   * @param member for a class rule's site, the member it uses ({@code <init>(int)}, a field's name, {@code <class>});
   *     null for a method rule's, or where the evidence does not say
   */
  public record Site(String className, String method, String descriptor, int line, String file, String codeSource,
      long count, boolean inArtifacts, Instant firstCallAt, Instant lastSeenAt, Via via, boolean methodReference,
      String calledThrough, Use use, String member) {
    /** A method rule's call site. */
    public Site(String className, String method, String descriptor, int line, String file, String codeSource,
        long count, boolean inArtifacts, Instant firstCallAt, Instant lastSeenAt, Via via, boolean methodReference,
        String calledThrough) {
      this(className, method, descriptor, line, file, codeSource, count, inArtifacts, firstCallAt, lastSeenAt, via,
          methodReference, calledThrough, Use.CALL, null);
    }
  }

  /**
   * A class rule's sites of one use of one member, counted: {@code new <init>() 2 sites, 6 calls}.
   *
   * @param member the member used, or null where the evidence does not say
   * @param use how it is used, or null where the evidence does not say
   * @param sites how many sites use it so
   * @param calls the calls and uses counted at those sites (0 for type references, which never run)
   */
  public record MemberUse(String member, Use use, int sites, long calls) {}

  /**
   * One rule's verdict.
   *
   * @param id the rule id
   * @param legacy the legacy member, or null when no input says
   * @param verdict the verdict
   * @param calls every call seen
   * @param unattributedCalls calls seen on no named site (Prometheus's overflow series)
   * @param why for {@link Kind#UNKNOWN}: what is missing (empty otherwise)
   * @param resolution how far the rule resolved in the scanned artifacts, or null when not scanned
   * @param resolvedIn the scopes it resolved in
   * @param refusedIn the scopes that hold its legacy class but where it does not fit
   * @param evidence the run-time evidence that watched this rule
   * @param watchedAs other rule ids under which reports watched the same legacy method (a renamed rule)
   * @param firstCallAt the earliest call seen, or null
   * @param lastCallSeenAt the latest report time at which a count of this rule had grown, or null
   * @param sites its call sites, the most called first
   * @param classRule whether the rule names a whole class ({@code legacy: com.acme.Factory}) or package ({@code
   *     legacy: com.acme.legacy.*}): its verdict is about deleting the class or package, and its sites are every use of
   *     it (a package rule's members name their class first, {@code Factory.create()})
   * @param uses for a class rule, its sites grouped by member and use, in the order of {@link Use}; for a package
   *     rule, by class first; empty for a method rule
   */
  public record RuleVerdict(String id, String legacy, Kind verdict, long calls, long unattributedCalls,
      List<Reason> why, RuleResolution resolution, List<Scan.ResolvedIn> resolvedIn, List<Scan.RefusedIn> refusedIn,
      Coverage evidence, List<String> watchedAs, Instant firstCallAt, Instant lastCallSeenAt, List<Site> sites,
      boolean classRule, List<MemberUse> uses) {
    /** A verdict; the lists are copied. */
    public RuleVerdict {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(verdict, "verdict");
      why = List.copyOf(why);
      resolvedIn = List.copyOf(resolvedIn);
      refusedIn = List.copyOf(refusedIn);
      watchedAs = List.copyOf(watchedAs);
      sites = List.copyOf(sites);
      uses = List.copyOf(uses);
    }

    /** A method rule's verdict. */
    public RuleVerdict(String id, String legacy, Kind verdict, long calls, long unattributedCalls,
        List<Reason> why, RuleResolution resolution, List<Scan.ResolvedIn> resolvedIn, List<Scan.RefusedIn> refusedIn,
        Coverage evidence, List<String> watchedAs, Instant firstCallAt, Instant lastCallSeenAt, List<Site> sites) {
      this(id, legacy, verdict, calls, unattributedCalls, why, resolution, resolvedIn, refusedIn, evidence, watchedAs,
          firstCallAt, lastCallSeenAt, sites, false, List.of());
    }
  }

  /**
   * Reads a verdict.
   *
   * @throws FormatException naming the file and what is wrong, in one line
   */
  public static Verdict read(Path file) throws FormatException {
    return Node.read(file, Verdict::from);
  }

  /**
   * A verdict from its JSON text.
   *
   * @param source what the text came from, for messages
   * @throws FormatException naming the source and what is wrong, in one line
   */
  public static Verdict parse(String text, String source) throws FormatException {
    return Node.parse(text, source, Verdict::from);
  }

  static Verdict from(Node root) throws FormatException {
    root.requireFormat(Formats.VERDICT, "a verdict written by verdict --format json");
    Node e = root.field("evidence");
    List<ReportInput> reports = new ArrayList<>();
    for (Node r : e.field("reports").list(false)) {
      if (r.isMissing()) {
        continue;
      }
      // sunset-verdict/1 first listed report paths as strings; later as objects
      reports.add(isText(r) ? new ReportInput(r.text(), null, 0)
          : new ReportInput(r.field("file").text(), r.field("generatedAt").instantOrNull(),
              (int) Math.min(Integer.MAX_VALUE, r.field("runs").countOrNullAsZero())));
    }
    Node t = e.field("thresholds");
    Thresholds thresholds = t.isMissing() ? null
        : new Thresholds(t.field("minDays").decimal(), (int) Math.min(Integer.MAX_VALUE, t.field("minJvms").count()));
    Evidence evidence = new Evidence(e.field("scan").texts(), e.field("artifacts").texts(),
        e.field("classPath").texts(), reports, e.field("prometheus").textOrNull(), e.field("window").textOrNull(),
        thresholds, coverage(e.field("coverage")));
    List<RuleVerdict> rules = new ArrayList<>();
    for (Node r : root.field("rules").list(true)) {
      List<Reason> why = new ArrayList<>();
      for (Node w : r.field("why").list(false)) {
        why.add(new Reason(w.field("code").named(Why::parse, "a reason code"), w.field("detail").textOrNull()));
      }
      List<Scan.ResolvedIn> in = new ArrayList<>();
      for (Node w : r.field("resolvedIn").list(false)) {
        in.add(new Scan.ResolvedIn(w.field("scope").textOrNull(), w.field("codeSource").textOrNull()));
      }
      List<Scan.RefusedIn> refused = new ArrayList<>();
      for (Node w : r.field("refusedIn").list(false)) {
        refused.add(new Scan.RefusedIn(w.field("scope").textOrNull(), w.field("problem").textOrNull()));
      }
      boolean classRule = r.field("classRule").flag();
      List<Site> sites = new ArrayList<>();
      for (Node s : r.field("sites").list(false)) {
        // a class rule's site names its use, a call included; one without says the evidence did not tell
        Use use = s.field("use").namedOrNull(Use::parse, USES);
        sites.add(new Site(s.field("class").text(), s.field("method").text(), s.field("descriptor").textOrNull(),
            s.field("line").lineOrZero(), s.field("file").textOrNull(), s.field("codeSource").textOrNull(),
            s.field("count").count(), s.field("inArtifacts").flag(), s.field("firstCallAt").instantOrNull(),
            s.field("lastSeenAt").instantOrNull(),
            s.field("via").namedOrNull(Via::parse, "reflection, method-handle, method-reference or unrewritten"),
            s.field("methodReference").flag(), s.field("calledThrough").textOrNull(),
            use == null && !classRule ? Use.CALL : use, s.field("member").textOrNull()));
      }
      List<MemberUse> uses = new ArrayList<>();
      for (Node u : r.field("uses").list(false)) {
        uses.add(new MemberUse(u.field("member").textOrNull(), u.field("use").namedOrNull(Use::parse, USES),
            (int) Math.min(Integer.MAX_VALUE, u.field("sites").count()), u.field("calls").count()));
      }
      Long unattributed = r.field("unattributedCalls").countOrNull();
      rules.add(new RuleVerdict(r.field("id").text(), r.field("legacy").textOrNull(),
          r.field("verdict").named(Kind::parse, "migrated, dead, in-use or unknown"), r.field("calls").count(),
          unattributed == null ? 0 : unattributed, why,
          r.field("resolution").namedOrNull(RuleResolution::parse, "resolved, refused or unresolved"), in, refused,
          coverage(r.field("evidence")), r.field("watchedAs").texts(), r.field("firstCallAt").instantOrNull(),
          r.field("lastCallSeenAt").instantOrNull(), sites, classRule, uses));
    }
    return new Verdict(root.field("generatedAt").instant(), evidence, rules);
  }

  private static final String USES = "call, new, field-read, field-write, subclass, class-lookup or type-reference";

  private static boolean isText(Node n) {
    try {
      n.text();
      return true;
    } catch (FormatException e) {
      return false;
    }
  }

  private static Coverage coverage(Node c) throws FormatException {
    if (c.isMissing()) {
      return null;
    }
    return new Coverage(small(c, "jvms"), c.field("from").instantOrNull(), c.field("to").instantOrNull(),
        c.field("days").decimal(), small(c, "lateAttachedJvms"), small(c, "jvmsWithoutExitReport"),
        small(c, "jvmsOfUnknownStart"), small(c, "refusedInJvms"));
  }

  private static int small(Node n, String field) throws FormatException {
    return (int) Math.min(Integer.MAX_VALUE, n.field(field).countOrNullAsZero());
  }

  /** The verdict as pretty-printed JSON text ({@value Formats#VERDICT}). */
  public String toJson() {
    JsonOut root = new JsonOut().put("format", Formats.VERDICT).put("generatedAt", generatedAt);
    List<JsonOut> reports = new ArrayList<>();
    for (ReportInput r : evidence.reports()) {
      reports.add(new JsonOut().put("file", r.file()).put("generatedAt", r.generatedAt()).put("runs", r.runs()));
    }
    JsonOut e = new JsonOut().put("scan", evidence.scan()).put("artifacts", evidence.artifacts())
        .put("classPath", evidence.classPath()).put("reports", reports).put("prometheus", evidence.prometheus())
        .put("window", evidence.window());
    if (evidence.thresholds() != null) {
      e.put("thresholds", new JsonOut().put("minDays", evidence.thresholds().minDays())
          .put("minJvms", evidence.thresholds().minJvms()));
    }
    e.put("coverage", coverage(evidence.coverage()));
    root.put("evidence", e);
    List<JsonOut> rules = new ArrayList<>();
    for (RuleVerdict v : this.rules) {
      JsonOut r = new JsonOut().put("id", v.id()).put("legacy", v.legacy()).flag("classRule", v.classRule())
          .put("verdict", v.verdict().id()).put("calls", v.calls());
      if (v.unattributedCalls() > 0) {
        r.put("unattributedCalls", v.unattributedCalls());
      }
      List<JsonOut> why = new ArrayList<>();
      for (Reason w : v.why()) {
        why.add(new JsonOut().put("code", w.code().id()).put("detail", w.detail()));
      }
      r.put("why", why);
      r.put("resolution", v.resolution() == null ? null : v.resolution().id());
      List<JsonOut> in = new ArrayList<>();
      for (Scan.ResolvedIn w : v.resolvedIn()) {
        in.add(new JsonOut().put("scope", w.scope()).put("codeSource", w.codeSource()));
      }
      r.put("resolvedIn", in);
      if (!v.refusedIn().isEmpty()) {
        List<JsonOut> refused = new ArrayList<>();
        for (Scan.RefusedIn w : v.refusedIn()) {
          refused.add(new JsonOut().put("scope", w.scope()).put("problem", w.problem()));
        }
        r.put("refusedIn", refused);
      }
      r.put("evidence", coverage(v.evidence()));
      if (!v.watchedAs().isEmpty()) {
        r.put("watchedAs", v.watchedAs());
      }
      r.put("firstCallAt", v.firstCallAt()).put("lastCallSeenAt", v.lastCallSeenAt());
      if (v.classRule()) {
        List<JsonOut> uses = new ArrayList<>();
        for (MemberUse u : v.uses()) {
          uses.add(new JsonOut().put("member", u.member()).put("use", u.use() == null ? null : u.use().id())
              .put("sites", u.sites()).put("calls", u.calls()));
        }
        r.put("uses", uses);
      }
      List<JsonOut> sites = new ArrayList<>();
      for (Site s : v.sites()) {
        sites.add(new JsonOut().put("class", s.className()).put("method", s.method())
            .put("descriptor", s.descriptor()).put("line", s.line()).put("file", s.file())
            .put("codeSource", s.codeSource()).put("count", s.count()).put("inArtifacts", s.inArtifacts())
            .put("firstCallAt", s.firstCallAt()).put("lastSeenAt", s.lastSeenAt())
            .put("via", s.via() == null ? null : s.via().id()).flag("methodReference", s.methodReference())
            .put("calledThrough", s.calledThrough())
            .put("use", s.use() == null || !v.classRule() && s.use() == Use.CALL ? null : s.use().id())
            .put("member", s.member()));
      }
      r.put("sites", sites);
      rules.add(r);
    }
    root.put("rules", rules);
    return root.text();
  }

  private static JsonOut coverage(Coverage c) {
    if (c == null) {
      return null;
    }
    return new JsonOut().put("jvms", c.jvms()).put("from", c.from()).put("to", c.to())
        .put("days", Math.round(c.days() * 1000) / 1000.0).put("lateAttachedJvms", c.lateAttachedJvms())
        .put("jvmsWithoutExitReport", c.jvmsWithoutExitReport()).put("jvmsOfUnknownStart", c.jvmsOfUnknownStart())
        .put("refusedInJvms", c.refusedInJvms());
  }
}
