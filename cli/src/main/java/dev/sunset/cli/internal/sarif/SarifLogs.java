package dev.sunset.cli.internal.sarif;

import dev.sunset.cli.internal.sarif.Sarif.Invocation;
import dev.sunset.cli.internal.sarif.Sarif.Level;
import dev.sunset.cli.internal.sarif.Sarif.Location;
import dev.sunset.cli.internal.sarif.Sarif.LogicalLocation;
import dev.sunset.cli.internal.sarif.Sarif.Message;
import dev.sunset.cli.internal.sarif.Sarif.MultiformatMessageString;
import dev.sunset.cli.internal.sarif.Sarif.Notification;
import dev.sunset.cli.internal.sarif.Sarif.PhysicalLocation;
import dev.sunset.cli.internal.sarif.Sarif.Region;
import dev.sunset.cli.internal.sarif.Sarif.ReportingConfiguration;
import dev.sunset.cli.internal.sarif.Sarif.ReportingDescriptor;
import dev.sunset.cli.internal.sarif.Sarif.Result;
import dev.sunset.cli.internal.sarif.Sarif.RuleProperties;
import dev.sunset.cli.internal.sarif.Sarif.SiteProperties;
import dev.sunset.core.format.Scan;
import dev.sunset.core.format.Verdict;
import dev.sunset.core.format.Via;
import dev.sunset.core.format.Use;
import dev.sunset.core.rules.MemberRef;
import dev.sunset.core.report.SiteKey;
import dev.sunset.core.report.UseKey;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.Stage;
import dev.sunset.core.scan.ScannedSite;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Sunset's rules and call sites as one SARIF run: each rule a {@code reportingDescriptor}, each call site (one per
 * site key: the same class found in two jars is one result, naming both; a class rule's uses on one line are a result
 * each, naming its use and member) a {@code result} at its source file and line, at the level of its rule's stage
 * ({@code observe}: note, {@code redirect} and {@code warn}: warning, {@code deny}: error), with the fingerprint of its
 * site key (and, for a class rule's use, of its use and member).
 */
public final class SarifLogs {
  /** The tool's name in the log. */
  public static final String TOOL = "Sunset";
  private static final List<String> TAGS = List.of("sunset", "deprecation", "legacy-api");

  private SarifLogs() {}

  /** The command whose run the log is: code scanning keeps each one's alerts apart. */
  public enum Command {
    /** {@code sunset scan}: every call site. */
    SCAN,
    /** {@code sunset check}: the call sites not in the baseline. */
    CHECK,
    /** {@code sunset verdict}: every call site, with what was seen at run time. */
    VERDICT;

    String automationId() {
      return "sunset/" + name().toLowerCase(Locale.ROOT) + "/";
    }
  }

  /**
   * A Sunset rule, as the log describes it.
   *
   * @param id the rule id
   * @param legacy the legacy member as written, or null when no input says
   * @param replacement the replacement as written, or null
   * @param message the rule's message, or null or empty
   * @param stage the stage its file sets, or null when not known (a scan file of an older Sunset, a rule seen only
   *     in reports)
   */
  public record LegacyRule(String id, String legacy, String replacement, String message, Stage stage) {
    /** A rule. */
    public LegacyRule {
      Objects.requireNonNull(id, "id");
    }

    /** A rule as its rules file states it. */
    public static LegacyRule of(RuleSpec spec) {
      return new LegacyRule(spec.id(), spec.legacyText(), spec.replacementText(), spec.message(), spec.stage());
    }

    /** A rule as a scan file states it (a scan has no message). */
    public static LegacyRule of(Scan.Rule rule) {
      return new LegacyRule(rule.id(), rule.legacy(), rule.replacement(), null, rule.stage());
    }

    /** The level of its results. */
    Level level() {
      if (stage == null) {
        return Level.WARNING;
      }
      return switch (stage) {
        case OBSERVE -> Level.NOTE;
        case REDIRECT, WARN -> Level.WARNING;
        case DENY -> Level.ERROR;
      };
    }

    /** The legacy member, or the rule for want of it. */
    String legacyOrRule() {
      return legacy != null ? legacy : "the legacy method of rule " + id;
    }

    /**
     * Whether the rule names a whole class ({@code com.acme.Factory}, no {@code #method(...)}) or package ({@code
     * com.acme.legacy.*}).
     */
    boolean isClass() {
      return legacy != null && legacy.indexOf('#') < 0;
    }

    boolean hasMessage() {
      return message != null && !message.isBlank();
    }

    /** The message as a sentence of its own, after another: {@code " Use X."}; empty without one. */
    String messageSentence() {
      if (!hasMessage()) {
        return "";
      }
      String m = message.strip();
      char last = m.charAt(m.length() - 1);
      return " " + m + (last == '.' || last == '!' || last == '?' ? "" : ".");
    }
  }

  /**
   * A call site, as the log places it.
   *
   * @param rule the rule id
   * @param className the calling class's binary name
   * @param method the calling method
   * @param descriptor its descriptor, or null
   * @param file the source file the class names, or null
   * @param line the line, or 0 when not known
   * @param codeSource the jar or folder holding the class, or null
   * @param methodReference whether it is a method reference
   * @param calledThrough the subtype the call names, or null
   * @param live what was seen at run time ({@code verdict}), or null
   * @param use how the site uses the legacy API (a call for a method rule's); null for a class rule's site whose use
   *     the evidence does not name
   * @param member for a class rule's site, the member it uses; else null
   */
  public record CallSite(String rule, String className, String method, String descriptor, String file, int line,
      String codeSource, boolean methodReference, String calledThrough, Live live, Use use, String member) {
    /** A site. */
    public CallSite {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(className, "className");
      Objects.requireNonNull(method, "method");
    }

    /** A site a scan found. */
    public static CallSite of(ScannedSite s) {
      return new CallSite(s.rule(), s.className(), s.method(), s.descriptor(), s.file(), s.line(), s.codeSource(),
          s.methodReference(), s.calledThrough(), null, s.use(), s.member());
    }

    /** A site of a rule's verdict, with its counts. */
    public static CallSite of(Verdict.RuleVerdict rule, Verdict.Site s) {
      return new CallSite(rule.id(), s.className(), s.method(), s.descriptor(), s.file(), s.line(), s.codeSource(),
          s.methodReference(), s.calledThrough(), new Live(s.count(), s.firstCallAt(), s.lastSeenAt(),
              s.inArtifacts(), s.via(), rule.verdict()), s.use(), s.member());
    }

    /** One result per key: a class rule's uses on one line are results apart. */
    UseKey key() {
      return new UseKey(new SiteKey(rule, className, method, line), use, member);
    }
  }

  /**
   * What the run-time evidence says of a site.
   *
   * @param calls calls seen
   * @param firstCallAt the earliest first call, or null
   * @param lastSeenAt the latest report time at which its count had grown, or null
   * @param inArtifacts whether the scan found the site
   * @param via how calls reached the legacy method when no rewritten instruction covers them, or null
   * @param verdict its rule's verdict
   */
  public record Live(long calls, Instant firstCallAt, Instant lastSeenAt, boolean inArtifacts, Via via,
      Verdict.Kind verdict) {}

  /**
   * How the command ran, for the run's invocation.
   *
   * @param exitCode the exit code it returns
   * @param exitCodeDescription what that code means
   * @param startedAt when it started
   * @param warnings the warnings it printed on standard error
   */
  public record Outcome(int exitCode, String exitCodeDescription, Instant startedAt, List<String> warnings) {
    /** An outcome; the list is copied. */
    public Outcome {
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * The log of one run of {@code command}.
   *
   * @param rules the rules in force (a site's rule that is not among them is described by its id alone)
   * @param sites the sites to report, in order
   * @param version Sunset's version
   * @param informationUri where to read about Sunset
   */
  public static Sarif.Log log(Command command, List<LegacyRule> rules, List<CallSite> sites, SourceRoots roots,
      Outcome outcome, String version, String informationUri, Instant now) {
    Map<String, Integer> index = new HashMap<>();
    List<LegacyRule> described = new ArrayList<>();
    for (LegacyRule r : rules) {
      if (index.putIfAbsent(r.id(), described.size()) == null) {
        described.add(r);
      }
    }
    Map<UseKey, List<CallSite>> byKey = new LinkedHashMap<>();
    for (CallSite s : sites) {
      byKey.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s);
      if (index.putIfAbsent(s.rule(), described.size()) == null) {
        described.add(new LegacyRule(s.rule(), null, null, null, null));
      }
    }
    List<Result> results = new ArrayList<>(byKey.size());
    for (Map.Entry<UseKey, List<CallSite>> e : byKey.entrySet()) {
      int i = index.get(e.getKey().rule());
      results.add(result(command, described.get(i), i, e.getKey(), e.getValue(), roots));
    }
    List<ReportingDescriptor> descriptors = new ArrayList<>(described.size());
    for (LegacyRule r : described) {
      descriptors.add(descriptor(r));
    }
    List<Notification> notifications = new ArrayList<>();
    for (String w : outcome.warnings()) {
      notifications.add(new Notification(new Message(w), Level.WARNING));
    }
    Invocation invocation = new Invocation(true, outcome.exitCode(), outcome.exitCodeDescription(),
        outcome.startedAt().toString(), now.toString(), notifications);
    Sarif.Run run = new Sarif.Run(new Sarif.Tool(new Sarif.ToolComponent(TOOL, version, informationUri, descriptors)),
        List.of(invocation), new Sarif.RunAutomationDetails(command.automationId()), roots.baseIds(), results);
    return new Sarif.Log(Sarif.SCHEMA, Sarif.VERSION, List.of(run));
  }

  private static ReportingDescriptor descriptor(LegacyRule r) {
    String legacy = r.legacyOrRule();
    if (r.isClass()) {
      boolean pkg = MemberRef.namesPackage(legacy); // a package rule: the same, of the package's classes
      String kind = pkg ? "package" : "class";
      String its = pkg ? "their" : "its";
      return new ReportingDescriptor(r.id(), new MultiformatMessageString((pkg ? "Use of a class of legacy package "
          : "Use of legacy class ") + legacy),
          new MultiformatMessageString("Uses of " + (pkg ? "the classes of " : "") + legacy + ", a " + kind + " being"
              + " retired: calls of " + its + " methods, new, reads and writes of " + its + " fields, subclasses,"
              + " lookups by name and type references." + r.messageSentence()),
          new MultiformatMessageString("Remove the use of " + legacy + ": the " + kind + " is to be deleted, and the rule"
              + " names no replacement." + r.messageSentence() + " The stage of the rule (observe, warn, deny) says what"
              + " the Sunset agent does when such a use runs; a type reference never runs, and only keeps the " + kind
              + " from being deleted."),
          new ReportingConfiguration(r.level()), new RuleProperties(r.legacy(), r.replacement(),
              r.stage() == null ? null : r.stage().id(), TAGS));
    }
    String full = "Calls of " + legacy + ", which is being retired"
        + (r.replacement() != null ? "; its replacement is " + r.replacement() : "") + "."
        + r.messageSentence();
    String help = (r.replacement() != null ? "Call " + r.replacement() + " instead of " + legacy + "."
        : "Remove the call of " + legacy + ": the rule names no replacement.")
        + r.messageSentence()
        + " The stage of the rule (observe, redirect, warn, deny) says what the Sunset agent does with such a call "
        + "at run time.";
    return new ReportingDescriptor(r.id(), new MultiformatMessageString("Call of legacy " + legacy),
        new MultiformatMessageString(full), new MultiformatMessageString(help),
        new ReportingConfiguration(r.level()), new RuleProperties(r.legacy(), r.replacement(),
            r.stage() == null ? null : r.stage().id(), TAGS));
  }

  private static Result result(Command command, LegacyRule rule, int ruleIndex, UseKey use, List<CallSite> same,
      SourceRoots roots) {
    SiteKey key = use.site();
    boolean classUse = rule.isClass() || same.get(0).member() != null;
    CallSite s = same.get(0);
    Set<String> codeSources = new LinkedHashSet<>();
    for (CallSite c : same) {
      if (c.codeSource() != null) {
        codeSources.add(c.codeSource());
      }
    }
    String caller = s.className() + "." + s.method();
    StringBuilder text = new StringBuilder();
    if (command == Command.CHECK) {
      text.append(classUse ? "New use, not in the baseline: " : "New call site, not in the baseline: ");
    }
    if (classUse) {
      text.append(caller).append(" uses ").append(rule.legacyOrRule()).append(" (")
          .append(s.use() == null ? "a use the run-time evidence does not name" : s.use().forPeople(s.member()))
          .append(s.methodReference() ? ", a method reference" : "").append(')');
    } else {
      text.append(caller).append(s.methodReference() ? " refers to " : " calls ").append(rule.legacyOrRule());
    }
    if (s.calledThrough() != null) {
      text.append(" through ").append(s.calledThrough());
    }
    text.append(" (rule ").append(rule.id());
    if (rule.stage() != null) {
      text.append(", at ").append(rule.stage().id());
    }
    text.append(")");
    if (rule.replacement() != null) {
      text.append("; use ").append(rule.replacement()).append(" instead");
    }
    text.append('.').append(rule.messageSentence());
    Live live = s.live();
    if (live != null && same.size() > 1) {
      long calls = 0;
      for (CallSite c : same) {
        calls = c.live() == null ? calls : Math.addExact(calls, c.live().calls());
      }
      live = new Live(calls, live.firstCallAt(), live.lastSeenAt(), live.inArtifacts(), live.via(), live.verdict());
    }
    if (live != null) {
      String noun = classUse ? "use" : "call";
      text.append(live.calls() == 0 ? " No " + noun + " seen" : String.format(Locale.ROOT, " %,d %s seen",
          live.calls(), live.calls() == 1 ? noun : noun + "s"));
      if (live.firstCallAt() != null) {
        text.append(", the first at ").append(live.firstCallAt());
      }
      text.append("; the rule's verdict: ").append(live.verdict().id()).append('.');
    }
    Region region = key.line() > 0 ? new Region(key.line()) : null;
    Location location = new Location(new PhysicalLocation(roots.locate(s.className(), s.file()), region),
        List.of(new LogicalLocation(s.method(), caller, "function")));
    SiteProperties properties = new SiteProperties(s.className(), s.method(), s.descriptor(), s.file(),
        new ArrayList<>(codeSources), s.methodReference() ? Boolean.TRUE : null, s.calledThrough(),
        live == null ? null : live.inArtifacts(), live == null ? null : live.calls(),
        live == null || live.firstCallAt() == null ? null : live.firstCallAt().toString(),
        live == null || live.lastSeenAt() == null ? null : live.lastSeenAt().toString(),
        live == null || live.via() == null ? null : live.via().id(), live == null ? null : live.verdict().id(),
        classUse && s.use() != null ? s.use().id() : null, s.member());
    return new Result(rule.id(), ruleIndex, rule.level(), new Message(text.toString()), List.of(location),
        Map.of(SiteFingerprint.KEY, SiteFingerprint.of(use)), properties);
  }
}
