package dev.sunset.agent.it.telemetry;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads decoded OTLP messages the way the telemetry ITs compare them: attributes as plain maps. */
final class Otlp {
  static final String SCOPE = "dev.sunset.agent";

  private Otlp() {}

  /** Attributes as a map of their plain values (strings, longs, booleans, doubles). */
  static Map<String, Object> attributes(List<KeyValue> keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValue kv : keyValues) {
      map.put(kv.getKey(), value(kv.getValue()));
    }
    return map;
  }

  private static Object value(AnyValue value) {
    switch (value.getValueCase()) {
      case STRING_VALUE:
        return value.getStringValue();
      case INT_VALUE:
        return value.getIntValue();
      case BOOL_VALUE:
        return value.getBoolValue();
      case DOUBLE_VALUE:
        return value.getDoubleValue();
      default:
        return value.toString();
    }
  }

  /** The metric of Sunset's scope named {@code name} in an export, if there. */
  static Optional<Metric> sunsetMetric(ExportMetricsServiceRequest request, String name) {
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        if (sm.getScope().getName().equals(SCOPE)) {
          for (Metric m : sm.getMetricsList()) {
            if (m.getName().equals(name)) {
              return Optional.of(m);
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The resource of the export that carries Sunset's scope. */
  static ResourceMetrics sunsetResource(ExportMetricsServiceRequest request) {
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        if (sm.getScope().getName().equals(SCOPE)) {
          return rm;
        }
      }
    }
    throw new AssertionError("no " + SCOPE + " scope in " + request);
  }

  /** The points of a sum or gauge, by their attributes. */
  static Map<Map<String, Object>, Long> points(Metric metric) {
    List<NumberDataPoint> points = metric.hasSum() ? metric.getSum().getDataPointsList()
        : metric.getGauge().getDataPointsList();
    Map<Map<String, Object>, Long> map = new LinkedHashMap<>();
    for (NumberDataPoint p : points) {
      if (map.put(attributes(p.getAttributesList()), p.getAsInt()) != null) {
        throw new AssertionError("two points with the same attributes in " + metric);
      }
    }
    return map;
  }

  /** A log record of Sunset's scope with the resource attributes it came with. */
  record Event(LogRecord record, Map<String, Object> resource) {
    Map<String, Object> attributes() {
      return Otlp.attributes(record.getAttributesList());
    }

    String traceId() {
      return hex(record.getTraceId());
    }

    String spanId() {
      return hex(record.getSpanId());
    }
  }

  /** Every log record of Sunset's scope across these exports. */
  static List<Event> sunsetEvents(List<ExportLogsServiceRequest> requests) {
    List<Event> events = new ArrayList<>();
    for (ExportLogsServiceRequest request : requests) {
      for (ResourceLogs rl : request.getResourceLogsList()) {
        for (ScopeLogs sl : rl.getScopeLogsList()) {
          if (sl.getScope().getName().equals(SCOPE)) {
            for (LogRecord r : sl.getLogRecordsList()) {
              events.add(new Event(r, attributes(rl.getResource().getAttributesList())));
            }
          }
        }
      }
    }
    return events;
  }

  static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  /** A map in the given key order, for expected attributes. */
  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
