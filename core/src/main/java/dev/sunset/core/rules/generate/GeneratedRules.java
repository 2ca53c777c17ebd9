package dev.sunset.core.rules.generate;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.scan.SkippedClass;
import dev.sunset.core.text.Counted;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * A rules file written from the deprecations of artifacts, and what went into it.
 *
 * @param text the rules file (YAML, with its schema line and comments)
 * @param rules the rules written, in the file's order
 * @param notExpressible the deprecated members the rules file cannot name yet (constructors, fields, methods whose
 *     names it does not take), listed in the file as comments
 * @param classes the classes deprecated as a whole that no class rule can name (or the agent would refuse), listed in
 *     the file as comments; the others are class rules
 * @param notSelected how many deprecated methods, constructors and fields were left out because they are not
 *     deprecated for removal (without {@code --all-deprecated})
 * @param classesRead how many class files were read
 * @param skipped class files and nested jars that could not be read
 */
@API(status = INTERNAL, since = "0.1.0")
public record GeneratedRules(String text, List<Rule> rules, List<Listed> notExpressible, List<Listed> classes,
    int notSelected, long classesRead, List<SkippedClass> skipped) {
  /** The lists are copied. */
  public GeneratedRules {
    rules = List.copyOf(rules);
    notExpressible = List.copyOf(notExpressible);
    classes = List.copyOf(classes);
    skipped = List.copyOf(skipped);
  }

  /**
   * One rule written.
   *
   * @param id its id
   * @param legacy its legacy method, as written
   * @param replacement its replacement as written, or null
   * @param message its message
   * @param inlineMe the {@code @InlineMe} replacement expression of the legacy method, or null
   * @param inlineMeNotUsed why that expression gave no replacement, or null (none, or it was used)
   */
  public record Rule(String id, String legacy, String replacement, String message, String inlineMe,
      String inlineMeNotUsed) {
    /** Whether the replacement was inferred from {@code @InlineMe}. */
    public boolean inferred() {
      return replacement != null;
    }
  }

  /**
   * A deprecated thing listed as a comment.
   *
   * @param kind what it is
   * @param member how people write it: {@code com.acme.Owner(int)}, {@code com.acme.Owner.FIELD (int)}
   * @param deprecation how it is deprecated: {@code deprecated for removal since 2.0}
   * @param why why it is not a rule
   */
  public record Listed(DeprecatedMember.Kind kind, String member, String deprecation, String why) {}

  /** The rules whose replacement was inferred from {@code @InlineMe}. */
  public List<Rule> inferred() {
    return rules.stream().filter(Rule::inferred).toList();
  }

  /** How many listed things are of {@code kind}. */
  public long notExpressible(DeprecatedMember.Kind kind) {
    return notExpressible.stream().filter(l -> l.kind() == kind).count();
  }

  /**
   * What was written, in one line: {@code 3 rules (1 replacement inferred from @InlineMe, 1 @InlineMe not used); 2
   * constructors, 1 field not yet expressible as rules, listed as comments}.
   */
  public String summary() {
    StringBuilder sb = new StringBuilder(Counted.of(rules.size(), "rule"));
    long unused = rules.stream().filter(r -> r.inlineMeNotUsed() != null).count();
    List<String> inline = new ArrayList<>();
    inline.add(Counted.of(inferred().size(), "replacement") + " inferred from @InlineMe");
    if (unused > 0) {
      inline.add(unused + " @InlineMe not used (a comment says why)");
    }
    sb.append(" (").append(String.join(", ", inline)).append(")");
    List<String> listed = new ArrayList<>();
    long constructors = notExpressible(DeprecatedMember.Kind.CONSTRUCTOR);
    long fields = notExpressible(DeprecatedMember.Kind.FIELD);
    long methods = notExpressible(DeprecatedMember.Kind.METHOD);
    listed.add(Counted.of(constructors, "constructor"));
    listed.add(Counted.of(fields, "field"));
    if (methods > 0) {
      listed.add(Counted.of(methods, "method"));
    }
    sb.append("; ").append(String.join(", ", listed)).append(" not yet expressible as rules, listed as comments");
    if (!classes.isEmpty()) {
      sb.append("; ").append(Counted.of(classes.size(), "class", "classes"))
          .append(" deprecated as a whole that no class rule can name, listed");
    }
    if (notSelected > 0) {
      sb.append("; ").append(notSelected).append(" more deprecated without forRemoval = true, left out "
          + "(--all-deprecated writes them too)");
    }
    return sb.toString();
  }
}
