package dev.sunset.cli.internal.html;

import dev.sunset.cli.internal.ReportFile;
import dev.sunset.cli.internal.ScanFile;
import dev.sunset.core.report.SiteKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One file the HTML report is made from: an agent report (call sites with counts) or a scan (call sites in the
 * artifacts, without counts), as read by the command line's report and scan readers.
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
   */
  public record SiteInfo(SiteKey key, String descriptor, String file, String codeSource, long count, String stage,
      String via, String calledThrough, boolean methodReference) {}

  /** A report as an input. */
  public static Input of(ReportFile report) {
    List<RuleInfo> rules = new ArrayList<>();
    for (ReportFile.Rule r : report.rules()) {
      Map<String, Object> f = r.fields();
      rules.add(new RuleInfo(r.id(), text(r.legacy()), text(f.get("replacement")), text(f.get("stage")),
          text(f.get("message")), text(f.get("resolution"))));
    }
    List<SiteInfo> sites = new ArrayList<>();
    for (ReportFile.Site s : report.sites()) {
      sites.add(new SiteInfo(s.key(), s.descriptor(), s.file(), s.codeSource(), s.count(), s.stage(), s.via(),
          s.calledThrough(), s.methodReference()));
    }
    return new Input(Kind.REPORT, report.file(), report.generatedAt(), rules, sites);
  }

  /** A scan as an input; its {@code generatedAt} must be known. */
  public static Input of(ScanFile scan) {
    Objects.requireNonNull(scan.generatedAt(), "generatedAt");
    List<RuleInfo> rules = new ArrayList<>();
    for (ScanFile.Rule r : scan.rules()) {
      rules.add(new RuleInfo(r.id(), text(r.legacy()), text(r.replacement()), text(r.stage()), null,
          text(r.resolution())));
    }
    List<SiteInfo> sites = new ArrayList<>();
    for (ScanFile.Site s : scan.sites()) {
      sites.add(new SiteInfo(s.key(), s.descriptor(), s.file(), s.codeSource(), 0, null, null, s.calledThrough(),
          s.methodReference()));
    }
    return new Input(Kind.SCAN, scan.file(), scan.generatedAt(), rules, sites);
  }

  /** A text field, or null when it is missing or blank (the agent writes an empty message for none). */
  private static String text(Object o) {
    return o instanceof String s && !s.isBlank() ? s : null;
  }
}
