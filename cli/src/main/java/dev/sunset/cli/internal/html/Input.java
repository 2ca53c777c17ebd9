package dev.sunset.cli.internal.html;

import dev.sunset.core.format.Report;
import dev.sunset.core.format.Scan;
import dev.sunset.core.format.TestSites;
import dev.sunset.core.format.Use;
import dev.sunset.core.report.SiteKey;
import dev.sunset.core.report.UseKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One file the HTML report is made from: an agent report (call sites with counts) or a scan (call sites in the
 * artifacts, without counts), as the page reads it.
 *
 * @param kind report or scan
 * @param file where it was read from
 * @param generatedAt when it was written
 * @param rules its rules
 * @param sites its call sites
 */
public record Input(Kind kind, Path file, Instant generatedAt, List<RuleInfo> rules, List<SiteInfo> sites) {
  /** What kind of file an input is. */
  public enum Kind {
    /** An agent report ({@code sunset-report/1}): the sites of the loaded classes, with their counts. */
    REPORT("report"),
    /** A scan ({@code sunset-scan/1}): the sites in the artifacts, loaded or not, without counts. */
    SCAN("scan");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    /** How the page names it. */
    public String id() {
      return id;
    }
  }

  /**
   * A rule as an input describes it.
   *
   * @param id the rule id
   * @param legacy the legacy member, or null
   * @param replacement the replacement, or null
   * @param stage the stage (a report's: the stage in force when it was written), or null
   * @param message the rule's message, or null
   * @param resolution {@code resolved}, {@code refused} or {@code unresolved}, or null
   */
  public record RuleInfo(String id, String legacy, String replacement, String stage, String message,
      String resolution) {}

  /**
   * A call site as an input lists it.
   *
   * @param key rule, class, method and line
   * @param descriptor the calling method's descriptor, or null
   * @param file the source file, or null
   * @param codeSource the jar or folder the class came from, or null
   * @param count calls counted (0 in a scan)
   * @param stage the stage the site runs at, or null
   * @param via how calls reached the legacy method when no rewritten site covers them, or null
   * @param calledThrough the subtype the call names, or null
   * @param methodReference whether it is a method reference
   * @param use how the site uses the legacy API (a call for every method rule's site)
   * @param member for a class rule's site, the member it uses ({@code <init>(int)}, a field's name, {@code <class>});
   *     null for a method rule's
   */
  public record SiteInfo(SiteKey key, String descriptor, String file, String codeSource, long count, String stage,
      String via, String calledThrough, boolean methodReference, Use use, String member) {
    /** The key that also tells a class rule's uses on one line apart. */
    public UseKey useKey() {
      return new UseKey(key, use, member);
    }
  }

  /**
   * A tests file ({@code sunset-tests/1}) the page is also made from: which test reached which call site. It adds no
   * call site or count of its own to the rule sections; it says which tests reach their sites.
   *
   * @param file where it was read from
   * @param sites what it holds
   */
  public record Tests(Path file, TestSites sites) {
    /** A tests file; neither may be null. */
    public Tests {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(sites, "sites");
    }
  }

  /** A report as an input; {@code file} is where it was read from. */
  public static Input of(Path file, Report report) {
    List<SiteInfo> sites = new ArrayList<>();
    for (Report.Site s : report.callSites()) {
      sites.add(site(s));
    }
    return new Input(Kind.REPORT, file, report.generatedAt(), rules(report.rules()), sites);
  }

  /**
   * A report read as a stream, as the page first knows it: its file and time, its rules and sites to come
   * ({@link HtmlReport.Builder}).
   */
  public static Input report(Path file, Instant generatedAt) {
    return new Input(Kind.REPORT, file, generatedAt, List.of(), List.of());
  }

  /** A report's rules as the page reads them. */
  public static List<RuleInfo> rules(List<Report.Rule> rules) {
    List<RuleInfo> out = new ArrayList<>();
    for (Report.Rule r : rules) {
      out.add(new RuleInfo(r.id(), text(r.legacy()), text(r.replacement()), r.stage() == null ? null : r.stage().id(),
          text(r.message()), r.resolution() == null ? null : r.resolution().id()));
    }
    return out;
  }

  /** A report's call site as the page reads it. */
  public static SiteInfo site(Report.Site s) {
    return new SiteInfo(s.key(), s.descriptor(), s.file(), s.codeSource(), s.count(),
        s.stage() == null ? null : s.stage().id(), s.via() == null ? null : s.via().id(), s.calledThrough(),
        s.methodReference(), s.use(), s.member());
  }

  /** A scan as an input; {@code file} is where it was read from, and its {@code generatedAt} must be known. */
  public static Input of(Path file, Scan scan) {
    Objects.requireNonNull(scan.generatedAt(), "generatedAt");
    List<RuleInfo> rules = new ArrayList<>();
    for (Scan.Rule r : scan.rules()) {
      rules.add(new RuleInfo(r.id(), text(r.legacy()), text(r.replacement()), r.stage() == null ? null : r.stage().id(),
          null, r.resolution() == null ? null : r.resolution().id()));
    }
    List<SiteInfo> sites = new ArrayList<>();
    for (Scan.Site s : scan.callSites()) {
      sites.add(new SiteInfo(s.key(), s.descriptor(), s.file(), s.codeSource(), 0, null, null, s.calledThrough(),
          s.methodReference(), s.use(), s.member()));
    }
    return new Input(Kind.SCAN, file, scan.generatedAt(), rules, sites);
  }

  /** A text field, or null when it is missing or blank (the agent writes an empty message for none). */
  private static String text(Object o) {
    return o instanceof String s && !s.isBlank() ? s : null;
  }
}
