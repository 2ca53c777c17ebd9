package dev.sunset.rewrite;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.lang.model.SourceVersion;
import org.apiguardian.api.API;

/**
 * One legacy method and the public static method that replaces it, the input of {@link MigrationRecipes}.
 *
 * <p>Types are written as Java source names of the erased types ({@code java.util.Map}, {@code int[]},
 * {@code com.acme.Outer$Inner} for a nested class), as in Sunset rules.
 *
 * @param legacyOwner the class or interface declaring the legacy method, such as {@code com.acme.LegacyFactory}
 * @param legacyMethod the legacy method's name
 * @param legacyParameterTypes the legacy method's parameter types
 * @param legacyStatic whether the legacy method is static
 * @param replacementOwner the class declaring the replacement, such as {@code com.acme.Service}
 * @param replacementMethod the replacement's name; it may differ from the legacy one
 * @param replacementParameterTypes the replacement's parameter types: the legacy ones for {@link Receiver#DROPPED},
 *     the legacy receiver's type followed by the legacy ones for {@link Receiver#FIRST}
 * @param receiver what the replacement does with the legacy receiver
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record MigrationRule(
    String legacyOwner,
    String legacyMethod,
    List<String> legacyParameterTypes,
    boolean legacyStatic,
    String replacementOwner,
    String replacementMethod,
    List<String> replacementParameterTypes,
    Receiver receiver) {

  /**
   * Checks the rule.
   *
   * @throws IllegalArgumentException naming the legacy method and what is wrong, if a name is not a Java name,
   *     a static legacy method is given a receiver, or the parameter types do not fit the receiver form
   */
  public MigrationRule {
    Objects.requireNonNull(receiver, "receiver");
    legacyParameterTypes = List.copyOf(Objects.requireNonNull(legacyParameterTypes, "legacyParameterTypes"));
    replacementParameterTypes =
        List.copyOf(Objects.requireNonNull(replacementParameterTypes, "replacementParameterTypes"));
    String where = "migration of " + member(legacyOwner, legacyMethod, legacyParameterTypes) + ": ";
    requireTypeName(where, "legacy owner", legacyOwner);
    requireTypeName(where, "replacement owner", replacementOwner);
    requireIdentifier(where, "legacy method", legacyMethod);
    requireIdentifier(where, "replacement method", replacementMethod);
    for (String type : legacyParameterTypes) {
      requireTypeName(where, "legacy parameter type", type);
    }
    for (String type : replacementParameterTypes) {
      requireTypeName(where, "replacement parameter type", type);
    }
    switch (receiver) {
      case DROPPED -> {
        if (!replacementParameterTypes.equals(legacyParameterTypes)) {
          throw new IllegalArgumentException(where + "a replacement that drops the receiver takes the legacy parameters "
              + legacyParameterTypes + ", not " + replacementParameterTypes);
        }
      }
      case FIRST -> {
        if (legacyStatic) {
          throw new IllegalArgumentException(where + "a static method has no receiver to pass first");
        }
        if (replacementParameterTypes.size() != legacyParameterTypes.size() + 1
            || !replacementParameterTypes.subList(1, replacementParameterTypes.size()).equals(legacyParameterTypes)) {
          throw new IllegalArgumentException(where + "a replacement that takes the receiver first takes the receiver "
              + "type and then the legacy parameters " + legacyParameterTypes + ", not " + replacementParameterTypes);
        }
      }
    }
  }

  /**
   * Returns the rule for members written as Sunset rules write them, {@code owner#name(type, type)}; the
   * receiver form follows from the parameter lists.
   *
   * @param legacy the legacy method, such as {@code com.acme.Factory#create(com.acme.Context)}
   * @param legacyStatic whether the legacy method is static
   * @param replacement the replacement, such as {@code com.acme.Service#create(com.acme.Context)}
   * @throws IllegalArgumentException if a member is not written {@code owner#name(types)} or the replacement's
   *     parameters are neither the legacy ones nor the legacy owner followed by them
   */
  public static MigrationRule of(String legacy, boolean legacyStatic, String replacement) {
    Member l = Member.parse("legacy", legacy);
    Member r = Member.parse("replacement", replacement);
    Receiver receiver;
    if (r.parameterTypes().equals(l.parameterTypes())) {
      receiver = Receiver.DROPPED;
    } else if (!legacyStatic
        && r.parameterTypes().size() == l.parameterTypes().size() + 1
        && r.parameterTypes().subList(1, r.parameterTypes().size()).equals(l.parameterTypes())) {
      receiver = Receiver.FIRST;
    } else {
      throw new IllegalArgumentException("replacement " + replacement + " takes neither the parameters of " + legacy
          + " nor its receiver followed by them");
    }
    return new MigrationRule(
        l.owner(), l.name(), l.parameterTypes(), legacyStatic, r.owner(), r.name(), r.parameterTypes(), receiver);
  }

  /** The legacy method as an OpenRewrite method pattern, such as {@code com.acme.Factory create(com.acme.Context)}. */
  public String legacyMethodPattern() {
    return pattern(legacyOwner, legacyMethod, legacyParameterTypes);
  }

  /** The legacy method as a Sunset rule writes it, such as {@code com.acme.Factory#create(com.acme.Context)}. */
  public String legacyMember() {
    return member(legacyOwner, legacyMethod, legacyParameterTypes);
  }

  /** The replacement as a Sunset rule writes it. */
  public String replacementMember() {
    return member(replacementOwner, replacementMethod, replacementParameterTypes);
  }

  static String pattern(String owner, String method, List<String> parameterTypes) {
    return owner + " " + method + "(" + String.join(", ", parameterTypes) + ")";
  }

  private static String member(String owner, String method, List<String> parameterTypes) {
    return owner + "#" + method + "(" + String.join(", ", parameterTypes == null ? List.of() : parameterTypes) + ")";
  }

  private static void requireIdentifier(String where, String what, String name) {
    if (!isJavaName(name)) {
      throw new IllegalArgumentException(where + what + " is not a Java method name: " + name);
    }
  }

  /** Checks that {@code name} is a Java identifier, not a keyword: a field's or a method's name. */
  static void requireJavaName(String where, String what, String name) {
    if (!isJavaName(name)) {
      throw new IllegalArgumentException(where + what + " is not a Java name: " + name);
    }
  }

  private static boolean isJavaName(String name) {
    return name != null && SourceVersion.isIdentifier(name) && !SourceVersion.isKeyword(name);
  }

  /** Checks that {@code type} is a Java type name as rules write it: {@code int}, {@code com.acme.Outer$Inner[]}. */
  static void requireTypeName(String where, String what, String type) {
    if (type == null) {
      throw new IllegalArgumentException(where + what + " is missing");
    }
    String name = type;
    while (name.endsWith("[]")) {
      name = name.substring(0, name.length() - 2);
    }
    boolean valid = !name.isEmpty();
    for (String part : name.split("[.$]", -1)) {
      valid &= SourceVersion.isIdentifier(part) && !SourceVersion.isKeyword(part) || isPrimitive(part, name);
    }
    if (!valid) {
      throw new IllegalArgumentException(where + what + " is not a Java type name: " + type);
    }
  }

  private static boolean isPrimitive(String part, String whole) {
    return part.equals(whole)
        && Arrays.asList("boolean", "byte", "char", "short", "int", "long", "float", "double").contains(part);
  }

  /** A member written {@code owner#name(type, type)}. */
  private record Member(String owner, String name, List<String> parameterTypes) {
    static Member parse(String what, String text) {
      if (text == null) {
        throw new IllegalArgumentException(what + " member is missing");
      }
      String s = text.strip();
      int hash = s.indexOf('#');
      int open = s.indexOf('(', hash + 1);
      if (hash <= 0 || open < 0 || !s.endsWith(")")) {
        throw new IllegalArgumentException(what + " member is not written owner#name(types): " + text);
      }
      String inside = s.substring(open + 1, s.length() - 1).strip();
      List<String> types = new ArrayList<>();
      if (!inside.isEmpty()) {
        for (String type : inside.split(",", -1)) {
          types.add(type.strip());
        }
      }
      return new Member(s.substring(0, hash).strip(), s.substring(hash + 1, open).strip(), types);
    }
  }
}
