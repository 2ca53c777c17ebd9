package dev.sunset.rewrite.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.rewrite.ClassMigration;
import dev.sunset.rewrite.MigrationRule;
import dev.sunset.rewrite.Receiver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The recipes, in order, that migrate a list of rules, and the types whose declarations they must not touch.
 *
 * <p>A rule whose replacement drops the receiver becomes: {@code MakeReceiverExplicit} (so an unqualified call
 * from a subclass, or an unbound method reference, is not left behind or broken), OpenRewrite's
 * {@code ChangeMethodTargetToStatic} to the replacement owner, and, when the name differs, OpenRewrite's
 * {@code ChangeMethodName} on the replacement owner. Renaming after the move, on the replacement owner, is the
 * safe order: renaming first, on the legacy owner, would rename the legacy declaration and every override of
 * it, and would move calls to a same-named legacy method that has no rule of its own.
 *
 * <p>A class migration's methods become steps as a method rule's do; each constructor with a factory becomes
 * {@code ChangeConstructorToStaticMethod}, each field with accessors {@code ChangeFieldAccessToStaticMethods}. Its
 * replacement type becomes OpenRewrite's {@code ChangeType}, after every other step of the recipe: the other steps
 * find the legacy members by their types, which a change of type would hide from them.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class RecipeSteps {
  // Names, not classes: writing a recipe must not need OpenRewrite on the class path.
  /** {@code DeclaresNoneOf}. */
  public static final String DECLARES_NONE_OF = "dev.sunset.rewrite.DeclaresNoneOf";
  /** {@code MakeReceiverExplicit}. */
  public static final String MAKE_RECEIVER_EXPLICIT = "dev.sunset.rewrite.MakeReceiverExplicit";
  /** {@code ChangeMethodTargetToStaticReceiverFirst}. */
  public static final String RECEIVER_FIRST = "dev.sunset.rewrite.ChangeMethodTargetToStaticReceiverFirst";
  /** OpenRewrite's own. */
  public static final String CHANGE_METHOD_TARGET_TO_STATIC = "org.openrewrite.java.ChangeMethodTargetToStatic";
  /** OpenRewrite's own. */
  public static final String CHANGE_METHOD_NAME = "org.openrewrite.java.ChangeMethodName";
  /** {@code ChangeConstructorToStaticMethod}. */
  public static final String CONSTRUCTOR_TO_STATIC = "dev.sunset.rewrite.ChangeConstructorToStaticMethod";
  /** {@code ChangeFieldAccessToStaticMethods}. */
  public static final String FIELD_TO_STATIC = "dev.sunset.rewrite.ChangeFieldAccessToStaticMethods";
  /** OpenRewrite's own. */
  public static final String CHANGE_TYPE = "org.openrewrite.java.ChangeType";

  /** One entry of a declarative recipe's list: a recipe name and its options, in order. */
  public record Step(String recipe, Map<String, Object> options) {}

  private final List<Step> steps;
  private final List<String> protectedTypes;

  private RecipeSteps(List<Step> steps, List<String> protectedTypes) {
    this.steps = List.copyOf(steps);
    this.protectedTypes = List.copyOf(protectedTypes);
  }

  /**
   * Returns the steps of {@code rules}.
   *
   * @throws IllegalArgumentException if a legacy method has two rules, or one rule's renaming step would also
   *     rename what another rule produced
   */
  public static RecipeSteps of(List<MigrationRule> rules) {
    return of(rules, List.of());
  }

  /**
   * Returns the steps of {@code rules}, then of {@code classes}, then the classes' changes of type.
   *
   * @throws IllegalArgumentException if a legacy method has two rules (a method rule and a class's method among
   *     them), a legacy class is migrated twice, or one rule's renaming step would also rename what another rule
   *     produced
   */
  public static RecipeSteps of(List<MigrationRule> methodRules, List<ClassMigration> classes) {
    List<MigrationRule> rules = new ArrayList<>(methodRules);
    Set<String> legacyClasses = new LinkedHashSet<>();
    for (ClassMigration migration : classes) {
      if (!legacyClasses.add(migration.legacyClass())) {
        throw new IllegalArgumentException("migration of class " + migration.legacyClass() + ": given twice");
      }
      rules.addAll(migration.methods());
    }
    Map<String, MigrationRule> byLegacy = new HashMap<>();
    Map<Signature, MigrationRule> byResult = new HashMap<>();
    Map<Signature, MigrationRule> bySignature = new HashMap<>();
    for (MigrationRule rule : rules) {
      MigrationRule earlier = byLegacy.putIfAbsent(rule.legacyMember(), rule);
      if (earlier != null) {
        throw new IllegalArgumentException("migration of " + rule.legacyMember() + ": given twice, to "
            + earlier.replacementMember() + " and to " + rule.replacementMember());
      }
      byResult.putIfAbsent(Signature.result(rule), rule);
      bySignature.putIfAbsent(Signature.legacy(rule), rule);
    }
    for (MigrationRule rule : rules) {
      if (!renames(rule)) {
        continue;
      }
      Signature moved = Signature.intermediate(rule);
      MigrationRule produces = byResult.get(moved);
      MigrationRule calls = bySignature.get(moved);
      MigrationRule other = produces != null && produces != rule ? produces : calls != null && calls != rule ? calls : null;
      if (other != null) {
        throw new IllegalArgumentException("migration of " + rule.legacyMember() + ": it moves the call to "
            + rule.replacementOwner() + "#" + rule.legacyMethod() + " and then renames it to "
            + rule.replacementMethod() + ", which would also rename the calls "
            + (other == produces ? "produced by" : "of") + " the migration of " + other.legacyMember()
            + "; migrate them with two recipes");
      }
    }

    List<Step> steps = new ArrayList<>();
    Set<String> protectedTypes = new LinkedHashSet<>();
    for (MigrationRule rule : methodRules) {
      methodSteps(rule, steps, protectedTypes);
    }
    for (ClassMigration migration : classes) {
      protectedTypes.add(migration.legacyClass());
      protectedTypes.add(migration.adapterClass());
      if (migration.replacementType() != null) {
        protectedTypes.add(migration.replacementType());
      }
      for (MigrationRule rule : migration.methods()) {
        methodSteps(rule, steps, protectedTypes);
      }
      for (ClassMigration.Constructor constructor : migration.constructors()) {
        steps.add(step(CONSTRUCTOR_TO_STATIC,
            "constructorPattern", new Signature(migration.legacyClass(), "<constructor>",
                constructor.parameterTypes()).pattern(),
            "fullyQualifiedTargetTypeName", migration.adapterClass(),
            "methodName", constructor.factory()));
      }
      for (ClassMigration.Field field : migration.fields()) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("fullyQualifiedTypeName", migration.legacyClass());
        options.put("fieldName", field.name());
        options.put("fullyQualifiedTargetTypeName", migration.adapterClass());
        if (field.getter() != null) {
          options.put("getterName", field.getter());
        }
        if (field.setter() != null) {
          options.put("setterName", field.setter());
        }
        steps.add(new Step(FIELD_TO_STATIC, options));
      }
    }
    for (ClassMigration migration : classes) {
      if (migration.replacementType() != null) {
        // the legacy declarations are left alone by the precondition; ignoreDefinition says so to ChangeType too
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("oldFullyQualifiedTypeName", migration.legacyClass());
        options.put("newFullyQualifiedTypeName", migration.replacementType());
        options.put("ignoreDefinition", true);
        steps.add(new Step(CHANGE_TYPE, options));
      }
    }
    return new RecipeSteps(steps, new ArrayList<>(protectedTypes));
  }

  private static void methodSteps(MigrationRule rule, List<Step> steps, Set<String> protectedTypes) {
    protectedTypes.add(rule.legacyOwner());
    protectedTypes.add(rule.replacementOwner());
    String legacy = rule.legacyMethodPattern();
    if (rule.receiver() == Receiver.FIRST) {
      steps.add(step(RECEIVER_FIRST,
          "methodPattern", legacy,
          "fullyQualifiedTargetTypeName", rule.replacementOwner(),
          "newMethodName", rule.replacementMethod()));
      return;
    }
    steps.add(step(MAKE_RECEIVER_EXPLICIT, "methodPattern", legacy));
    steps.add(step(CHANGE_METHOD_TARGET_TO_STATIC,
        "methodPattern", legacy,
        "fullyQualifiedTargetTypeName", rule.replacementOwner()));
    if (renames(rule)) {
      Signature moved = Signature.intermediate(rule);
      steps.add(step(CHANGE_METHOD_NAME,
          "methodPattern", moved.pattern(),
          "newMethodName", rule.replacementMethod()));
    }
  }

  /** The recipes to run, in order. */
  public List<Step> steps() {
    return steps;
  }

  /** Every legacy owner and replacement owner, in the order the rules name them. */
  public List<String> protectedTypes() {
    return protectedTypes;
  }

  private static boolean renames(MigrationRule rule) {
    return rule.receiver() == Receiver.DROPPED && !rule.legacyMethod().equals(rule.replacementMethod());
  }

  private static Step step(String recipe, String... options) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < options.length; i += 2) {
      map.put(options[i], options[i + 1]);
    }
    return new Step(recipe, map);
  }

  /** A method by owner, name and parameter types. */
  private record Signature(String owner, String name, List<String> parameterTypes) {
    /** What a rule's calls look like between the move and the rename. */
    static Signature intermediate(MigrationRule rule) {
      return new Signature(rule.replacementOwner(), rule.legacyMethod(), rule.legacyParameterTypes());
    }

    /** The legacy method of a rule. */
    static Signature legacy(MigrationRule rule) {
      return new Signature(rule.legacyOwner(), rule.legacyMethod(), rule.legacyParameterTypes());
    }

    /** What a rule's calls look like once migrated. */
    static Signature result(MigrationRule rule) {
      return new Signature(rule.replacementOwner(), rule.replacementMethod(), rule.replacementParameterTypes());
    }

    String pattern() {
      return owner + " " + name + "(" + String.join(", ", parameterTypes) + ")";
    }
  }
}
