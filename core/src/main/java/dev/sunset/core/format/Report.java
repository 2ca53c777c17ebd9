package dev.sunset.core.format;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.sunset.core.report.SiteKey;
import dev.sunset.core.report.UseKey;
import dev.sunset.core.rules.Stage;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * An agent report ({@value Formats#REPORT}): the rules a JVM ran with and every call site of them in its loaded
 * classes, with exact counts; or several such reports merged ({@code sunset merge}), which is a report too.
 *
 * @param generatedAt when it was written
 * @param runs the JVM runs whose calls it counts: one for an agent's report, every input's for a merged one
 * @param rules the rules in force, with their stage and where they resolved
 * @param callSites every call site, rewritten or caught at the legacy method, with its counts
 * @param mergedFrom the reports a merged report was made from (empty for an agent's report)
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record Report(Instant generatedAt, List<Run> runs, List<Rule> rules, List<Site> callSites,
    List<MergedFrom> mergedFrom) implements Document {
  /** A report; the lists are copied. */
  public Report {
    Objects.requireNonNull(generatedAt, "generatedAt");
    runs = List.copyOf(runs);
    rules = List.copyOf(rules);
    callSites = List.copyOf(callSites);
    mergedFrom = List.copyOf(mergedFrom);
  }

  /**
   * One JVM run whose calls a report counts.
   *
   * @param id what identifies the run across its periodic reports, or null for a report written by an agent that
   *     did not say (each such report is then taken for a run of its own)
   * @param pid the process id, or null when not known
   * @param jvmStartedAt when the JVM started, or null when not known
   * @param agentStartedAt when the agent started (at premain, or when attached), or null when not known
   * @param attachedLate whether the agent was attached to the running JVM (calls before that were not seen)
   * @param lastReportAt when the run last wrote a report among those read
   * @param exitReport whether that report was written at exit, after the application's own shutdown hooks ran
   *     (false when the JVM was killed, or still runs)
   * @param rules the rules the run looked for, with how each resolved in it
   */
  public record Run(String id, Long pid, Instant jvmStartedAt, Instant agentStartedAt, boolean attachedLate,
      Instant lastReportAt, boolean exitReport, List<RunRule> rules) {
    /** A run; the list is copied. */
    public Run {
      Objects.requireNonNull(lastReportAt, "lastReportAt");
      rules = List.copyOf(rules);
    }

    /**
     * When this run began to count calls: when the agent started, or else when the JVM did; null when the report
     * does not say.
     */
    public Instant watchedFrom() {
      return agentStartedAt != null ? agentStartedAt : jvmStartedAt;
    }

    /** The run's rule with this id, or null. */
    public RunRule rule(String ruleId) {
      for (RunRule r : rules) {
        if (r.id().equals(ruleId)) {
          return r;
        }
      }
      return null;
    }
  }

  /**
   * A rule as one run had it.
   *
   * @param id the rule id
   * @param legacy the legacy member as written, or null
   * @param resolution how far it resolved in that run, or null when the report does not say
   */
  public record RunRule(String id, String legacy, RuleResolution resolution) {}

  /**
   * A rule entry.
   *
   * @param id the rule id
   * @param legacy the legacy member as written
   * @param replacement the replacement as written, or null
   * @param stage the stage in force when the report was written (its schedule applied), or null
   * @param configuredStage the stage its file sets, or null
   * @param message the rule's message (may be empty), or null
   * @param source the rules file it came from, or null
   * @param line its line in that file (0 when not known)
   * @param resolution how far it resolved, or null when the report does not say
   * @param resolvedIn the class loaders (and the jar of the legacy class) it resolved in
   * @param schedule the dates from which it moves to a later stage
   * @param withoutCounterpart for a class rule with an adapter class, the members of its class that have no
   *     counterpart there, as people read them ({@code <init>(int)}, {@code describe()}, {@code name (set)}): their uses
   *     stay at {@code observe} while the rule redirects; empty otherwise
   */
  public record Rule(String id, String legacy, String replacement, Stage stage, Stage configuredStage,
      String message, String source, int line, RuleResolution resolution, List<ResolvedIn> resolvedIn,
      Map<Stage, LocalDate> schedule, List<String> withoutCounterpart) {
    /** A rule; the lists and map are copied. */
    public Rule {
      Objects.requireNonNull(id, "id");
      resolvedIn = List.copyOf(resolvedIn);
      schedule = Collections.unmodifiableMap(schedule.isEmpty() ? new EnumMap<>(Stage.class) : new EnumMap<>(schedule));
      withoutCounterpart = withoutCounterpart == null ? List.of() : List.copyOf(withoutCounterpart);
    }

    /** A rule that redirects no class through an adapter (as reports were before class redirects). */
    public Rule(String id, String legacy, String replacement, Stage stage, Stage configuredStage, String message,
        String source, int line, RuleResolution resolution, List<ResolvedIn> resolvedIn, Map<Stage, LocalDate> schedule) {
      this(id, legacy, replacement, stage, configuredStage, message, source, line, resolution, resolvedIn, schedule,
          List.of());
    }
  }

  /**
   * Where a rule resolved in a JVM.
   *
   * @param loader the class loader, as the agent names it ({@code app}, {@code 'plugin' @2530c12})
   * @param codeSource the jar or folder of the legacy class there
   */
  public record ResolvedIn(String loader, String codeSource) {}

  /**
   * A call site.
   *
   * @param rule the rule id
   * @param className the calling class's binary name
   * @param method the calling method
   * @param descriptor the calling method's descriptor, or null
   * @param file the source file the class names, or null
   * @param line the line, or 0 when not known
   * @param codeSource where the calling class was loaded from, or null
   * @param count every call counted
   * @param stage the stage the site runs at now, or null when its rule is gone
   * @param countsByStage calls by the stage they ran at
   * @param firstCallAt when it was first called, or null when never
   * @param lastSeenAt the latest report time at which its count had grown, when a merge knows it; else null
   * @param methodReference whether it is a method reference ({@code Legacy::create})
   * @param via how calls reached the legacy method when no rewritten instruction covers them, or null
   * @param calledThrough the subtype the call names when it reaches an inherited legacy method, or null
   * @param codeSources every code source the site was seen in, when a merge saw more than one; else empty
   * @param use how the site uses the legacy API ({@code use}, written only when not a call)
   * @param member for a class rule's site, the member it uses ({@code create(java.lang.String)}, {@code <init>(int)},
   *     a field's name, {@code <class>}); for a package rule's, its class first ({@code Factory.create(java.lang.String)},
   *     {@code Factory$Builder.<init>()}); null for a method rule's
   * @param rolledBackAt when the site fell back from redirecting to {@code observe} on its own (its rule's
   *     {@code rollback}), while it stays there; else null
   * @param rollbackReason why it did, in one line ({@code 7 of 120 redirected calls (5.8%) threw within 10s}); null
   *     when it did not
   */
  public record Site(String rule, String className, String method, String descriptor, String file, int line,
      String codeSource, long count, Stage stage, Map<Stage, Long> countsByStage, Instant firstCallAt,
      Instant lastSeenAt, boolean methodReference, Via via, String calledThrough, List<String> codeSources, Use use,
      String member, Instant rolledBackAt, String rollbackReason) {
    /** A site; the map and list are copied. */
    public Site {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(className, "className");
      Objects.requireNonNull(method, "method");
      countsByStage = Collections.unmodifiableMap(countsByStage.isEmpty() ? new EnumMap<>(Stage.class)
          : new EnumMap<>(countsByStage));
      codeSources = List.copyOf(codeSources);
      use = use == null ? Use.CALL : use;
    }

    /** A site that has not rolled back (as reports were before rollbacks). */
    public Site(String rule, String className, String method, String descriptor, String file, int line,
        String codeSource, long count, Stage stage, Map<Stage, Long> countsByStage, Instant firstCallAt,
        Instant lastSeenAt, boolean methodReference, Via via, String calledThrough, List<String> codeSources, Use use,
        String member) {
      this(rule, className, method, descriptor, file, line, codeSource, count, stage, countsByStage, firstCallAt,
          lastSeenAt, methodReference, via, calledThrough, codeSources, use, member, null, null);
    }

    /** A method rule's call site. */
    public Site(String rule, String className, String method, String descriptor, String file, int line,
        String codeSource, long count, Stage stage, Map<Stage, Long> countsByStage, Instant firstCallAt,
        Instant lastSeenAt, boolean methodReference, Via via, String calledThrough, List<String> codeSources) {
      this(rule, className, method, descriptor, file, line, codeSource, count, stage, countsByStage, firstCallAt,
          lastSeenAt, methodReference, via, calledThrough, codeSources, Use.CALL, null, null, null);
    }

    /** The key reports, scans and baselines are matched on. */
    public SiteKey key() {
      return new SiteKey(rule, className, method, line);
    }

    /** The key that also tells apart a class rule's uses on one line: the site key, the use and the member. */
    public UseKey useKey() {
      return new UseKey(key(), use, member);
    }
  }

  /**
   * An input of a merged report.
   *
   * @param file the file as given to {@code merge}
   * @param generatedAt when that report was written
   */
  public record MergedFrom(String file, Instant generatedAt) {}

  /**
   * Reads a report.
   *
   * @throws FormatException naming the file and what is wrong, in one line
   */
  public static Report read(Path file) throws FormatException {
    return Node.read(file, Report::from);
  }

  /**
   * A report from its JSON text.
   *
   * @param source what the text came from, for messages
   * @throws FormatException naming the source and what is wrong, in one line
   */
  public static Report parse(String text, String source) throws FormatException {
    return Node.parse(text, source, Report::from);
  }

  /** What a report says it is: {@value Formats#REPORT}, for messages. */
  static final String WHAT = "an agent report";

  static Report from(Node root) throws FormatException {
    root.requireFormat(Formats.REPORT, WHAT);
    Instant generatedAt = root.field("generatedAt").instant();
    List<Rule> rules = new ArrayList<>();
    for (Node r : root.field("rules").list(true)) {
      rules.add(rule(r));
    }
    List<Site> sites = new ArrayList<>();
    for (Node s : root.field("callSites").list(true)) {
      sites.add(site(s));
    }
    List<Run> runs = runs(root.field("runs").list(false), generatedAt, rules);
    List<MergedFrom> from = new ArrayList<>();
    for (Node m : root.field("mergedFrom").list(false)) {
      from.add(mergedFrom(m));
    }
    return new Report(generatedAt, runs, rules, sites, from);
  }

  /**
   * The runs a report lists, each with the report's own rules where it lists none; one that says nothing of itself
   * where the report lists none (written before reports named their runs).
   */
  static List<Run> runs(List<Node> listed, Instant generatedAt, List<Rule> rules) throws FormatException {
    List<RunRule> topLevel = new ArrayList<>();
    for (Rule r : rules) {
      topLevel.add(new RunRule(r.id(), r.legacy(), r.resolution()));
    }
    List<Run> runs = new ArrayList<>();
    for (Node r : listed) {
      runs.add(run(r, generatedAt, topLevel));
    }
    if (runs.isEmpty()) {
      runs.add(new Run(null, null, null, null, false, generatedAt, false, topLevel));
    }
    return runs;
  }

  static MergedFrom mergedFrom(Node m) throws FormatException {
    return new MergedFrom(m.field("file").text(), m.field("generatedAt").instant());
  }

  private static Run run(Node r, Instant generatedAt, List<RunRule> topLevel) throws FormatException {
    List<RunRule> rules = topLevel;
    Node listed = r.field("rules");
    if (!listed.isMissing()) {
      rules = new ArrayList<>();
      for (Node rr : listed.list(true)) {
        rules.add(new RunRule(rr.field("id").text(), rr.field("legacy").textOrNull(),
            rr.field("resolution").namedOrNull(RuleResolution::parse, "resolved, refused or unresolved")));
      }
    }
    Instant last = r.field("lastReportAt").instantOrNull();
    return new Run(r.field("id").textOrNull(), r.field("pid").countOrNull(), r.field("jvmStartedAt").instantOrNull(),
        r.field("agentStartedAt").instantOrNull(), r.field("attachedLate").flag(), last == null ? generatedAt : last,
        r.field("exitReport").flag(), rules);
  }

  static Rule rule(Node r) throws FormatException {
    List<ResolvedIn> in = new ArrayList<>();
    for (Node w : r.field("resolvedIn").list(false)) {
      in.add(new ResolvedIn(w.field("loader").textOrNull(), w.field("codeSource").textOrNull()));
    }
    Map<Stage, LocalDate> schedule = new EnumMap<>(Stage.class);
    for (Map.Entry<String, Node> e : r.field("schedule").entries().entrySet()) {
      Stage s = Stage.parse(e.getKey());
      if (s == null) {
        throw e.getValue().problem("is not under a stage (observe, redirect, warn or deny)");
      }
      schedule.put(s, e.getValue().date());
    }
    return new Rule(r.field("id").text(), r.field("legacy").textOrNull(), r.field("replacement").textOrNull(),
        r.field("stage").stageOrNull(), r.field("configuredStage").stageOrNull(), r.field("message").textOrNull(),
        r.field("source").textOrNull(), r.field("line").lineOrZero(),
        r.field("resolution").namedOrNull(RuleResolution::parse, "resolved, refused or unresolved"), in, schedule,
        r.field("withoutCounterpart").texts());
  }

  static Site site(Node s) throws FormatException {
    Map<Stage, Long> byStage = new EnumMap<>(Stage.class);
    for (Map.Entry<String, Node> e : s.field("countsByStage").entries().entrySet()) {
      Stage stage = Node.stage(e.getKey());
      if (stage == null) {
        throw e.getValue().problem("is not under a stage (observe, redirect, warn or deny)");
      }
      byStage.put(stage, e.getValue().count());
    }
    return new Site(s.field("rule").text(), s.field("class").text(), s.field("method").text(),
        s.field("descriptor").textOrNull(), s.field("file").textOrNull(), s.field("line").line(),
        s.field("codeSource").textOrNull(), s.field("count").count(), s.field("stage").stageOrNull(), byStage,
        s.field("firstCallAt").instantOrNull(), s.field("lastSeenAt").instantOrNull(),
        s.field("methodReference").flag(),
        s.field("via").namedOrNull(Via::parse, "reflection, method-handle, method-reference or unrewritten"),
        s.field("calledThrough").textOrNull(), s.field("codeSources").texts(), use(s), s.field("member").textOrNull(),
        s.field("rolledBackAt").instantOrNull(), s.field("rollbackReason").textOrNull());
  }

  /** A site's {@code use}: a call when it has none. */
  static Use use(Node site) throws FormatException {
    Use use = site.field("use").namedOrNull(Use::parse,
        "call, new, field-read, field-write, subclass, class-lookup or type-reference");
    return use == null ? Use.CALL : use;
  }

  /** The report as pretty-printed JSON text ({@value Formats#REPORT}). */
  public String toJson() {
    JsonOut root = new JsonOut().put("format", Formats.REPORT).put("generatedAt", generatedAt);
    List<JsonOut> runList = new ArrayList<>();
    List<RunRule> topLevel = new ArrayList<>();
    for (Rule r : rules) {
      topLevel.add(new RunRule(r.id(), r.legacy(), r.resolution()));
    }
    for (Run run : runs) {
      JsonOut o = new JsonOut().put("id", run.id()).put("pid", run.pid()).put("jvmStartedAt", run.jvmStartedAt())
          .put("agentStartedAt", run.agentStartedAt()).put("attachedLate", run.attachedLate())
          .put("lastReportAt", run.lastReportAt()).put("exitReport", run.exitReport());
      if (!run.rules().equals(topLevel)) {
        List<JsonOut> rr = new ArrayList<>();
        for (RunRule r : run.rules()) {
          rr.add(new JsonOut().put("id", r.id()).put("legacy", r.legacy())
              .put("resolution", r.resolution() == null ? null : r.resolution().id()));
        }
        o.put("rules", rr);
      }
      runList.add(o);
    }
    root.put("runs", runList);
    List<JsonOut> ruleList = new ArrayList<>();
    for (Rule r : rules) {
      List<JsonOut> in = new ArrayList<>();
      for (ResolvedIn w : r.resolvedIn()) {
        in.add(new JsonOut().put("loader", w.loader()).put("codeSource", w.codeSource()));
      }
      JsonOut o = new JsonOut().put("id", r.id()).put("legacy", r.legacy()).put("replacement", r.replacement())
          .put("stage", id(r.stage())).put("configuredStage", id(r.configuredStage())).put("message", r.message())
          .put("source", r.source()).put("line", r.line())
          .put("resolution", r.resolution() == null ? null : r.resolution().id()).put("resolvedIn", in);
      if (!r.schedule().isEmpty()) {
        Map<String, Object> schedule = new LinkedHashMap<>();
        r.schedule().forEach((s, d) -> schedule.put(s.id(), d.toString()));
        o.put("schedule", schedule);
      }
      if (!r.withoutCounterpart().isEmpty()) {
        o.put("withoutCounterpart", r.withoutCounterpart());
      }
      ruleList.add(o);
    }
    root.put("rules", ruleList);
    List<JsonOut> siteList = new ArrayList<>(callSites.size());
    for (Site s : callSites) {
      Map<String, Object> byStage = new LinkedHashMap<>();
      s.countsByStage().forEach((stage, c) -> byStage.put(stage.id(), c));
      JsonOut o = new JsonOut().put("rule", s.rule()).put("class", s.className()).put("method", s.method())
          .put("descriptor", s.descriptor()).put("file", s.file()).put("line", s.line())
          .put("codeSource", s.codeSource()).put("count", s.count()).put("stage", id(s.stage()))
          .put("countsByStage", byStage).put("firstCallAt", s.firstCallAt()).put("lastSeenAt", s.lastSeenAt())
          .flag("methodReference", s.methodReference()).put("via", s.via() == null ? null : s.via().id())
          .put("calledThrough", s.calledThrough()).put("use", s.use() == Use.CALL ? null : s.use().id())
          .put("member", s.member()).put("rolledBackAt", s.rolledBackAt())
          .put("rollbackReason", s.rollbackReason());
      if (!s.codeSources().isEmpty()) {
        o.put("codeSources", s.codeSources());
      }
      siteList.add(o);
    }
    root.put("callSites", siteList);
    if (!mergedFrom.isEmpty()) {
      List<JsonOut> from = new ArrayList<>();
      for (MergedFrom m : mergedFrom) {
        from.add(new JsonOut().put("file", m.file()).put("generatedAt", m.generatedAt()));
      }
      root.put("mergedFrom", from);
    }
    return root.text();
  }

  private static String id(Stage stage) {
    return stage == null ? null : stage.id();
  }
}
