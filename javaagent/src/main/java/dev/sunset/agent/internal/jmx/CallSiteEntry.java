package dev.sunset.agent.internal.jmx;

import java.beans.ConstructorProperties;

/**
 * One call site as the management interface shows it: where it is and which rule it matched, by the same key
 * reports, scans and baselines use (rule, class, method, line). Nothing of any call's arguments or results.
 */
public final class CallSiteEntry {
  private final int id;
  private final String rule;
  private final String className;
  private final String method;
  private final String descriptor;
  private final String file;
  private final int line;
  private final String via;

  /** A call site's entry. */
  @ConstructorProperties({"id", "rule", "className", "method", "descriptor", "file", "line", "via"})
  public CallSiteEntry(int id, String rule, String className, String method, String descriptor, String file, int line,
      String via) {
    this.id = id;
    this.rule = rule;
    this.className = className;
    this.method = method;
    this.descriptor = descriptor;
    this.file = file;
    this.line = line;
    this.via = via;
  }

  /** The site's id: its index in {@link RulesControlMXBean#getCallCounts()}. */
  public int getId() {
    return id;
  }

  /** The rule id. */
  public String getRule() {
    return rule;
  }

  /** The calling class's binary name. */
  public String getClassName() {
    return className;
  }

  /** The calling method's name. */
  public String getMethod() {
    return method;
  }

  /** The calling method's descriptor, or null. */
  public String getDescriptor() {
    return descriptor;
  }

  /** The source file the calling class names, or null. */
  public String getFile() {
    return file;
  }

  /** The line, or 0 when not known. */
  public int getLine() {
    return line;
  }

  /** How calls reach the legacy method when no rewritten instruction covers them ({@code reflection}, ...), or null. */
  public String getVia() {
    return via;
  }
}
