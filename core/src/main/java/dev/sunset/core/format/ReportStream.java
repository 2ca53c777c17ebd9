package dev.sunset.core.format;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Reads an agent report ({@value Formats#REPORT}) as a stream, never holding its whole tree: the call sites are
 * handed over one at a time as they are read, each checked as {@link Report#read} checks it (the same one-line
 * messages, naming the field: {@code callSites[3].count is missing ...}); what is held at once is one site's
 * fields, and the report's runs, rules and {@code mergedFrom}. So reading a fleet's reports costs memory for what
 * is made of them, not for the reports.
 *
 * <p>Each file is limited as every JSON file Sunset reads is ({@link dev.sunset.core.io.Limits#JSON_FILE_BYTES},
 * UTF-8, one object and nothing after it, jackson's limits on nesting and string length); a field named twice in one
 * object is refused, since the first would already have been used.
 *
 * <p>{@link #head} reads only as far as a report's {@code format}, {@code generatedAt} and {@code runs} (the first
 * fields of every report Sunset writes), for what must be known of every report before any is merged.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ReportStream {
  private static final String FORMAT = "format";
  private static final String GENERATED_AT = "generatedAt";
  private static final String RUNS = "runs";
  private static final String RULES = "rules";
  private static final String CALL_SITES = "callSites";
  private static final String MERGED_FROM = "mergedFrom";
  /** What a report is, for the message on a file of another format: as {@link Report#read} says it. */
  private static final String A_REPORT = Formats.REPORT + " (" + Report.WHAT + ")";

  private ReportStream() {}

  /** Takes each call site of a report as it is read. */
  @FunctionalInterface
  public interface Sites {
    /** One call site, checked. */
    void site(Report.Site site) throws FormatException;
  }

  /**
   * What a report says of itself, without its sites.
   *
   * @param generatedAt when it was written
   * @param runs its runs (one that says nothing of itself for a report written before reports named them)
   * @param rules its rules
   * @param mergedFrom the reports it was merged from, if it was
   * @param sites how many call sites it lists
   */
  public record Contents(Instant generatedAt, List<Report.Run> runs, List<Report.Rule> rules,
      List<Report.MergedFrom> mergedFrom, int sites) {
    /** Contents; the lists are copied. */
    public Contents {
      runs = List.copyOf(runs);
      rules = List.copyOf(rules);
      mergedFrom = List.copyOf(mergedFrom);
    }
  }

  /**
   * The start of a file of one of Sunset's formats.
   *
   * @param format its {@code format}
   * @param generatedAt for a report, when it was written; else null
   * @param runs for a report, the runs it counts, as far as telling its reports apart needs (one without an id for a
   *     report that names none); else empty
   */
  public record Head(String format, Instant generatedAt, List<RunMark> runs) {
    /** A head; the list is copied. */
    public Head {
      runs = List.copyOf(runs);
    }

    /** Whether it is an agent report. */
    public boolean isReport() {
      return Formats.REPORT.equals(format);
    }
  }

  /**
   * A run as its reports are told apart by.
   *
   * @param id what identifies the run across its reports, or null when the report does not say
   * @param pid the process id, or null
   * @param lastReportAt when the run last wrote a report among those read
   * @param exitReport whether that report was written at exit
   */
  public record RunMark(String id, Long pid, Instant lastReportAt, boolean exitReport) {
    /** How a run is told apart. */
    public static RunMark of(Report.Run run) {
      return new RunMark(run.id(), run.pid(), run.lastReportAt(), run.exitReport());
    }
  }

  /**
   * The head of the report {@code file}: as {@link #head(Path, List, String)} reads it, refusing any other format as
   * {@link Report#read} does.
   */
  public static Head head(Path file) throws FormatException {
    return head(file, List.of(Formats.REPORT), A_REPORT);
  }

  /**
   * The head of {@code file}, which must be of one of {@code formats}: the format, and for a report its
   * {@code generatedAt} and runs, read no further than they are (to its end only where a field is missing).
   *
   * @param expected what the formats are, for the message: {@code sunset-report/1 (an agent report)}
   * @throws FormatException naming the file and what is wrong, in one line: a file of another format before
   *     anything else of it is read
   */
  public static Head head(Path file, List<String> formats, String expected) throws FormatException {
    String source = file.toString();
    JsonParser parser = open(file, source);
    try (parser) {
      Map<String, Object> fields = new LinkedHashMap<>();
      Set<String> seen = new HashSet<>();
      for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
        parser.nextToken();
        if (!seen.add(name)) {
          throw JsonFile.duplicate(parser, name);
        }
        switch (name) {
          case FORMAT -> {
            Object format = JsonFile.value(parser);
            if (!(format instanceof String named) || !formats.contains(named)) {
              throw Node.wrongFormat(source, format, expected);
            }
            if (!Formats.REPORT.equals(named)) {
              return new Head(named, null, List.of());
            }
            fields.put(FORMAT, format);
          }
          case GENERATED_AT -> fields.put(GENERATED_AT, JsonFile.value(parser));
          case RUNS -> fields.put(RUNS, JsonFile.value(parser));
          default -> parser.skipChildren();
        }
        if (fields.containsKey(FORMAT) && fields.containsKey(GENERATED_AT) && seen.contains(RUNS)) {
          break;
        }
      }
      if (!fields.containsKey(FORMAT)) {
        throw Node.wrongFormat(source, null, expected);
      }
      Node root = Node.root(source, fields);
      Instant generatedAt = root.field(GENERATED_AT).instant();
      List<RunMark> marks = new ArrayList<>();
      for (Report.Run run : Report.runs(root.field(RUNS).list(false), generatedAt, List.of())) {
        marks.add(RunMark.of(run));
      }
      return new Head(Formats.REPORT, generatedAt, marks);
    } catch (IOException e) {
      throw new FormatException(source, JsonFile.problem(e, parser));
    }
  }

  /**
   * Reads the report {@code file} whole, handing each call site to {@code sites} as it is read, in the file's order.
   *
   * @throws FormatException naming the file and what is wrong, in one line; or as {@code sites} throws it
   */
  public static Contents read(Path file, Sites sites) throws FormatException {
    String source = file.toString();
    JsonParser parser = open(file, source);
    try (parser) {
      Map<String, Object> fields = new LinkedHashMap<>();
      List<Node> runs = new ArrayList<>();
      List<Report.Rule> rules = new ArrayList<>();
      List<Report.MergedFrom> mergedFrom = new ArrayList<>();
      int count = 0;
      Set<String> seen = new HashSet<>();
      for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
        JsonToken token = parser.nextToken();
        if (!seen.add(name)) {
          throw JsonFile.duplicate(parser, name);
        }
        boolean list = token == JsonToken.START_ARRAY;
        switch (name) {
          case FORMAT -> {
            Object format = JsonFile.value(parser);
            if (!Formats.REPORT.equals(format)) {
              throw Node.wrongFormat(source, format, A_REPORT);
            }
            fields.put(FORMAT, format);
          }
          case RUNS, RULES, CALL_SITES, MERGED_FROM -> {
            if (!list) {
              fields.put(name, JsonFile.value(parser)); // refused below, as the tree's reader refuses it
              continue;
            }
            fields.put(name, List.of());
            for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
              boolean site = name.equals(CALL_SITES) && parser.currentToken() == JsonToken.START_OBJECT;
              Node element = Node.element(source, name, i, site ? SiteFields.read(parser) : JsonFile.value(parser));
              switch (name) {
                case RUNS -> runs.add(element);
                case RULES -> rules.add(Report.rule(element));
                case CALL_SITES -> {
                  sites.site(Report.site(element));
                  count++;
                }
                default -> mergedFrom.add(Report.mergedFrom(element));
              }
            }
          }
          case GENERATED_AT -> fields.put(GENERATED_AT, JsonFile.value(parser));
          default -> parser.skipChildren();
        }
      }
      JsonFile.requireEnd(parser);
      Node root = Node.root(source, fields);
      root.requireFormat(Formats.REPORT, Report.WHAT);
      Instant generatedAt = root.field(GENERATED_AT).instant();
      root.field(RULES).list(true);
      root.field(CALL_SITES).list(true);
      root.field(RUNS).list(false);
      root.field(MERGED_FROM).list(false);
      return new Contents(generatedAt, Report.runs(runs, generatedAt, rules), rules, mergedFrom, count);
    } catch (IOException e) {
      throw new FormatException(source, JsonFile.problem(e, parser));
    }
  }

  /** The file's parser, standing on the start of its object. */
  private static JsonParser open(Path file, String source) throws FormatException {
    JsonParser parser;
    try {
      parser = JsonFile.open(file);
    } catch (IOException e) {
      throw new FormatException(source, JsonFile.problem(e, null));
    }
    try {
      JsonToken first = parser.nextToken();
      if (first == null || first == JsonToken.VALUE_NULL) {
        throw new JsonFile.Problem("is empty");
      }
      if (first != JsonToken.START_OBJECT) {
        throw JsonFile.notAnObject(parser);
      }
      return parser;
    } catch (IOException e) {
      close(parser);
      throw new FormatException(source, JsonFile.problem(e, parser));
    } catch (RuntimeException e) {
      close(parser);
      throw e;
    }
  }

  private static void close(JsonParser parser) {
    try {
      parser.close();
    } catch (IOException e) {
      // nothing was read from it: nothing is lost
    }
  }
}
