package dev.sunset.core.rules;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A member of a class rule's class as a {@code members:} key names it, without looking at any class: a method
 * ({@code describe()}, {@code open(java.lang.String, int[])}), a constructor ({@code <init>(java.lang.String)}) or a
 * field (its bare name, {@code websocketManager}).
 *
 * @param kind what kind of member it names
 * @param name the method's or field's name; {@code <init>} for a constructor
 * @param parameterDescriptors the JVM descriptors of a method's or constructor's parameters, in order (none for a field)
 */
@API(status = INTERNAL, since = "0.1.0")
public record MemberName(Kind kind, String name, List<String> parameterDescriptors) {
  /** What a key names. */
  public enum Kind {
    /** A method, static or not. */
    METHOD,
    /** A constructor. */
    CONSTRUCTOR,
    /** A field, static or not. */
    FIELD
  }

  /** A member name; the list is copied. */
  public MemberName {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    parameterDescriptors = List.copyOf(parameterDescriptors);
  }

  /**
   * Parses a key as rules write it: {@code name(type, ...)}, {@code <init>(type, ...)} or a field's bare name.
   *
   * @throws IllegalArgumentException with a message that says what is wrong
   */
  public static MemberName parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("is empty");
    }
    String t = text.trim();
    int open = t.indexOf('(');
    if (open < 0) {
      if (!isIdentifier(t)) {
        throw new IllegalArgumentException("'" + t + "' is not a method, name(int), a constructor, <init>(int),"
            + " or a field's name");
      }
      return new MemberName(Kind.FIELD, t, List.of());
    }
    if (!t.endsWith(")") || t.indexOf(')') != t.length() - 1) {
      throw new IllegalArgumentException("'" + t + "' is not of the form name(com.acme.Param, int)");
    }
    String name = t.substring(0, open).trim();
    if (name.equals("<clinit>")) {
      throw new IllegalArgumentException("'" + t + "' names the static initialiser, which nothing calls");
    }
    if (!name.equals("<init>") && !isIdentifier(name)) {
      throw new IllegalArgumentException("'" + t + "' has an invalid name '" + name + "'");
    }
    String params = t.substring(open + 1, t.length() - 1).trim();
    List<String> descriptors = new ArrayList<>();
    if (!params.isEmpty()) {
      for (String p : params.split(",", -1)) {
        descriptors.add(MemberRef.typeDescriptor(p.trim(), t));
      }
    }
    return new MemberName(name.equals("<init>") ? Kind.CONSTRUCTOR : Kind.METHOD, name, descriptors);
  }

  /** Whether {@code text} is one Java identifier (no dot): what a member's and an adapter method's name must be. */
  public static boolean isIdentifier(String text) {
    if (text == null || text.isEmpty() || !Character.isJavaIdentifierStart(text.charAt(0))) {
      return false;
    }
    for (int i = 1; i < text.length(); i++) {
      if (!Character.isJavaIdentifierPart(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** The parameter part of a method's or constructor's descriptor, {@code (Ljava/lang/String;I)}; empty for a field. */
  public String parameterDescriptor() {
    return kind == Kind.FIELD ? "" : "(" + String.join("", parameterDescriptors) + ")";
  }

  /** The key as rules write it, types in full: {@code open(java.lang.String)}, {@code <init>()}, {@code name}. */
  public String text() {
    return kind == Kind.FIELD ? name : name + RulesReader.paramsForPeople(parameterDescriptors);
  }

  @Override
  public String toString() {
    return text();
  }
}
