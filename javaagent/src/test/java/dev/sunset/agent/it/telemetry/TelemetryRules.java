package dev.sunset.agent.it.telemetry;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The rules and report reading the telemetry ITs share. */
final class TelemetryRules {
  static final String FIX = "dev.sunset.agent.it.fixtures.";
  static final String SITES = "dev.sunset.agent.it.telemetry.fixtures.CallSites";
  /** The deny date of {@code clock-now}'s schedule. */
  static final String NOW_DENY_DATE = "2099-01-01";

  private TelemetryRules() {}

  /** {@code clock-create} redirected, {@code clock-now} observed until its deny date, {@code clock-describe} denied. */
  static Path write(Path dir) throws IOException {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, "rules:\n"
        + "  - id: clock-create\n"
        + "    legacy: " + FIX + "LegacyClock#create(java.lang.String)\n"
        + "    replacement: " + FIX + "ModernClock#create(java.lang.String)\n"
        + "    stage: redirect\n"
        + "  - id: clock-now\n"
        + "    legacy: " + FIX + "LegacyClock#now(int)\n"
        + "    stage: observe\n"
        + "    schedule:\n"
        + "      deny: " + NOW_DENY_DATE + "\n"
        + "  - id: clock-describe\n"
        + "    legacy: " + FIX + "LegacyClock#describe(java.lang.String)\n"
        + "    stage: deny\n");
    return file;
  }

  /** The rules of {@link #write}, and {@code catalog}: a class rule on the fixtures' {@code LegacyCatalog}, observed. */
  static Path writeWithClassRule(Path dir) throws IOException {
    Path file = write(dir);
    Files.writeString(file, Files.readString(file)
        + "  - id: catalog\n"
        + "    legacy: dev.sunset.agent.it.telemetry.fixtures.LegacyCatalog\n"
        + "    stage: observe\n");
    return file;
  }

  /** The call sites in a Sunset report. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> reportedSites(Path report) throws IOException {
    return new ArrayList<>((List<Map<String, Object>>) JSON.std.mapFrom(Files.readString(report)).get("callSites"));
  }

  /** The one reported site of {@code rule} in {@code method} of {@code className}. */
  static Map<String, Object> reportedSite(Path report, String rule, String className, String method)
      throws IOException {
    List<Map<String, Object>> matching = new ArrayList<>();
    for (Map<String, Object> site : reportedSites(report)) {
      if (rule.equals(site.get("rule")) && className.equals(site.get("class")) && method.equals(site.get("method"))) {
        matching.add(site);
      }
    }
    if (matching.size() != 1) {
      throw new AssertionError("expected one site of " + rule + " in " + className + "." + method + ": " + matching);
    }
    return matching.get(0);
  }

  /**
   * The attributes Sunset gives the series and events of a reported site: its rule, the stage, its caller, its
   * source path and line (as the report gives them) and its jar or folder.
   */
  static Map<String, Object> attributesOf(Path report, String rule, String stage, String className, String method)
      throws IOException {
    Map<String, Object> site = reportedSite(report, rule, className, method);
    return Otlp.map(
        "sunset.rule", rule,
        "sunset.stage", stage,
        "code.function.name", className + "." + method,
        "code.file.path", className.substring(0, className.lastIndexOf('.')).replace('.', '/') + "/" + site.get("file"),
        "code.line.number", ((Number) site.get("line")).longValue(),
        "sunset.code_source", site.get("codeSource"));
  }
}
