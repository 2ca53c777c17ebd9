package dev.sunset.cli.internal;

import dev.sunset.core.format.Formats;
import dev.sunset.core.report.SiteKey;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A scan ({@value Formats#SCAN}, written by {@code scan --format json}) as {@code verdict} and {@code report} read
 * it: its rules and its call sites, without counts. A file of another format is bad input.
 *
 * @param file where it was read from
 * @param generatedAt when the scan was written, or null when the file does not say
 * @param rules its rules
 * @param sites its call sites
 */
public record ScanFile(Path file, Instant generatedAt, List<Rule> rules, List<Site> sites) {
  /**
   * A rule entry of a scan.
   *
   * @param id the rule id
   * @param legacy the legacy member as written, or null
   * @param replacement the replacement as written, or null
   * @param stage the stage the rule is configured at, or null
   * @param resolution whether it resolved in the artifacts ({@code resolved}, {@code refused}, {@code unresolved}),
   *     or null
   */
  public record Rule(String id, String legacy, String replacement, String stage, String resolution) {}

  /**
   * A call site of a scan.
   *
   * @param key rule, class, method and line
   * @param descriptor the calling method's descriptor, or null
   * @param file the source file, or null
   * @param codeSource the artifact (with {@code !/} into nested entries), or null
   * @param methodReference whether it is a method reference
   * @param calledThrough the subtype the call names, or null
   */
  public record Site(SiteKey key, String descriptor, String file, String codeSource, boolean methodReference,
      String calledThrough) {}

  /**
   * Reads a scan.
   *
   * @throws BadInput one line naming the file and what is wrong
   */
  public static ScanFile read(Path file) throws BadInput {
    return from(file, ReportFile.json(file));
  }

  /**
   * A scan from the JSON object read from {@code file}.
   *
   * @throws BadInput one line naming the file and what is wrong
   */
  static ScanFile from(Path file, Map<String, Object> root) throws BadInput {
    if (!Formats.SCAN.equals(root.get("format"))) {
      throw new BadInput(file + ": 'format' is " + (root.get("format") == null ? "missing" : "'" + root.get("format")
          + "'") + ", not " + Formats.SCAN + " (a scan written by scan --format json)");
    }
    if (!(root.get("rules") instanceof List<?> rs) || !(root.get("callSites") instanceof List<?> cs)) {
      throw new BadInput(file + ": 'rules' or 'callSites' is not a list");
    }
    Instant generatedAt = null;
    if (root.get("generatedAt") != null) {
      try {
        generatedAt = Instant.parse(String.valueOf(root.get("generatedAt")));
      } catch (DateTimeParseException e) {
        throw new BadInput(file + ": 'generatedAt' is not a time such as 2026-11-21T10:00:00Z");
      }
    }
    List<Rule> rules = new ArrayList<>();
    for (Object o : rs) {
      if (o instanceof Map<?, ?> m && m.get("id") instanceof String id) {
        rules.add(new Rule(id, text(m.get("legacy")), text(m.get("replacement")), text(m.get("stage")),
            text(m.get("resolution"))));
      }
    }
    List<Site> sites = new ArrayList<>();
    int index = 0;
    for (Object o : cs) {
      if (!(o instanceof Map<?, ?> m) || !(m.get("rule") instanceof String rule)
          || !(m.get("class") instanceof String c) || !(m.get("method") instanceof String method)
          || !(m.get("line") instanceof Number line)) {
        throw new BadInput(file + ": callSites[" + index + "] lacks a rule, class, method or line");
      }
      sites.add(new Site(new SiteKey(rule, c, method, line.intValue()), text(m.get("descriptor")), text(m.get("file")),
          text(m.get("codeSource")), Boolean.TRUE.equals(m.get("methodReference")), text(m.get("calledThrough"))));
      index++;
    }
    return new ScanFile(file, generatedAt, rules, sites);
  }

  private static String text(Object o) {
    return o instanceof String s ? s : null;
  }
}
