package dev.sunset.cli.internal.verdict;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.sunset.cli.internal.BadInput;
import dev.sunset.core.io.InputFile;
import dev.sunset.core.io.Limits;
import dev.sunset.core.report.SiteKey;
import dev.sunset.core.verdict.FleetEvidence;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sunset's fleet-wide evidence from Prometheus: the calls of {@code sunset_legacy_calls_total} over a window,
 * per call site, through Prometheus's HTTP API ({@code /api/v1/query}). Prometheus does the aggregation across
 * instances; Sunset only adds its two answers per site.
 */
public final class Prometheus {
  /** The labels the calls of a call site are summed by: rule, caller, line, file, jar and the overflow marker. */
  public static final String SITE_LABELS =
      "sunset_rule, code_function_name, code_line_number, code_file_path, sunset_code_source, sunset_overflow";

  /**
   * The calls counted within the window by series that already existed when it began, and the rise of every
   * series within it: {@code increase()} (which Prometheus extrapolates to the window's edges).
   */
  public static final String CALLS_IN_WINDOW =
      "sum by (" + SITE_LABELS + ") (increase(sunset_legacy_calls_total[%s]))";

  /**
   * The calls a series had already counted when it first appeared within the window (its first sample), which
   * {@code increase()} cannot see: a JVM started, or a site first called, within the window. A series exists
   * from its site's first call, so it never starts at zero.
   */
  public static final String CALLS_BEFORE_FIRST_SAMPLE =
      "sum by (" + SITE_LABELS + ") (min_over_time(sunset_legacy_calls_total[%s])"
          + " unless sunset_legacy_calls_total offset %s)";

  /**
   * Per rule, how many instances (distinct {@code job} and {@code instance}) reported its call-site gauge within the
   * window: the JVMs that watched it.
   */
  public static final String INSTANCES_BY_RULE = "count by (sunset_rule) (count by (sunset_rule, job, instance) "
      + "(last_over_time(sunset_call_sites[%s])))";

  /**
   * Per rule, the time of the earliest sample of its call-site gauge within the window (a subquery at the given
   * step): how far back the evidence reaches.
   */
  public static final String EARLIEST_BY_RULE =
      "min by (sunset_rule) (min_over_time(timestamp(sunset_call_sites)[%s:%s]))";

  private static final Pattern WINDOW = Pattern.compile("([0-9]+(ms|s|m|h|d|w|y))+");
  private static final Pattern WINDOW_PART = Pattern.compile("([0-9]+)(ms|s|m|h|d|w|y)");

  /** One series of an answer: its labels and its value. */
  public record Sample(Map<String, String> labels, double value) {}

  private final URI base;
  private final HttpClient http;

  private Prometheus(URI base) {
    this.base = base;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /**
   * A client of the Prometheus at {@code url} ({@code http://prometheus:9090}, a path prefix allowed).
   *
   * @throws BadInput when it is not an http(s) URL
   */
  public static Prometheus at(String url) throws BadInput {
    try {
      URI uri = new URI(url.endsWith("/") ? url : url + "/");
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new BadInput("--prometheus " + url + ": is not an http or https URL such as http://prometheus:9090");
      }
      return new Prometheus(uri);
    } catch (URISyntaxException e) {
      throw new BadInput("--prometheus " + url + ": is not a URL (" + e.getReason() + ")");
    }
  }

  /** Checks a window such as {@code 30d} or {@code 1h30m} (Prometheus's duration syntax). */
  public static String window(String window) throws BadInput {
    if (window == null || !WINDOW.matcher(window).matches()) {
      throw new BadInput("--window " + window + ": is not a duration such as 30d, 12h or 1h30m");
    }
    return window;
  }

  /** The length of a window in Prometheus's duration syntax, already checked by {@link #window}. */
  static Duration length(String window) {
    Duration total = Duration.ZERO;
    Matcher m = WINDOW_PART.matcher(window);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        case "w" -> Duration.ofDays(7 * n);
        default -> Duration.ofDays(365 * n);
      });
    }
    return total;
  }

  /**
   * The fleet's evidence over the window ending now: calls per site, calls on the overflow series per rule, and per
   * rule the instances that reported it and its earliest sample.
   */
  public FleetEvidence evidence(String window, Instant now) throws BadInput {
    Map<List<String>, Double> calls = new LinkedHashMap<>();
    Map<List<String>, Map<String, String>> labelsOf = new LinkedHashMap<>();
    for (String query : List.of(String.format(Locale.ROOT, CALLS_IN_WINDOW, window),
        String.format(Locale.ROOT, CALLS_BEFORE_FIRST_SAMPLE, window, window))) {
      for (Sample s : query(query)) {
        List<String> id = List.of(s.labels().getOrDefault("sunset_rule", ""),
            s.labels().getOrDefault("code_function_name", ""), s.labels().getOrDefault("code_line_number", ""),
            s.labels().getOrDefault("code_file_path", ""), s.labels().getOrDefault("sunset_code_source", ""),
            s.labels().getOrDefault("sunset_overflow", ""));
        calls.merge(id, s.value(), Double::sum);
        labelsOf.putIfAbsent(id, s.labels());
      }
    }
    Map<SiteKey, FleetEvidence.SiteCalls> sites = new LinkedHashMap<>();
    Map<String, Long> unattributed = new LinkedHashMap<>();
    for (Map.Entry<List<String>, Double> e : calls.entrySet()) {
      Map<String, String> labels = labelsOf.get(e.getKey());
      String rule = labels.get("sunset_rule");
      long count = Math.round(e.getValue());
      String function = labels.get("code_function_name");
      if (rule == null) {
        continue;
      }
      if ("true".equals(labels.get("sunset_overflow")) || function == null || function.lastIndexOf('.') < 0) {
        unattributed.merge(rule, count, Long::sum);
        continue;
      }
      int dot = function.lastIndexOf('.');
      int line;
      try {
        line = Integer.parseInt(labels.getOrDefault("code_line_number", "0"));
      } catch (NumberFormatException ex) {
        line = 0;
      }
      String path = labels.get("code_file_path");
      SiteKey key = new SiteKey(rule, function.substring(0, dot), function.substring(dot + 1), line);
      FleetEvidence.SiteCalls known = sites.get(key);
      sites.put(key, new FleetEvidence.SiteCalls((known == null ? 0 : known.count()) + count,
          known != null && known.file() != null ? known.file()
              : path == null ? null : path.substring(path.lastIndexOf('/') + 1),
          known != null && known.codeSource() != null ? known.codeSource() : labels.get("sunset_code_source")));
    }
    Map<String, Integer> instances = new LinkedHashMap<>();
    for (Sample s : query(String.format(Locale.ROOT, INSTANCES_BY_RULE, window))) {
      String rule = s.labels().get("sunset_rule");
      if (rule != null) {
        instances.put(rule, (int) Math.min(Integer.MAX_VALUE, Math.round(s.value())));
      }
    }
    long stepSeconds = Math.max(15, length(window).toSeconds() / 1000);
    Map<String, FleetEvidence.RuleSeries> rules = new LinkedHashMap<>();
    for (Sample s : query(String.format(Locale.ROOT, EARLIEST_BY_RULE, window, stepSeconds + "s"))) {
      String rule = s.labels().get("sunset_rule");
      if (rule != null && Double.isFinite(s.value())) {
        rules.put(rule, new FleetEvidence.RuleSeries(instances.getOrDefault(rule, 0),
            Instant.ofEpochMilli(Math.round(s.value() * 1000))));
      }
    }
    instances.forEach((rule, n) -> rules.putIfAbsent(rule, new FleetEvidence.RuleSeries(n, null)));
    return new FleetEvidence(base.toString(), window, now, sites, unattributed, rules);
  }

  /** Runs an instant query now; a refused query or an unreachable server is bad input naming the URL. */
  @SuppressWarnings("unchecked")
  public List<Sample> query(String promql) throws BadInput {
    URI uri = base.resolve("api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    String where = "--prometheus " + base;
    HttpResponse<InputStream> response;
    String text;
    try {
      response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        // a server that answers without end would otherwise fill the memory before the timeout
        text = new String(InputFile.readAtMost(in, Limits.JSON_FILE_BYTES, "an answer"), StandardCharsets.UTF_8);
      }
    } catch (ConnectException e) {
      throw new BadInput(where + ": cannot connect (" + (e.getMessage() == null ? "connection refused" : e.getMessage())
          + ")");
    } catch (HttpTimeoutException e) {
      throw new BadInput(where + ": no answer within 60 s");
    } catch (IOException e) {
      throw new BadInput(where + ": cannot be queried (" + e + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BadInput(where + ": interrupted");
    }
    Map<String, Object> body;
    try {
      body = JSON.std.mapFrom(text);
    } catch (IOException | RuntimeException e) {
      throw new BadInput(where + ": answered HTTP " + response.statusCode() + " with something that is not "
          + "Prometheus's API (is the URL the server's, such as http://prometheus:9090?)");
    }
    if (body == null || !"success".equals(body.get("status"))) {
      Object error = body == null ? null : body.get("error");
      throw new BadInput(where + ": refused the query (HTTP " + response.statusCode() + ": " + error + "): " + promql);
    }
    Object data = body.get("data");
    if (!(data instanceof Map<?, ?> d) || !"vector".equals(d.get("resultType")) || !(d.get("result") instanceof List<?> list)) {
      throw new BadInput(where + ": answered with something other than an instant vector: " + promql);
    }
    List<Sample> samples = new ArrayList<>();
    try {
      for (Object o : list) {
        Map<String, Object> series = (Map<String, Object>) o;
        Map<String, String> labels = new LinkedHashMap<>();
        ((Map<String, Object>) series.get("metric")).forEach((k, v) -> labels.put(k, String.valueOf(v)));
        List<Object> value = (List<Object>) series.get("value");
        double v = Double.parseDouble(String.valueOf(value.get(1)));
        if (!Double.isFinite(v) || v < 0) {
          throw new IllegalArgumentException("value " + v);
        }
        samples.add(new Sample(labels, v));
      }
    } catch (RuntimeException e) {
      // what Prometheus sends always has these shapes: anything else is a server that is not Prometheus
      throw new BadInput(where + ": answered with a series that is not a count as Prometheus sends it (" + e + "): "
          + promql);
    }
    return samples;
  }
}
