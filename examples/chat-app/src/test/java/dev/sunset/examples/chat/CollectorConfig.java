package dev.sunset.examples.chat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The configuration shipped in {@code collector-config/}, read as the tests need it. */
public final class CollectorConfig {
  private CollectorConfig() {}

  /** The {@code collector-config/} folder (system property {@code sunset.collector.config}). */
  public static Path dir() {
    return Path.of(System.getProperty("sunset.collector.config", "../../collector-config")).toAbsolutePath().normalize();
  }

  public static Path prometheusConfig() {
    return dir().resolve("prometheus/prometheus.yml");
  }

  public static Path alertRules() {
    return dir().resolve("prometheus/sunset-alerts.yml");
  }

  public static Path dashboard() {
    return dir().resolve("grafana/sunset-dashboard.json");
  }

  /** A YAML file as maps and lists. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> yaml(Path file) throws IOException {
    return (Map<String, Object>) new Load(LoadSettings.builder().setLabel(file.toString()).build())
        .loadFromString(Files.readString(file));
  }

  /** The dashboard JSON. */
  public static Map<String, Object> dashboardJson() throws IOException {
    return JSON.std.mapFrom(Files.readString(dashboard()));
  }

  /** Every alert's expression, by alert name. */
  @SuppressWarnings("unchecked")
  public static Map<String, String> alertExpressions() throws IOException {
    Map<String, String> expressions = new LinkedHashMap<>();
    for (Object group : (List<Object>) yaml(alertRules()).get("groups")) {
      for (Object rule : (List<Object>) ((Map<String, Object>) group).get("rules")) {
        Map<String, Object> r = (Map<String, Object>) rule;
        expressions.put((String) r.get("alert"), ((String) r.get("expr")).trim());
      }
    }
    return expressions;
  }

  /** Every query of every dashboard panel, by {@code panel title / refId}, as Grafana writes it. */
  @SuppressWarnings("unchecked")
  public static Map<String, String> dashboardQueries() throws IOException {
    Map<String, String> queries = new LinkedHashMap<>();
    for (Object panel : (List<Object>) dashboardJson().get("panels")) {
      Map<String, Object> p = (Map<String, Object>) panel;
      for (Object target : (List<Object>) p.get("targets")) {
        Map<String, Object> t = (Map<String, Object>) target;
        queries.put(p.get("title") + " / " + t.get("refId"), (String) t.get("expr"));
      }
    }
    return queries;
  }

  /**
   * A dashboard query as Grafana would send it: {@code $__rate_interval} becomes {@code rateInterval} and the
   * {@code job} variable its "All" value; a query using any other variable is refused.
   */
  public static String asGrafanaSendsIt(String expr, String rateInterval) {
    String sent = expr.replace("$__rate_interval", rateInterval).replace("$job", ".*");
    if (sent.contains("$")) {
      throw new AssertionError("a dashboard query uses a variable the test does not know: " + expr);
    }
    return sent;
  }

  /** Lists in a YAML map, or an empty one. */
  @SuppressWarnings("unchecked")
  public static List<String> names(Map<String, Object> map, String key) {
    Object value = map.get(key);
    return value == null ? List.of() : new ArrayList<>((List<String>) value);
  }
}
