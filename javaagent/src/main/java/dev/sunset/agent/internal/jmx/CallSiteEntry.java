package dev.sunset.agent.internal.jmx;

import java.beans.ConstructorProperties;

/**
 * One call site as the management interface shows it: where it is and which rule it matched, by the same key
 * reports, scans and baselines use (rule, class, method, line), and, as the report says it, how it uses the legacy API
 * and, for a class rule's site, which member: two sites of a class rule on one line differ by them. Nothing of any
 * call's arguments or results.
 *
 * <p>Readers map it by item name ({@code sunset-junit} does, all ten, and maps an agent's first eight alone as before
 * class rules), so items are only ever added.
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
  private final String use;
  private final String member;

  /** A call site's entry. */
  @ConstructorProperties({"id", "rule", "className", "method", "descriptor", "file", "line", "via", "use", "member"})
  public CallSiteEntry(int id, String rule, String className, String method, String descriptor, String file, int line,
      String via, String use, String member) {
    this.id = id;
    this.rule = rule;
    this.className = className;
    this.method = method;
    this.descriptor = descriptor;
    this.file = file;
    this.line = line;
    this.via = via;
    this.use = use;
    this.member = member;
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

  /**
   * How the site uses the legacy API, as the report's {@code use}: {@code call} (every site of a method rule), or for a
   * class rule's site also {@code new}, {@code field-read}, {@code field-write}, {@code subclass}, {@code class-lookup}.
   */
  public String getUse() {
    return use;
  }

  /**
   * For a class rule's site, the member it uses ({@code create(java.lang.String)}, {@code <init>()}, a field's name,
   * {@code <class>}); null for a method rule's site.
   */
  public String getMember() {
    return member;
  }
}
