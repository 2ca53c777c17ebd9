package dev.sunset.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Sunset report ({@code sunset-report/1}) as the tests read it: the rules with where each resolved, and the call
 * sites. Fields a report does not carry read as null, so an assertion on them fails saying so.
 */
record Report(String format, Instant generatedAt, List<Rule> rules, List<Site> callSites) {
  /** A rule of the report. {@code resolvedIn} is null when the report does not say where the rule resolved. */
  record Rule(String id, String stage, String source, List<Resolution> resolvedIn) {}

  /** A class loader a rule resolved in, and where that loader found the legacy owner. */
  record Resolution(String loader, String codeSource) {}

  /**
   * A call site. {@code via} is null when the report has none, as for a rewritten site; {@code viaGiven} says whether
   * the report carries the key at all. {@code use} and {@code member} are a class rule's (how the site uses the class,
   * and which member); null for a method rule's call.
   */
  record Site(String rule, String className, String method, String descriptor, String file, int line,
      String codeSource, long count, String stage, Map<String, Long> countsByStage, String via, boolean viaGiven,
      String use, String member) {
    /** A method rule's call site, which has no {@code use} or {@code member}. */
    Site(String rule, String className, String method, String descriptor, String file, int line, String codeSource,
        long count, String stage, Map<String, Long> countsByStage, String via, boolean viaGiven) {
      this(rule, className, method, descriptor, file, line, codeSource, count, stage, countsByStage, via, viaGiven,
          null, null);
    }
  }

  /** Reads and parses a report; fails if the file is not a JSON object. */
  static Report read(Path file) throws IOException {
    return parse(Files.readString(file));
  }

  /** Parses a report's text. */
  static Report parse(String json) throws IOException {
    Map<String, Object> root = JSON.std.mapFrom(json);
    List<Rule> rules = new ArrayList<>();
    for (Map<String, Object> r : objects(root.get("rules"))) {
      List<Resolution> resolvedIn = null;
      if (r.get("resolvedIn") != null) {
        resolvedIn = new ArrayList<>();
        for (Map<String, Object> where : objects(r.get("resolvedIn"))) {
          resolvedIn.add(new Resolution((String) where.get("loader"), (String) where.get("codeSource")));
        }
      }
      rules.add(new Rule((String) r.get("id"), (String) r.get("stage"), (String) r.get("source"), resolvedIn));
    }
    List<Site> sites = new ArrayList<>();
    for (Map<String, Object> s : objects(root.get("callSites"))) {
      Map<String, Long> byStage = new LinkedHashMap<>();
      if (s.get("countsByStage") instanceof Map<?, ?> counts) {
        counts.forEach((stage, n) -> byStage.put((String) stage, ((Number) n).longValue()));
      }
      sites.add(new Site((String) s.get("rule"), (String) s.get("class"), (String) s.get("method"),
          (String) s.get("descriptor"), (String) s.get("file"), ((Number) s.get("line")).intValue(),
          (String) s.get("codeSource"), ((Number) s.get("count")).longValue(), (String) s.get("stage"), byStage,
          (String) s.get("via"), s.containsKey("via"), (String) s.get("use"), (String) s.get("member")));
    }
    String generatedAt = (String) root.get("generatedAt");
    return new Report((String) root.get("format"), generatedAt == null ? null : Instant.parse(generatedAt),
        List.copyOf(rules), List.copyOf(sites));
  }

  /** The rule with this id; fails unless the report lists exactly one. */
  Rule rule(String id) {
    List<Rule> matching = rules.stream().filter(r -> r.id().equals(id)).toList();
    assertThat(matching).as("rules with id %s in the report; rules: %s", id, rules).hasSize(1);
    return matching.get(0);
  }

  /** The ids of the rules, in report order. */
  List<String> ruleIds() {
    return rules.stream().map(Rule::id).toList();
  }

  /** The call sites of a rule. */
  List<Site> sitesOf(String ruleId) {
    return callSites.stream().filter(s -> s.rule().equals(ruleId)).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> objects(Object json) {
    assertThat(json).as("a JSON array in the report").isInstanceOf(List.class);
    return (List<Map<String, Object>>) json;
  }
}
