package dev.sunset.core.rules.generate;

import dev.sunset.core.classfile.ClassHierarchy;
import dev.sunset.core.rules.MemberRef;
import dev.sunset.core.rules.ReplacementShape;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.RulesReader;
import dev.sunset.core.resolve.Resolution;
import dev.sunset.core.resolve.RuleResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * An {@code @InlineMe} replacement turned into a rule's replacement, when it is one: a call of a static method,
 * {@code Collections.newSetFromMap(map)} or {@code checkNotNull(x)} with a static import, whose arguments are the
 * legacy method's parameters in order (the replacement then drops the receiver) or {@code this} followed by them (it
 * takes the receiver first), and which the agent's resolver accepts against the same class files. Anything else
 * (a chain, an instance call, {@code new}, a cast, arguments in another order, a method that does not fit) is not
 * used, and says why.
 *
 * <p>Only that one narrow shape is recognised, by a pattern over identifiers: any expression beyond it, however it
 * would parse, is not a static call of the parameters and so is not used; no Java parser is needed to tell that.
 */
final class InlineMeCall {
  private static final String ID = "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*";
  private static final Pattern CALL = Pattern.compile("\\s*(?:(" + ID + "(?:\\s*\\.\\s*" + ID + ")*)\\s*\\.\\s*)?("
      + ID + ")\\s*\\(\\s*(" + ID + "(?:\\s*,\\s*" + ID + ")*)?\\s*\\)\\s*");
  private static final Pattern DOT = Pattern.compile("\\s*\\.\\s*");
  private static final Pattern COMMA = Pattern.compile("\\s*,\\s*");

  /** What became of an {@code @InlineMe}. */
  sealed interface Outcome permits Used, NotUsed {}

  /** Its replacement, as the rule writes it and as the resolver accepted it. */
  record Used(MemberRef replacement, ReplacementShape shape) implements Outcome {}

  /** Why it is not used. */
  record NotUsed(String why) implements Outcome {}

  private InlineMeCall() {}

  /**
   * What the {@code @InlineMe} of {@code member} gives for the rule {@code legacyRule} (which has no replacement),
   * against {@code hierarchy}; {@code withReplacement} makes the rule with a replacement.
   */
  static Outcome infer(DeprecatedMember member, RuleSpec legacyRule, ClassHierarchy hierarchy,
      Function<MemberRef, RuleSpec> withReplacement) {
    InlineMe inline = member.inlineMe();
    Matcher m = CALL.matcher(inline.replacement());
    if (!m.matches()) {
      return new NotUsed("it is not a call of one static method with the parameters as arguments");
    }
    String qualifier = m.group(1) == null ? null : DOT.matcher(m.group(1)).replaceAll(".");
    String method = m.group(2);
    List<String> args = m.group(3) == null ? List.of() : List.of(COMMA.split(m.group(3).trim()));
    List<String> params = member.parameterNames();
    if (qualifier != null && (qualifier.equals("this") || qualifier.startsWith("this.") || qualifier.equals("super")
        || qualifier.startsWith("super.") || (params != null && params.contains(qualifier.split("\\.")[0])))) {
      return new NotUsed("it calls a method on " + qualifier.split("\\.")[0] + ", not a static method");
    }
    Optional<String> owner = qualifier == null ? staticImport(inline, method) : classNamed(qualifier, inline, hierarchy);
    if (owner.isEmpty()) {
      return new NotUsed(qualifier == null
          ? "it calls " + method + " unqualified with no static import: a method of the instance, not a static one"
          : "the class " + qualifier + " is in none of the jars and folders read, nor the JDK (give its jar with "
              + "--class-path)");
    }
    int legacyCount = legacyRule.legacy().parameterDescriptors().size();
    ReplacementShape shape;
    if (args.size() == legacyCount && (legacyCount == 0 || args.equals(params))) {
      shape = ReplacementShape.RECEIVER_DROPPED;
    } else if (!member.isStatic() && args.size() == legacyCount + 1 && args.get(0).equals("this")
        && (legacyCount == 0 || args.subList(1, args.size()).equals(params))) {
      shape = ReplacementShape.RECEIVER_FIRST;
    } else if (params == null && legacyCount > 0) {
      return new NotUsed("the class file keeps no parameter names, so its arguments cannot be matched with the "
          + "parameters");
    } else {
      return new NotUsed("its arguments (" + String.join(", ", args) + ") are not the parameters ("
          + (params == null ? "" : String.join(", ", params)) + ") in order"
          + (member.isStatic() ? "" : ", nor this followed by them"));
    }
    return method(owner.get(), method, legacyRule, shape, hierarchy, withReplacement);
  }

  /** The class of a static import naming {@code method}, as an internal name. */
  private static Optional<String> staticImport(InlineMe inline, String method) {
    for (String imported : inline.staticImports()) {
      if (imported.endsWith("." + method) && imported.length() > method.length() + 1) {
        return Optional.of(imported.substring(0, imported.length() - method.length() - 1).replace('.', '/'));
      }
    }
    return Optional.empty();
  }

  /**
   * The class a qualifier names, as an internal name: through the imports ({@code Files}, {@code Outer.Inner}),
   * then {@code java.lang}, then as a name in full ({@code java.util.Objects}, with nested classes).
   */
  private static Optional<String> classNamed(String qualifier, InlineMe inline, ClassHierarchy hierarchy) {
    String[] parts = qualifier.split("\\.");
    String nested = parts.length == 1 ? "" : "$" + String.join("$", List.of(parts).subList(1, parts.length));
    for (String imported : inline.imports()) {
      if (imported.equals(parts[0]) || imported.endsWith("." + parts[0])) {
        String candidate = imported.replace('.', '/') + nested;
        if (hierarchy.exists(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    String inJavaLang = "java/lang/" + parts[0] + nested;
    if (hierarchy.exists(inJavaLang)) {
      return Optional.of(inJavaLang);
    }
    // a name in full: the package is the first parts, the class the next, nested classes the rest
    for (int i = 1; i < parts.length; i++) {
      String candidate = String.join("/", List.of(parts).subList(0, i + 1))
          + (i + 1 < parts.length ? "$" + String.join("$", List.of(parts).subList(i + 1, parts.length)) : "");
      if (hierarchy.exists(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * The method of {@code owner} named {@code name} that the arguments fit, as the resolver accepts it: the first of
   * its static methods of that name whose parameters are the legacy ones (or a reference type and then the legacy
   * ones); when none is accepted, why the first candidate was refused.
   */
  private static Outcome method(String owner, String name, RuleSpec legacyRule, ReplacementShape shape,
      ClassHierarchy hierarchy, Function<MemberRef, RuleSpec> withReplacement) {
    List<String> legacyParams = legacyRule.legacy().parameterDescriptors();
    String refused = null;
    List<String> keys = new ArrayList<>(hierarchy.info(owner).orElseThrow().methodAccess().keySet());
    keys.sort(null); // the class file's order is not the source's: a stable choice among overloads
    for (String key : keys) {
      if (!key.startsWith(name + "(")) {
        continue;
      }
      int access = hierarchy.info(owner).orElseThrow().methodAccess().get(key);
      if ((access & Opcodes.ACC_STATIC) == 0 || (access & (Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC)) != 0) {
        continue;
      }
      List<String> params = new ArrayList<>();
      for (Type t : Type.getArgumentTypes(key.substring(name.length()))) {
        params.add(t.getDescriptor());
      }
      boolean fits = shape == ReplacementShape.RECEIVER_DROPPED ? params.equals(legacyParams)
          : params.size() == legacyParams.size() + 1 && params.get(0).startsWith("L")
              && params.subList(1, params.size()).equals(legacyParams);
      if (!fits) {
        continue;
      }
      MemberRef ref;
      try {
        ref = MemberRef.parse(owner.replace('/', '.') + "#" + name + RulesReader.paramsForPeople(params));
      } catch (IllegalArgumentException e) {
        refused = refused == null ? "the replacement cannot be written as a rule: " + e.getMessage() : refused;
        continue;
      }
      Resolution r = RuleResolver.resolve(withReplacement.apply(ref), hierarchy);
      if (r instanceof Resolution.Resolved) {
        return new Used(ref, shape);
      }
      if (refused == null && r instanceof Resolution.Refused no) {
        refused = no.message();
      }
    }
    if (refused != null) {
      return new NotUsed(refused);
    }
    String expected = shape == ReplacementShape.RECEIVER_DROPPED ? RulesReader.paramsForPeople(legacyParams)
        : "the receiver and then " + RulesReader.paramsForPeople(legacyParams);
    return new NotUsed(owner.replace('/', '.') + " has no static method " + name + " taking " + expected);
  }
}
