package dev.sunset.core.rules;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * What a rules file names: a method, {@code com.acme.Owner#method(java.lang.String, int[])}, parsed into its
 * owner, name and parameter descriptors, a whole class, {@code com.acme.Owner}, or every class of one package,
 * {@code com.acme.legacy.*}; without looking at any class.
 *
 * @param text the member as written, trimmed
 * @param ownerBinaryName the owner's binary name, such as {@code com.acme.Outer$Inner}: the class itself for a
 *     class, the package ({@code com.acme.legacy}) for a package
 * @param name the method name, an empty string for a class, {@code *} for a package
 * @param parameterDescriptors the JVM descriptors of the parameters, in order (none for a class or package)
 * @param kind whether it names a method, a whole class or a package
 */
@API(status = INTERNAL, since = "0.1.0")
public record MemberRef(String text, String ownerBinaryName, String name, List<String> parameterDescriptors,
    Kind kind) {
  /** What a reference names. */
  public enum Kind {
    /** One method: {@code com.acme.Owner#method(int)}. */
    METHOD,
    /** A class and everything it declares: {@code com.acme.Owner}. */
    CLASS,
    /**
     * Every class of one package, with everything each declares: {@code com.acme.legacy.*}; not its sub-packages
     * ({@code com.acme.legacy.sub}), which are packages of their own.
     */
    PACKAGE
  }

  /** A member; the list is copied. */
  public MemberRef {
    parameterDescriptors = List.copyOf(parameterDescriptors);
  }

  /**
   * Whether it names whole classes rather than one method: a class, or a package (every class of it). Such a rule
   * takes every use of its classes as a site, as a class rule does.
   */
  public boolean isClass() {
    return kind == Kind.CLASS || kind == Kind.PACKAGE;
  }

  /** Whether it names a package: every class of it, not of its sub-packages. */
  public boolean isPackage() {
    return kind == Kind.PACKAGE;
  }

  /**
   * Whether a class (internal name, {@code com/acme/legacy/Factory$Builder}) is one this reference names whole: the
   * class a class rule names, or, for a package, any class of exactly that package (a member class included, a class of
   * a sub-package not); false for a method.
   */
  public boolean coversClass(String internalName) {
    return switch (kind) {
      case METHOD -> false;
      case CLASS -> internalName.equals(ownerInternalName());
      case PACKAGE -> inPackage(internalName, ownerInternalName());
    };
  }

  /**
   * Whether a rule's legacy, as a report, scan or verdict gives it ({@code com.acme.legacy.*}), names a package; false
   * for null.
   */
  public static boolean namesPackage(String legacyText) {
    return legacyText != null && legacyText.trim().endsWith(".*");
  }

  /**
   * The class a package rule's site's member names first, within the package: {@code Factory} of {@code
   * Factory.create(int)}, {@code Factory$Builder} of {@code Factory$Builder.<init>()}; null for null.
   */
  public static String classOfMember(String member) {
    int dot = member == null ? -1 : member.indexOf('.');
    return dot < 0 ? member : member.substring(0, dot);
  }

  /** Whether a class (internal name) is of exactly this package (internal name), not of a sub-package. */
  public static boolean inPackage(String internalName, String packageInternalName) {
    int p = packageInternalName.length();
    return internalName.length() > p + 1 && internalName.charAt(p) == '/' && internalName.startsWith(packageInternalName)
        && internalName.indexOf('/', p + 1) < 0;
  }

  /**
   * Parses {@code owner#name(type, ...)}, or a class name {@code com.acme.Owner}.
   *
   * @throws IllegalArgumentException with a message that says what is wrong
   */
  public static MemberRef parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("is empty");
    }
    String t = text.trim();
    int hash = t.indexOf('#');
    if (hash < 0 && t.indexOf('(') < 0) {
      return parseClass(t);
    }
    int open = t.indexOf('(');
    if (hash <= 0 || open < hash + 2 || !t.endsWith(")")) {
      throw new IllegalArgumentException(
          "'" + t + "' is not of the form com.acme.Owner#method(com.acme.Param, int) (a method)"
              + " or com.acme.Owner (a whole class)");
    }
    String owner = t.substring(0, hash).trim();
    String name = t.substring(hash + 1, open).trim();
    if (name.equals("<init>") || name.equals("<clinit>")) {
      throw new IllegalArgumentException("'" + t + "' names a constructor; only methods are supported");
    }
    requireJavaName(owner, t, true);
    requireJavaName(name, t, false);
    String params = t.substring(open + 1, t.length() - 1).trim();
    List<String> descriptors = new ArrayList<>();
    if (!params.isEmpty()) {
      for (String p : params.split(",", -1)) {
        descriptors.add(typeDescriptor(p.trim(), t));
      }
    }
    return new MemberRef(t, owner, name, descriptors, Kind.METHOD);
  }

  /**
   * A class named alone, {@code com.acme.Owner}, or a package, {@code com.acme.legacy.*}; sub-packages too
   * ({@code com.acme.**}) and the unnamed package ({@code *}) are refused, saying what to write.
   */
  private static MemberRef parseClass(String t) {
    if (t.endsWith(".**")) {
      throw new IllegalArgumentException("'" + t + "' names a package with its sub-packages; a package rule covers"
          + " the classes of one package, not its sub-packages: write " + t.substring(0, t.length() - 1)
          + " and one rule for each sub-package");
    }
    if (t.equals("*") || t.equals("**")) {
      throw new IllegalArgumentException("'" + t + "' names no package; write the package in full, com.acme.legacy.*");
    }
    if (t.endsWith(".*")) {
      String pkg = t.substring(0, t.length() - 2).trim();
      requireJavaName(pkg, t, true);
      return new MemberRef(t, pkg, "*", List.of(), Kind.PACKAGE);
    }
    requireJavaName(t, t, true);
    if (t.indexOf('.') < 0) {
      throw new IllegalArgumentException("'" + t + "' is not a class in a package; write the class in full,"
          + " com.acme.Owner, or a method, com.acme.Owner#method(int)");
    }
    return new MemberRef(t, t, "", List.of(), Kind.CLASS);
  }

  private static void requireJavaName(String name, String whole, boolean dotted) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("'" + whole + "' has an empty name");
    }
    for (String part : dotted ? name.split("\\.", -1) : new String[] {name}) {
      if (part.isEmpty() || !Character.isJavaIdentifierStart(part.charAt(0))) {
        throw new IllegalArgumentException("'" + whole + "' has an invalid name '" + name + "'");
      }
      for (int i = 1; i < part.length(); i++) {
        if (!Character.isJavaIdentifierPart(part.charAt(i))) {
          throw new IllegalArgumentException("'" + whole + "' has an invalid name '" + name + "'");
        }
      }
    }
  }

  /**
   * The types of {@code java.lang} that Java source names without their package, and so rules are likely to: a
   * parameter type written so is taken for a mistake (a class of that name in the unnamed package is not worth the
   * confusion).
   */
  private static final Set<String> JAVA_LANG = Set.of("AutoCloseable", "Boolean", "Byte", "Character",
      "CharSequence", "Class", "ClassLoader", "Comparable", "Double", "Enum", "Error", "Exception", "Float", "Integer",
      "Iterable", "Long", "Number", "Object", "Record", "Runnable", "RuntimeException", "Short", "String",
      "StringBuffer", "StringBuilder", "Thread", "Throwable", "Void");

  /** The JVM descriptor of a Java type name such as {@code int}, {@code java.lang.String[]} or {@code T...}. */
  static String typeDescriptor(String javaType, String whole) {
    String t = javaType;
    StringBuilder dims = new StringBuilder();
    if (t.endsWith("...")) {
      dims.append('[');
      t = t.substring(0, t.length() - 3).trim();
    }
    while (t.endsWith("[]")) {
      dims.append('[');
      t = t.substring(0, t.length() - 2).trim();
    }
    String base = switch (t) {
      case "boolean" -> "Z";
      case "byte" -> "B";
      case "char" -> "C";
      case "short" -> "S";
      case "int" -> "I";
      case "long" -> "J";
      case "float" -> "F";
      case "double" -> "D";
      case "void" -> throw new IllegalArgumentException("'" + whole + "' has a parameter of type void");
      case "" -> throw new IllegalArgumentException("'" + whole + "' has an empty parameter type");
      default -> {
        if (t.contains("<")) {
          throw new IllegalArgumentException("'" + whole + "' has a generic parameter type '" + javaType
              + "'; write its erasure, such as java.util.Map");
        }
        requireJavaName(t, whole, true);
        if (JAVA_LANG.contains(t)) {
          throw new IllegalArgumentException("'" + whole + "' names the parameter type " + t + " without its package: "
              + "did you mean java.lang." + t + "? (types are written in full, as in the class file)");
        }
        yield "L" + t.replace('.', '/') + ";";
      }
    };
    return dims + base;
  }

  /** The owner's internal name, such as {@code com/acme/Outer$Inner}. */
  public String ownerInternalName() {
    return ownerBinaryName.replace('.', '/');
  }

  /** The parameter part of the method descriptor, such as {@code (Ljava/lang/String;I)}. */
  public String parameterDescriptor() {
    return "(" + String.join("", parameterDescriptors) + ")";
  }

  /** Whether another reference names the same owner, method and parameters, however it is written. */
  public boolean sameMember(MemberRef other) {
    return key().equals(other.key());
  }

  /** What names the member whatever its text: two refs with equal keys are {@link #sameMember the same member}. */
  public Key key() {
    return new Key(ownerBinaryName, name, parameterDescriptors);
  }

  /**
   * A member as a key: owner, name and parameter types.
   *
   * @param ownerBinaryName the declaring class, binary name
   * @param name the method's name
   * @param parameterDescriptors its parameter types as descriptors
   */
  public record Key(String ownerBinaryName, String name, List<String> parameterDescriptors) {}

  /**
   * The method as people read it, {@code com.acme.Owner.method}; a class, {@code com.acme.Owner}; a package,
   * {@code com.acme.legacy.*}.
   */
  public String forPeople() {
    return switch (kind) {
      case METHOD -> ownerBinaryName + "." + name;
      case CLASS -> ownerBinaryName;
      case PACKAGE -> ownerBinaryName + ".*";
    };
  }

  @Override
  public String toString() {
    return text;
  }
}
