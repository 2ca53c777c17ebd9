package dev.sunset.junit;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.report.SiteKey;
import javax.management.ConstructorParameters;
import org.apiguardian.api.API;

/**
 * A call site as the agent's MXBean describes it ({@code CallSites}): where it is and its rule, never a call's values.
 * Mapped from the MXBean's composite data by name, so this jar names no class of the agent's.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class AgentSite {
  private final int id;
  private final String rule;
  private final String className;
  private final String method;
  private final String descriptor;
  private final String file;
  private final int line;
  private final String via;

  /** A site, as the MXBean gives it. */
  @ConstructorParameters({"id", "rule", "className", "method", "descriptor", "file", "line", "via"})
  public AgentSite(int id, String rule, String className, String method, String descriptor, String file, int line,
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

  /** The site's id: its index in the counts. */
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

  /** How calls reach the legacy method when no rewritten instruction covers them, or null. */
  public String getVia() {
    return via;
  }

  /** The key reports, scans and baselines match on. */
  SiteKey key() {
    return new SiteKey(rule, className, method, line);
  }

  /** The site as {@code sunset check} prints a new one: {@code File.java:42 com.acme.Checkout.run rule-id}. */
  String describe() {
    return (file == null ? "?" : file) + ":" + line + " " + className + "." + method + " " + rule;
  }
}
