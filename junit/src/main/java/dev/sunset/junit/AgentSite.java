package dev.sunset.junit;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.format.Use;
import dev.sunset.core.report.SiteKey;
import dev.sunset.core.report.UseKey;
import javax.management.ConstructorParameters;
import org.apiguardian.api.API;

/**
 * A call site as the agent's MXBean describes it ({@code CallSites}): where it is, its rule, and how it uses the legacy
 * API, never a call's values. Mapped from the MXBean's composite data by name, so this jar names no class of the
 * agent's; an agent whose items name no use and member (before class rules) is mapped through the constructor of the
 * eight items it has.
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
  private final String use;
  private final String member;

  /** A site, as an agent that names no use gives it (before class rules): a call of a method rule's method. */
  @ConstructorParameters({"id", "rule", "className", "method", "descriptor", "file", "line", "via"})
  public AgentSite(int id, String rule, String className, String method, String descriptor, String file, int line,
      String via) {
    this(id, rule, className, method, descriptor, file, line, via, null, null);
  }

  /** A site, as the MXBean gives it, with its use and, for a class rule's site, its member. */
  @ConstructorParameters({"id", "rule", "className", "method", "descriptor", "file", "line", "via", "use", "member"})
  public AgentSite(int id, String rule, String className, String method, String descriptor, String file, int line,
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

  /**
   * How the site uses the legacy API, as a report's {@code use} names it ({@code call}, {@code new},
   * {@code field-read}, ...); null from an agent that names none.
   */
  public String getUse() {
    return use;
  }

  /** For a class rule's site, the member it uses ({@code <init>(int)}, a field's name, {@code <class>}); else null. */
  public String getMember() {
    return member;
  }

  /** How the site uses the legacy API: a call where the agent names no use (or one this jar does not know). */
  Use use() {
    Use parsed = use == null ? null : Use.parse(use);
    return parsed == null ? Use.CALL : parsed;
  }

  /**
   * The key reports, scans and baselines match on: rule, class, method, line, and for a class rule's site its use and
   * member (a field read beside a tolerated {@code new} on one line is a site of its own).
   */
  UseKey key() {
    return new UseKey(new SiteKey(rule, className, method, line), use(), member);
  }

  /**
   * The site as {@code sunset check} prints a new one: {@code File.java:42 com.acme.Checkout.run rule-id}, and for a
   * class rule's site its use and member, {@code (field-read name)}.
   */
  String describe() {
    return (file == null ? "?" : file) + ":" + line + " " + className + "." + method + " " + rule
        + (member == null ? "" : " (" + use().forPeople(member) + ")");
  }
}
