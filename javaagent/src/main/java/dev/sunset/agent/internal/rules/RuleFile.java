package dev.sunset.agent.internal.rules;

import dev.sunset.core.rules.RuleSource;
import dev.sunset.core.rules.RulesReader;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rules file as the agent holds it: its text, the class and method names and the packages it mentions, and its
 * rules, parsed the first time they are needed rather than while the JVM starts.
 *
 * <p>The names come from a look at the text for every {@code Owner#method(} it holds, whatever the YAML around
 * it; they are a superset of the legacy members' names, which is all the class-file scan needs to decide that
 * a class can be passed over. The YAML parser decides what the rules are.
 */
public final class RuleFile {
  private static final Pattern MEMBER = Pattern.compile("([\\p{L}\\p{N}_$.]+)#([\\p{L}\\p{N}_$]+)\\s*\\(");
  /** A class rule's class, {@code legacy: com.acme.Owner} (quoted or not, block or flow style). */
  private static final Pattern CLASS = Pattern.compile(
      "\\blegacy\\s*:\\s*[\"']?([\\p{L}\\p{N}_$]+(?:\\.[\\p{L}\\p{N}_$]+)+)[\"']?\\s*(?=[,}#\\r\\n]|$)");
  /** A package rule's package, {@code legacy: com.acme.legacy.*} (quoted or not, block or flow style). */
  private static final Pattern PACKAGE = Pattern.compile(
      "\\blegacy\\s*:\\s*[\"']?([\\p{L}\\p{N}_$]+(?:\\.[\\p{L}\\p{N}_$]+)*)\\.\\*[\"']?\\s*(?=[,}#\\r\\n]|$)");

  private final RuleSource source;
  private final String text;
  private final Set<String> names;
  private final Set<String> packages;
  private final Function<RuleFile, RulesReader.Result> parser;
  private volatile RulesReader.Result parsed;

  RuleFile(RuleSource source, String text, Function<RuleFile, RulesReader.Result> parser) {
    this.source = source;
    this.text = text;
    this.names = namesIn(text);
    this.packages = packagesIn(text);
    this.parser = parser;
  }

  /** The names a class's constant pool may hold if it calls a member the text names. */
  static Set<String> namesIn(String text) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = MEMBER.matcher(text);
    while (m.find()) {
      names.add(m.group(1).replace('.', '/'));
      names.add(m.group(2));
    }
    Matcher c = CLASS.matcher(text);
    while (c.find()) {
      names.add(c.group(1).replace('.', '/'));
      names.add(c.group(1)); // a lookup by name holds it as a string
    }
    return Set.copyOf(names);
  }

  /**
   * The packages (internal names, {@code com/acme/legacy}) the text names in package rules: a class's constant pool
   * names a class of one if it uses it.
   */
  static Set<String> packagesIn(String text) {
    Set<String> packages = new LinkedHashSet<>();
    Matcher p = PACKAGE.matcher(text);
    while (p.find()) {
      packages.add(p.group(1).replace('.', '/'));
    }
    return Set.copyOf(packages);
  }

  /** The packages (internal names) of the package rules the text holds, as a look at the text finds them. */
  public Set<String> packages() {
    return packages;
  }

  /** Where the file came from. */
  public RuleSource source() {
    return source;
  }

  /** The file's text. */
  public String text() {
    return text;
  }

  /**
   * The class (internal) and method names the text mentions in members, and the classes of class rules (internal and
   * binary names).
   */
  public Set<String> names() {
    return names;
  }

  /** Whether the rules have been parsed already. */
  boolean isParsed() {
    return parsed != null;
  }

  /** The file's rules and problems, parsed on first use (once; the parser reports the problems). */
  public RulesReader.Result rules() {
    RulesReader.Result r = parsed;
    if (r == null) {
      synchronized (this) {
        r = parsed;
        if (r == null) {
          r = parser.apply(this);
          parsed = r;
        }
      }
    }
    return r;
  }

  /** A file with no rules. */
  static RuleFile empty(RuleSource source) {
    return parsed(source, "", new RulesReader.Result(List.of(), List.of()));
  }

  /** A file whose rules were parsed already. */
  static RuleFile parsed(RuleSource source, String text, RulesReader.Result rules) {
    RuleFile f = new RuleFile(source, text, null);
    f.parsed = rules;
    return f;
  }
}
