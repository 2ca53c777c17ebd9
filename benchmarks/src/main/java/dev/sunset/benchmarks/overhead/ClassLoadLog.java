package dev.sunset.benchmarks.overhead;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One JVM's {@code -Xlog:class+load=info:file=<f>:uptimenanos} log: every class in the order it was loaded,
 * with the JVM's uptime at that moment and where it came from.
 */
public record ClassLoadLog(List<Load> loads) {
  private static final Pattern LINE = Pattern.compile("^\\[(\\d+)ns\\]\\s+(\\S+) source: (.*)$");

  /** Where a loaded class came from. */
  public enum Origin {
    /** The CDS archive: no parsing or verification, cheapest. */
    CDS("CDS archive"),
    /** The JDK's module image, parsed and linked (not in the CDS archive). */
    JDK("JDK, not in CDS"),
    /** Sunset's own code in the agent jar. */
    AGENT("Sunset (agent jar)"),
    /** snakeyaml-engine, relocated in the agent jar. */
    SNAKEYAML("snakeyaml-engine (agent jar)"),
    /** ASM, relocated in the agent jar. */
    ASM("ASM (agent jar)"),
    /** jackson-jr, relocated in the agent jar. */
    JACKSON("jackson-jr (agent jar)"),
    /** The OpenTelemetry SDK and exporters, relocated in the agent jar. */
    OTEL("OpenTelemetry SDK (agent jar)"),
    /** Another agent jar (the do-nothing agent, the OpenTelemetry Java agent). */
    OTHER_AGENT("other agent jar"),
    /** A hidden class spun for method handles ({@code LambdaForm$MH}, {@code $DMH}, ...). */
    LAMBDA_FORM("method-handle LambdaForms (spun)"),
    /** A hidden class spun for a lambda or method reference. */
    LAMBDA("lambda proxies (spun)"),
    /** A class defined at run time by other means (Sunset's bootstrap dispatcher and its installer). */
    DEFINED("defined at run time"),
    /** The application's own classes. */
    APP("application");

    private final String label;

    Origin(String label) {
      this.label = label;
    }

    /** How tables name this origin. */
    public String label() {
      return label;
    }
  }

  /** One class load: uptime in nanoseconds, class name, origin. */
  public record Load(long nanos, String name, Origin origin) {
    /** Uptime in milliseconds. */
    public double millis() {
      return nanos / 1e6;
    }
  }

  /** Reads a log; lines that are not class loads are skipped. */
  public static ClassLoadLog read(Path file, String appJarName) throws IOException {
    List<Load> loads = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      Matcher m = LINE.matcher(line);
      if (m.matches()) {
        loads.add(new Load(Long.parseLong(m.group(1)), m.group(2), origin(m.group(2), m.group(3), appJarName)));
      }
    }
    return new ClassLoadLog(loads);
  }

  static Origin origin(String name, String source, String appJarName) {
    if (source.startsWith("shared objects file")) {
      return Origin.CDS;
    }
    if (source.startsWith("jrt:/")) {
      return Origin.JDK;
    }
    if (name.startsWith("java.lang.invoke.LambdaForm$")) {
      return Origin.LAMBDA_FORM;
    }
    if (name.contains("$$Lambda")) {
      return Origin.LAMBDA;
    }
    if (source.startsWith("file:") && source.endsWith("/sunset-agent.jar")) {
      if (name.startsWith("dev.sunset.agent.shaded.snakeyaml.")) {
        return Origin.SNAKEYAML;
      }
      if (name.startsWith("dev.sunset.agent.shaded.asm.")) {
        return Origin.ASM;
      }
      if (name.startsWith("dev.sunset.agent.shaded.jackson") || name.startsWith("dev.sunset.agent.shaded.com.fasterxml")) {
        return Origin.JACKSON;
      }
      if (name.startsWith("dev.sunset.agent.shaded.")) {
        return Origin.OTEL;
      }
      return Origin.AGENT;
    }
    if (source.startsWith("file:") && source.endsWith("/" + appJarName)) {
      return Origin.APP;
    }
    if (source.startsWith("file:") && source.endsWith(".jar")) {
      return Origin.OTHER_AGENT;
    }
    return Origin.DEFINED;
  }

  /** The uptime at which the first class whose name starts with {@code prefix} loaded, or -1. */
  public long firstLoad(String prefix) {
    for (Load l : loads) {
      if (l.name().startsWith(prefix)) {
        return l.nanos();
      }
    }
    return -1;
  }

  /** The uptime of the last class load. */
  public long lastLoad() {
    return loads.isEmpty() ? 0 : loads.get(loads.size() - 1).nanos();
  }

  /** The loads at uptimes in [{@code from}, {@code to}). */
  public List<Load> between(long from, long to) {
    List<Load> in = new ArrayList<>();
    for (Load l : loads) {
      if (l.nanos() >= from && l.nanos() < to) {
        in.add(l);
      }
    }
    return in;
  }

  /**
   * Wall time in [{@code from}, {@code to}) charged to each origin: each gap between two consecutive loads is
   * charged to the origin of the later class, that is, to the work that ended by needing that class (loading,
   * linking and verifying it included). An approximation: it says which libraries the time goes to, not
   * which method.
   */
  public long[] chargedNanos(long from, long to) {
    long[] charged = new long[Origin.values().length];
    long previous = from;
    for (Load l : loads) {
      if (l.nanos() < from) {
        continue;
      }
      if (l.nanos() >= to) {
        break;
      }
      charged[l.origin().ordinal()] += l.nanos() - previous;
      previous = l.nanos();
    }
    return charged;
  }
}
