package dev.sunset.rewrite;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * A legacy class and the adapter class that replaces it member by member, the input of {@link MigrationRecipes} for
 * a Sunset class rule with a replacement: each legacy method, constructor and field that has a counterpart in the
 * adapter, and the type that takes the legacy class's place in declarations once its members are migrated.
 *
 * <p>Members are written as in {@link MigrationRule}: Java source names of the erased types, {@code $} for a
 * nested class.
 *
 * @param legacyClass the legacy class, such as {@code com.example.ws.AgentExecutionContext}
 * @param adapterClass the adapter class declaring the counterparts, such as {@code com.example.ws.ContextAdapters}
 * @param methods the legacy methods with a counterpart: each declared by {@code legacyClass} and replaced by a method
 *     of {@code adapterClass} ({@link Receiver#FIRST} for an instance method)
 * @param constructors the legacy constructors with a counterpart, a static factory of the adapter
 * @param fields the legacy fields with a getter, a setter or both in the adapter
 * @param replacementType the type every remaining reference to {@code legacyClass} is changed to once its members
 *     are migrated (OpenRewrite's {@code ChangeType}), or null to leave them
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record ClassMigration(
    String legacyClass,
    String adapterClass,
    List<MigrationRule> methods,
    List<Constructor> constructors,
    List<Field> fields,
    String replacementType) {

  /**
   * Checks the migration.
   *
   * @throws IllegalArgumentException naming the legacy class and what is wrong: a name that is not a Java name, a
   *     method of another class or to another adapter, a constructor or field given twice, or nothing to do
   */
  public ClassMigration {
    methods = List.copyOf(Objects.requireNonNull(methods, "methods"));
    constructors = List.copyOf(Objects.requireNonNull(constructors, "constructors"));
    fields = List.copyOf(Objects.requireNonNull(fields, "fields"));
    String where = "migration of class " + legacyClass + ": ";
    MigrationRule.requireTypeName(where, "legacy class", legacyClass);
    MigrationRule.requireTypeName(where, "adapter class", adapterClass);
    if (replacementType != null) {
      MigrationRule.requireTypeName(where, "replacement type", replacementType);
      if (replacementType.equals(legacyClass)) {
        throw new IllegalArgumentException(where + "the replacement type is the legacy class itself");
      }
    }
    for (MigrationRule method : methods) {
      if (!method.legacyOwner().equals(legacyClass) || !method.replacementOwner().equals(adapterClass)) {
        throw new IllegalArgumentException(where + method.legacyMember() + " to " + method.replacementMember()
            + " is not a method of the class moved to its adapter " + adapterClass);
      }
    }
    Set<List<String>> seen = new HashSet<>();
    for (Constructor constructor : constructors) {
      for (String type : constructor.parameterTypes()) {
        MigrationRule.requireTypeName(where, "constructor parameter type", type);
      }
      MigrationRule.requireJavaName(where, "factory method", constructor.factory());
      if (!seen.add(constructor.parameterTypes())) {
        throw new IllegalArgumentException(where + "constructor " + constructor.member() + " is given twice");
      }
    }
    Set<String> names = new HashSet<>();
    for (Field field : fields) {
      MigrationRule.requireJavaName(where, "field", field.name());
      if (field.getter() == null && field.setter() == null) {
        throw new IllegalArgumentException(where + "field " + field.name() + " has neither a getter nor a setter");
      }
      if (field.getter() != null) {
        MigrationRule.requireJavaName(where, "getter", field.getter());
      }
      if (field.setter() != null) {
        MigrationRule.requireJavaName(where, "setter", field.setter());
      }
      if (!names.add(field.name())) {
        throw new IllegalArgumentException(where + "field " + field.name() + " is given twice");
      }
    }
    if (methods.isEmpty() && constructors.isEmpty() && fields.isEmpty() && replacementType == null) {
      throw new IllegalArgumentException(where + "no member has a counterpart in " + adapterClass
          + " and there is no replacement type: there is nothing to migrate");
    }
  }

  /**
   * A legacy constructor and the adapter's static factory that replaces it.
   *
   * @param parameterTypes the constructor's parameter types, which the factory takes too
   * @param factory the factory's name
   */
  public record Constructor(List<String> parameterTypes, String factory) {
    /** A constructor; the list is copied. */
    public Constructor {
      parameterTypes = List.copyOf(Objects.requireNonNull(parameterTypes, "parameterTypes"));
    }

    /** The constructor as a class rule's {@code members:} names it, {@code <init>(int, java.lang.String)}. */
    public String member() {
      return "<init>(" + String.join(", ", parameterTypes) + ")";
    }
  }

  /**
   * A legacy field and the adapter's static accessors that replace its reads and writes.
   *
   * @param name the field's name
   * @param getter the getter's name, or null: reads are left as they are
   * @param setter the setter's name, or null: writes are left as they are
   */
  public record Field(String name, String getter, String setter) {}
}
