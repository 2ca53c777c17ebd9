package dev.sunset.agent.it.telemetry;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The queries of the Prometheus alert rules and the Grafana dashboard in {@code collector-config/}, as shipped, ready
 * to run through Prometheus's HTTP API.
 */
final class ShippedConfig {
  private static final Path DIR = Path.of("..", "collector-config");

  private ShippedConfig() {}

  /** The expression of the alert named {@code alert} in {@code prometheus/sunset-alerts.yml}. */
  @SuppressWarnings("unchecked")
  static String alertExpression(String alert) throws IOException {
    Map<String, Object> file = (Map<String, Object>) new Load(LoadSettings.builder().build())
        .loadFromString(Files.readString(DIR.resolve("prometheus/sunset-alerts.yml")));
    for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        if (alert.equals(rule.get("alert"))) {
          return (String) rule.get("expr");
        }
      }
    }
    throw new AssertionError("no alert " + alert + " in sunset-alerts.yml");
  }

  /**
   * The query of the panel titled {@code title} in {@code grafana/sunset-dashboard.json}, as Grafana sends it with
   * every job selected and a rate interval of one minute.
   */
  @SuppressWarnings("unchecked")
  static String panelQuery(String title) throws IOException {
    Map<String, Object> dashboard = JSON.std.mapFrom(Files.readString(DIR.resolve("grafana/sunset-dashboard.json")));
    for (Map<String, Object> panel : (List<Map<String, Object>>) dashboard.get("panels")) {
      if (title.equals(panel.get("title"))) {
        String expr = (String) ((List<Map<String, Object>>) panel.get("targets")).get(0).get("expr");
        return expr.replace("$job", ".*").replace("$__rate_interval", "1m");
      }
    }
    throw new AssertionError("no panel " + title + " in sunset-dashboard.json");
  }
}
