package dev.sunset.core.format;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.sunset.core.report.SiteKey;
import dev.sunset.core.report.UseKey;
import dev.sunset.core.rules.Stage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A static inventory of call sites ({@value Formats#SCAN}, written by {@code sunset scan --format json}): the rules
 * looked for, where each resolved, and every call site of them in the scanned artifacts, loaded or not, without
 * counts.
 *
 * @param generatedAt when the scan ended, or null when the file does not say
 * @param artifacts the paths scanned for call sites, as given (empty when the file does not say)
 * @param classPath the paths read only to resolve rules (a thin jar's libraries), as given
 * @param rules the rules in force, the user's first, then those shipped in the artifacts
 * @param callSites every call site found
 * @param stats what was read and how long it took, or null when the file does not say
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record Scan(Instant generatedAt, List<String> artifacts, List<String> classPath, List<Rule> rules,
    List<Site> callSites, Stats stats) implements Document {
  /** A scan; the lists are copied. */
  public Scan {
    artifacts = List.copyOf(artifacts);
    classPath = List.copyOf(classPath);
    rules = List.copyOf(rules);
    callSites = List.copyOf(callSites);
  }

  /**
   * A rule of a scan.
   *
   * @param id the rule id
   * @param legacy the legacy member as written
   * @param replacement the replacement as written, or null
   * @param stage the stage its file sets, or null
   * @param source the rules file it came from, or null
   * @param line its line there (0 when not known)
   * @param resolution how far it resolved in the artifacts, or null when the file does not say
   * @param resolvedIn the scopes it resolved in
   * @param refusedIn the scopes that hold its legacy class but where it does not fit, with why
   */
  public record Rule(String id, String legacy, String replacement, Stage stage, String source, int line,
      RuleResolution resolution, List<ResolvedIn> resolvedIn, List<RefusedIn> refusedIn) {
    /** A rule; the lists are copied. */
    public Rule {
      Objects.requireNonNull(id, "id");
      resolvedIn = List.copyOf(resolvedIn);
      refusedIn = List.copyOf(refusedIn);
    }
  }

  /**
   * A scope a rule resolved in.
   *
   * @param scope the application archive, or the class path of the plain jars and folders given together
   * @param codeSource the jar or folder its legacy class was found in
   */
  public record ResolvedIn(String scope, String codeSource) {}

  /**
   * A scope that holds a rule's legacy class, but where the rule does not fit.
   *
   * @param scope the application archive, or the class path of the plain jars and folders given together
   * @param problem what does not fit
   */
  public record RefusedIn(String scope, String problem) {}

  /**
   * A call site found in an artifact.
   *
   * @param rule the rule id
   * @param className the calling class's binary name
   * @param method the calling method
   * @param descriptor the calling method's descriptor, or null
   * @param file the source file the class names, or null
   * @param line the line, or 0 when the class has no line numbers
   * @param codeSource the jar or folder holding the class ({@code app.jar!/BOOT-INF/lib/billing.jar}), or null
   * @param methodReference whether it is a method reference
   * @param calledThrough the subtype the call names when it reaches an inherited legacy method, or null
   * @param use how the site uses the legacy API ({@code use}, written only when not a call)
   * @param member for a class rule's site, the member it uses ({@code create(java.lang.String)}, {@code <init>(int)},
   *     a field's name, {@code <class>}); for a package rule's, its class first ({@code Factory.create(java.lang.String)},
   *     {@code Factory$Builder.<init>()}); null for a method rule's
   */
  public record Site(String rule, String className, String method, String descriptor, String file, int line,
      String codeSource, boolean methodReference, String calledThrough, Use use, String member) {
    /** A site. */
    public Site {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(className, "className");
      Objects.requireNonNull(method, "method");
      use = use == null ? Use.CALL : use;
    }

    /** A method rule's call site. */
    public Site(String rule, String className, String method, String descriptor, String file, int line,
        String codeSource, boolean methodReference, String calledThrough) {
      this(rule, className, method, descriptor, file, line, codeSource, methodReference, calledThrough, Use.CALL, null);
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
   * What a scan read and how long it took.
   *
   * @param archives jars and class folders read
   * @param scopes resolution scopes
   * @param classes class files in the scanned jars and folders (counted, not read, where no rule resolved)
   * @param classesNamingLegacy class files whose constant pool names a legacy class or method name
   * @param classesParsed class files parsed to find their call sites
   * @param millis wall-clock time of the whole scan
   */
  public record Stats(long archives, long scopes, long classes, long classesNamingLegacy, long classesParsed,
      long millis) {}

  /**
   * Reads a scan.
   *
   * @throws FormatException naming the file and what is wrong, in one line
   */
  public static Scan read(Path file) throws FormatException {
    return Node.read(file, Scan::from);
  }

  /**
   * A scan from its JSON text.
   *
   * @param source what the text came from, for messages
   * @throws FormatException naming the source and what is wrong, in one line
   */
  public static Scan parse(String text, String source) throws FormatException {
    return Node.parse(text, source, Scan::from);
  }

  static Scan from(Node root) throws FormatException {
    root.requireFormat(Formats.SCAN, "a scan written by scan --format json");
    List<Rule> rules = new ArrayList<>();
    for (Node r : root.field("rules").list(true)) {
      List<ResolvedIn> in = new ArrayList<>();
      for (Node w : r.field("resolvedIn").list(false)) {
        in.add(new ResolvedIn(w.field("scope").textOrNull(), w.field("codeSource").textOrNull()));
      }
      List<RefusedIn> refused = new ArrayList<>();
      for (Node w : r.field("refusedIn").list(false)) {
        refused.add(new RefusedIn(w.field("scope").textOrNull(), w.field("problem").textOrNull()));
      }
      rules.add(new Rule(r.field("id").text(), r.field("legacy").textOrNull(), r.field("replacement").textOrNull(),
          r.field("stage").stageOrNull(), r.field("source").textOrNull(), r.field("line").lineOrZero(),
          r.field("resolution").namedOrNull(RuleResolution::parse, "resolved, refused or unresolved"), in, refused));
    }
    List<Site> sites = new ArrayList<>();
    for (Node s : root.field("callSites").list(true)) {
      sites.add(new Site(s.field("rule").text(), s.field("class").text(), s.field("method").text(),
          s.field("descriptor").textOrNull(), s.field("file").textOrNull(), s.field("line").line(),
          s.field("codeSource").textOrNull(), s.field("methodReference").flag(),
          s.field("calledThrough").textOrNull(), Report.use(s), s.field("member").textOrNull()));
    }
    Node st = root.field("stats");
    Stats stats = st.isMissing() ? null : new Stats(count(st, "archives"), count(st, "scopes"),
        count(st, "classes"), count(st, "classesNamingLegacy"), count(st, "classesParsed"), count(st, "millis"));
    return new Scan(root.field("generatedAt").instantOrNull(), root.field("artifacts").texts(),
        root.field("classPath").texts(), rules, sites, stats);
  }

  private static long count(Node stats, String name) throws FormatException {
    Long n = stats.field(name).countOrNull();
    return n == null ? 0 : n;
  }

  /** The scan as pretty-printed JSON text ({@value Formats#SCAN}). */
  public String toJson() {
    JsonOut root = new JsonOut().put("format", Formats.SCAN).put("generatedAt", generatedAt);
    if (!artifacts.isEmpty()) {
      root.put("artifacts", artifacts);
    }
    if (!classPath.isEmpty()) {
      root.put("classPath", classPath);
    }
    List<JsonOut> ruleList = new ArrayList<>();
    for (Rule r : rules) {
      List<JsonOut> in = new ArrayList<>();
      for (ResolvedIn w : r.resolvedIn()) {
        in.add(new JsonOut().put("scope", w.scope()).put("codeSource", w.codeSource()));
      }
      JsonOut o = new JsonOut().put("id", r.id()).put("legacy", r.legacy()).put("replacement", r.replacement())
          .put("stage", r.stage() == null ? null : r.stage().id()).put("source", r.source()).put("line", r.line())
          .put("resolution", r.resolution() == null ? null : r.resolution().id()).put("resolvedIn", in);
      if (!r.refusedIn().isEmpty()) {
        List<JsonOut> refused = new ArrayList<>();
        for (RefusedIn w : r.refusedIn()) {
          refused.add(new JsonOut().put("scope", w.scope()).put("problem", w.problem()));
        }
        o.put("refusedIn", refused);
      }
      ruleList.add(o);
    }
    root.put("rules", ruleList);
    List<JsonOut> siteList = new ArrayList<>(callSites.size());
    for (Site s : callSites) {
      siteList.add(new JsonOut().put("rule", s.rule()).put("class", s.className()).put("method", s.method())
          .put("descriptor", s.descriptor()).put("file", s.file()).put("line", s.line())
          .put("codeSource", s.codeSource()).flag("methodReference", s.methodReference())
          .put("calledThrough", s.calledThrough()).put("use", s.use() == Use.CALL ? null : s.use().id())
          .put("member", s.member()));
    }
    root.put("callSites", siteList);
    if (stats != null) {
      root.put("stats", new JsonOut().put("archives", stats.archives()).put("scopes", stats.scopes())
          .put("classes", stats.classes()).put("classesNamingLegacy", stats.classesNamingLegacy())
          .put("classesParsed", stats.classesParsed()).put("millis", stats.millis()));
    }
    return root.text();
  }
}
