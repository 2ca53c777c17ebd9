package dev.sunset.agent.it;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads Sunset reports in tests. */
final class Reports {
  private Reports() {}

  static Map<String, Object> read(Path report) throws IOException {
    return JSON.std.mapFrom(Files.readString(report));
  }

  /** The call sites of a rule. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> sitesOf(Map<String, Object> report, String ruleId) {
    List<Map<String, Object>> sites = new ArrayList<>();
    for (Object o : (List<Object>) report.get("callSites")) {
      Map<String, Object> site = (Map<String, Object>) o;
      if (ruleId.equals(site.get("rule"))) {
        sites.add(site);
      }
    }
    return sites;
  }

  /** The entry of a rule in the report's rules list. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> rule(Map<String, Object> report, String ruleId) {
    for (Object o : (List<Object>) report.get("rules")) {
      Map<String, Object> rule = (Map<String, Object>) o;
      if (ruleId.equals(rule.get("id"))) {
        return rule;
      }
    }
    throw new AssertionError("no rule " + ruleId + " in " + report.get("rules"));
  }

  static long count(Map<String, Object> site) {
    return ((Number) site.get("count")).longValue();
  }

  /** The single site of a rule in a method. */
  static Map<String, Object> site(Map<String, Object> report, String ruleId, String method) {
    List<Map<String, Object>> matching = new ArrayList<>();
    for (Map<String, Object> s : sitesOf(report, ruleId)) {
      if (method.equals(s.get("method"))) {
        matching.add(s);
      }
    }
    if (matching.size() != 1) {
      throw new AssertionError("expected one site of " + ruleId + " in " + method + ", found " + matching);
    }
    return matching.get(0);
  }
}
