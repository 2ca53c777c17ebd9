package dev.sunset.agent.internal.telemetry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The standard OpenTelemetry configuration as Sunset reads it before starting anything: the {@code otel.*}
 * system properties, then the {@code OTEL_*} environment variables, as the SDK's autoconfiguration does.
 *
 * <p>Sunset starts its own SDK only when an exporter or an OTLP endpoint is configured; with nothing configured
 * nothing is loaded and nothing goes over the network.
 */
public final class OtelConfig {
  static final String SDK_DISABLED = "otel.sdk.disabled";
  static final String METRICS_EXPORTER = "otel.metrics.exporter";
  static final String LOGS_EXPORTER = "otel.logs.exporter";
  static final String TRACES_EXPORTER = "otel.traces.exporter";
  static final String OTLP_ENDPOINT = "otel.exporter.otlp.endpoint";
  static final String OTLP_METRICS_ENDPOINT = "otel.exporter.otlp.metrics.endpoint";
  static final String OTLP_LOGS_ENDPOINT = "otel.exporter.otlp.logs.endpoint";
  static final String OTLP_PROTOCOL = "otel.exporter.otlp.protocol";
  static final String PROMETHEUS_HOST = "otel.exporter.prometheus.host";
  static final String PROMETHEUS_PORT = "otel.exporter.prometheus.port";
  static final String JAVAAGENT_ENABLED = "otel.javaagent.enabled";

  /** The OTLP protocol Sunset uses unless told otherwise: its jar carries the JDK HTTP sender, not grpc. */
  public static final String DEFAULT_OTLP_PROTOCOL = "http/protobuf";
  /** The address Sunset's Prometheus endpoint binds to unless a host is given. */
  public static final String DEFAULT_PROMETHEUS_HOST = "127.0.0.1";

  private final Function<String, String> systemProperties;
  private final Function<String, String> environment;

  private OtelConfig(Function<String, String> systemProperties, Function<String, String> environment) {
    this.systemProperties = systemProperties;
    this.environment = environment;
  }

  /** The configuration from these system properties and environment variables. */
  public static OtelConfig read(Function<String, String> systemProperties, Function<String, String> environment) {
    return new OtelConfig(systemProperties, environment);
  }

  /** The value of an {@code otel.*} property, from the system property or else its environment variable. */
  public String get(String property) {
    String value = systemProperties.apply(property);
    if (value == null || value.isBlank()) {
      value = environment.apply(environmentName(property));
    }
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** {@code otel.exporter.otlp.endpoint} is {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
  static String environmentName(String property) {
    return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Whether the configuration asks for an SDK: an exporter or an OTLP endpoint is set, and the SDK is not disabled. */
  public boolean sdkRequested() {
    if ("true".equalsIgnoreCase(get(SDK_DISABLED))) {
      return false;
    }
    String metrics = get(METRICS_EXPORTER);
    String logs = get(LOGS_EXPORTER);
    if (metrics == null && logs == null) {
      return get(OTLP_ENDPOINT) != null || get(OTLP_METRICS_ENDPOINT) != null || get(OTLP_LOGS_ENDPOINT) != null;
    }
    return !("none".equalsIgnoreCase(exporter(metrics)) && "none".equalsIgnoreCase(exporter(logs)));
  }

  /** Whether {@code otel.javaagent.enabled=false} turns the OpenTelemetry Java agent off. */
  public boolean javaagentDisabled() {
    return "false".equalsIgnoreCase(get(JAVAAGENT_ENABLED));
  }

  /** An exporter setting with the SDK's default applied: unset means {@code otlp}. */
  private static String exporter(String value) {
    return value == null ? "otlp" : value;
  }

  /**
   * The defaults Sunset gives its SDK, below anything the system properties and environment set: no
   * traces (Sunset has none), OTLP over {@value #DEFAULT_OTLP_PROTOCOL}, and a Prometheus endpoint on
   * {@value #DEFAULT_PROMETHEUS_HOST}.
   */
  public Map<String, String> sunsetDefaults() {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put(TRACES_EXPORTER, "none");
    defaults.put(OTLP_PROTOCOL, DEFAULT_OTLP_PROTOCOL);
    defaults.put(PROMETHEUS_HOST, DEFAULT_PROMETHEUS_HOST);
    return defaults;
  }

  /** Where the metrics and events go, for the agent's start-up line. */
  public String describe() {
    return "metrics to " + describeExporters(exporter(get(METRICS_EXPORTER)), OTLP_METRICS_ENDPOINT)
        + "; first-call events to " + describeExporters(exporter(get(LOGS_EXPORTER)), OTLP_LOGS_ENDPOINT);
  }

  private String describeExporters(String exporters, String signalEndpoint) {
    StringBuilder sb = new StringBuilder();
    for (String exporter : exporters.split(",")) {
      String name = exporter.trim();
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(name);
      if (name.equals("otlp")) {
        String protocol = get(OTLP_PROTOCOL) == null ? DEFAULT_OTLP_PROTOCOL : get(OTLP_PROTOCOL);
        String endpoint = get(signalEndpoint) != null ? get(signalEndpoint)
            : get(OTLP_ENDPOINT) != null ? get(OTLP_ENDPOINT) : "http://localhost:4318";
        sb.append(" (").append(protocol).append(", ").append(endpoint).append(")");
      } else if (name.equals("prometheus")) {
        String host = get(PROMETHEUS_HOST) == null ? DEFAULT_PROMETHEUS_HOST : get(PROMETHEUS_HOST);
        String port = get(PROMETHEUS_PORT) == null ? "9464" : get(PROMETHEUS_PORT);
        sb.append(" (http://").append(host.contains(":") ? "[" + host + "]" : host).append(":").append(port)
            .append("/metrics)");
      }
    }
    return sb.toString();
  }
}
