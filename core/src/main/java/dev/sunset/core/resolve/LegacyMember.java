package dev.sunset.core.resolve;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.rules.RulesReader;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * A legacy member as its class file declares it: a method (the one a method rule names, or each method a class rule's
 * class declares), or, for a class rule, a constructor, a field, or the class itself (which subclasses, lookups by
 * name and type references use).
 *
 * @param owner internal name of the class or interface the rule names (and that declares the member)
 * @param name the member's name ({@code <init>} for a constructor; empty for the class itself)
 * @param descriptor a method's or constructor's full descriptor, a field's type descriptor; empty for the class
 * @param access the member's access flags (the class's for the class itself)
 * @param ownerAccess the owner's access flags
 * @param kind what kind of member it is
 */
@API(status = INTERNAL, since = "0.1.0")
public record LegacyMember(String owner, String name, String descriptor, int access, int ownerAccess, Kind kind) {
  /** What kind of member. */
  public enum Kind {
    /** A method, static or not. */
    METHOD,
    /** A constructor. */
    CONSTRUCTOR,
    /** A field, static or not. */
    FIELD,
    /** The class itself. */
    CLASS
  }

  /** A method. */
  public static LegacyMember method(String owner, String name, String descriptor, int access, int ownerAccess) {
    return new LegacyMember(owner, name, descriptor, access, ownerAccess, Kind.METHOD);
  }

  /** Whether the member is a method: what a call reaches, a guard covers and a replacement stands in for. */
  public boolean isMethod() {
    return kind == Kind.METHOD;
  }

  /** Whether the member is static. */
  public boolean isStatic() {
    return (access & Opcodes.ACC_STATIC) != 0;
  }

  /** Whether the member is final (a final field is never written outside its class). */
  public boolean isFinal() {
    return (access & Opcodes.ACC_FINAL) != 0;
  }

  /**
   * Whether a use of the member passes an instance of its owner first: an instance method's receiver, an instance
   * field's object; not a constructor's, whose instance the call makes.
   */
  public boolean hasReceiver() {
    return (kind == Kind.METHOD || kind == Kind.FIELD) && !isStatic();
  }

  /** Whether the method has no body of its own (an interface or abstract method). */
  public boolean isAbstract() {
    return kind == Kind.METHOD && (access & Opcodes.ACC_ABSTRACT) != 0;
  }

  /** Whether the owner is an interface. */
  public boolean ownerIsInterface() {
    return (ownerAccess & Opcodes.ACC_INTERFACE) != 0;
  }

  /** Whether a subclass may override the method, so that a call may dispatch elsewhere. */
  public boolean isOverridable() {
    return kind == Kind.METHOD && !isStatic() && (access & (Opcodes.ACC_FINAL | Opcodes.ACC_PRIVATE)) == 0
        && (ownerAccess & Opcodes.ACC_FINAL) == 0;
  }

  /**
   * The key call sites are matched on: {@code owner.name descriptor}; a field's {@code owner.name.type}, the class's
   * {@code owner.} (internal names, field names and descriptors hold no dot, and a method's descriptor starts with a
   * parenthesis, so no two kinds share a key and each part can be read back).
   */
  public String key() {
    return owner + "." + name + (kind == Kind.FIELD ? "." : "") + descriptor;
  }

  /** Whether {@code key} is this member's {@link #key()}, compared without building the key. */
  public boolean hasKey(String key) {
    if (kind == Kind.FIELD) {
      return key().equals(key);
    }
    int nameAt = owner.length() + 1;
    return key != null && key.length() == nameAt + name.length() + descriptor.length() && key.startsWith(owner)
        && key.charAt(owner.length()) == '.' && key.startsWith(name, nameAt) && key.endsWith(descriptor);
  }

  /** The return-type descriptor of a method or constructor. */
  public String returnDescriptor() {
    return descriptor.substring(descriptor.indexOf(')') + 1);
  }

  /**
   * The member as a report names it within its class: {@code create(java.lang.String)}, {@code <init>(int)}, a field's
   * name, or {@code <class>} for the class itself; a member class's members after its simple name, {@code
   * Builder.<init>()}, {@code Builder.<class>}.
   */
  public String forPeople() {
    return nestedPrefix(owner) + withinClass(); // from the parts, not the key: a hostile class file's names may hold anything
  }

  /**
   * The member as a package rule's site names it: its class within the package, then the member as {@link
   * #forPeople()} names it within that class: {@code Factory.create(java.lang.String)}, {@code Factory.<class>}, a
   * member class's {@code Factory$Builder.<init>()}. Binary names hold no dot, so the class is what comes before the
   * first one: the package's name, a dot and that part give the class in full.
   */
  public String forPeopleInPackage() {
    return simpleBinaryName(owner) + "." + withinClass();
  }

  private String withinClass() {
    return switch (kind) {
      case METHOD, CONSTRUCTOR -> name + RulesReader.paramsForPeople(parameterDescriptors());
      case FIELD -> name;
      case CLASS -> "<class>";
    };
  }

  /** A class's name within its package, {@code Factory$Builder} of {@code com/acme/legacy/Factory$Builder}. */
  private static String simpleBinaryName(String owner) {
    return owner.substring(owner.lastIndexOf('/') + 1);
  }

  /** A member class's simple name and a dot, {@code Builder.}, before its members' names; empty for a top class. */
  private static String nestedPrefix(String owner) {
    int dollar = owner.lastIndexOf('$');
    return dollar < 0 || dollar == owner.length() - 1 ? "" : owner.substring(dollar + 1) + ".";
  }

  /**
   * The member a {@link #key()} names, as {@link #forPeople()} would name it: {@code create(java.lang.String)},
   * {@code <init>(int)}, {@code field}, {@code <class>}.
   */
  public static String forPeople(String key) {
    int first = key.indexOf('.');
    return first < 0 ? key : withinClass(key, first, nestedPrefix(key.substring(0, first)));
  }

  /** The member a {@link #key()} names, as {@link #forPeopleInPackage()} would name it: {@code Factory.<init>(int)}. */
  public static String forPeopleInPackage(String key) {
    int first = key.indexOf('.');
    return first < 0 ? key : withinClass(key, first, simpleBinaryName(key.substring(0, first)) + ".");
  }

  private static String withinClass(String key, int first, String nested) {
    // a descriptor holds no dot and one parenthesis, at its start; a hostile class file's names may hold either
    int open = key.lastIndexOf('(');
    if (open > first && key.indexOf('.', open) < 0 && key.indexOf(')', open) > open) { // owner.name(...)...
      try {
        List<String> params = new ArrayList<>();
        for (Type t : Type.getArgumentTypes(key.substring(open))) {
          params.add(t.getDescriptor());
        }
        return nested + key.substring(first + 1, open) + RulesReader.paramsForPeople(params);
      } catch (RuntimeException e) {
        return key.substring(first + 1); // not a descriptor after all: the key as the class file has it
      }
    }
    int last = key.lastIndexOf('.');
    return nested + (last == first ? "<class>" : key.substring(first + 1, last)); // owner. or owner.name.type
  }


  private List<String> parameterDescriptors() {
    List<String> params = new ArrayList<>();
    for (Type t : Type.getArgumentTypes(descriptor)) {
      params.add(t.getDescriptor());
    }
    return params;
  }
}
