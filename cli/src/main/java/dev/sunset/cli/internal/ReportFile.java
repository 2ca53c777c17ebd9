package dev.sunset.cli.internal;

import dev.sunset.core.format.JsonFile;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.core.format.Formats;
import dev.sunset.core.report.SiteKey;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An agent report ({@value Formats#REPORT}) as {@code merge} and {@code verdict} read it: its rules and its call
 * sites with their counts. A file of another format, or one that is not a report, is bad input.
 *
 * @param file where it was read from
 * @param generatedAt when the agent wrote it
 * @param rules its rules, as written
 * @param sites its call sites
 */
public record ReportFile(Path file, Instant generatedAt, List<Rule> rules, List<Site> sites) {
  /**
   * A rule entry of a report.
   *
   * @param id the rule id
   * @param fields every field as written, in order (kept as they are when reports are merged)
   */
  public record Rule(String id, Map<String, Object> fields) {
    /** The legacy member as written, or null. */
    public String legacy() {
      return fields.get("legacy") instanceof String s ? s : null;
    }
  }

  /**
   * A call site of a report.
   *
   * @param rule the rule id
   * @param className the calling class's binary name
   * @param method the calling method
   * @param descriptor the calling method's descriptor, or null
   * @param file the source file, or null
   * @param line the line, or 0
   * @param codeSource where the class was loaded from, or null
   * @param count calls counted
   * @param stage the stage the site runs at now, or null
   * @param countsByStage calls per stage they ran at
   * @param firstCallAt when it was first called, or null
   * @param methodReference whether it is a method reference
   * @param via how calls reach the legacy method when no rewritten site covers them, or null
   * @param calledThrough the subtype the call names, or null
   */
  public record Site(String rule, String className, String method, String descriptor, String file, int line,
      String codeSource, long count, String stage, Map<String, Long> countsByStage, Instant firstCallAt,
      boolean methodReference, String via, String calledThrough) {
    /** The key reports, scans and baselines are matched on. */
    public SiteKey key() {
      return new SiteKey(rule, className, method, line);
    }
  }

  /**
   * Reads an agent report.
   *
   * @throws BadInput one line naming the file and what is wrong
   */
  public static ReportFile read(Path file) throws BadInput {
    return from(file, json(file));
  }

  /**
   * A report from the JSON object read from {@code file}.
   *
   * @throws BadInput one line naming the file and what is wrong
   */
  static ReportFile from(Path file, Map<String, Object> root) throws BadInput {
    Object format = root.get("format");
    if (!Formats.REPORT.equals(format)) {
      throw new BadInput(file + ": 'format' is " + (format == null ? "missing" : "'" + format + "'") + ", not "
          + Formats.REPORT + " (an agent report)");
    }
    Instant generatedAt = instant(file, root.get("generatedAt"), "generatedAt", true);
    List<Rule> rules = new ArrayList<>();
    int index = 0;
    for (Object o : list(file, root, "rules")) {
      if (!(o instanceof Map<?, ?> m) || !(m.get("id") instanceof String id)) {
        throw new BadInput(file + ": rules[" + index + "] is not an object with an 'id'");
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      m.forEach((k, v) -> fields.put(String.valueOf(k), v));
      rules.add(new Rule(id, fields));
      index++;
    }
    List<Site> sites = new ArrayList<>();
    index = 0;
    for (Object o : list(file, root, "callSites")) {
      String where = file + ": callSites[" + index + "]";
      if (!(o instanceof Map<?, ?> m)) {
        throw new BadInput(where + " is not an object");
      }
      if (!(m.get("rule") instanceof String rule) || !(m.get("class") instanceof String cls)
          || !(m.get("method") instanceof String method) || !(m.get("line") instanceof Number line)) {
        throw new BadInput(where + " lacks a rule, class, method or line");
      }
      if (!(m.get("count") instanceof Number count) || count.longValue() < 0) {
        throw new BadInput(where + " has no count (a non-negative number)");
      }
      Map<String, Long> byStage = new LinkedHashMap<>();
      if (m.get("countsByStage") instanceof Map<?, ?> stages) {
        for (Map.Entry<?, ?> e : stages.entrySet()) {
          if (!(e.getValue() instanceof Number n)) {
            throw new BadInput(where + ": countsByStage." + e.getKey() + " is not a number");
          }
          byStage.put(String.valueOf(e.getKey()), n.longValue());
        }
      }
      sites.add(new Site(rule, cls, method, text(m.get("descriptor")), text(m.get("file")), line.intValue(),
          text(m.get("codeSource")), count.longValue(), text(m.get("stage")), byStage,
          instant(file, m.get("firstCallAt"), "callSites[" + index + "].firstCallAt", false), Boolean.TRUE.equals(m.get("methodReference")),
          text(m.get("via")), text(m.get("calledThrough"))));
      index++;
    }
    return new ReportFile(file, generatedAt, rules, sites);
  }

  /** A JSON object read from a file; missing, unreadable or non-JSON files are bad input. */
  static Map<String, Object> json(Path file) throws BadInput {
    if (Files.isDirectory(file)) {
      throw new BadInput(file + ": is a folder, not a report");
    }
    try {
      return JsonFile.readObject(file);
    } catch (IOException e) {
      throw new BadInput(file + ": " + e.getMessage());
    }
  }

  private static List<?> list(Path file, Map<String, Object> root, String key) throws BadInput {
    if (!(root.get(key) instanceof List<?> list)) {
      throw new BadInput(file + ": '" + key + "' is not a list");
    }
    return list;
  }

  private static String text(Object o) {
    return o instanceof String s ? s : null;
  }

  private static Instant instant(Path file, Object value, String what, boolean required) throws BadInput {
    if (value == null && !required) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw new BadInput(file + ": '" + what + "' is not a time such as 2026-11-21T10:00:00Z");
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new BadInput(file + ": '" + what + "' is not a time such as 2026-11-21T10:00:00Z");
    }
  }
}
