package dev.sunset.core.resolve;

import dev.sunset.core.classfile.ClassHierarchy;
import dev.sunset.core.classfile.ClassHierarchy.ClassInfo;
import dev.sunset.core.rules.AdapterName;
import dev.sunset.core.rules.MemberName;
import dev.sunset.core.rules.MemberRef;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.RulesReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * A class rule's adapter class, read from its class file, and the counterpart each legacy member has there: the public
 * static method the adapter declares under the member's default name (or the name {@code members:} gives) with exactly
 * the parameters the use passes, returning what the use leaves (the legacy type or a subtype of it).
 *
 * <table>
 *   <caption>Counterparts</caption>
 *   <tr><th>legacy member</th><th>default name</th><th>adapter method</th></tr>
 *   <tr><td>static method {@code R m(P...)}</td><td>{@code m}</td><td>{@code static R m(P...)}</td></tr>
 *   <tr><td>instance method {@code R m(P...)}</td><td>{@code m}</td><td>{@code static R m(Legacy self, P...)}</td></tr>
 *   <tr><td>constructor {@code <init>(P...)}</td><td>{@code new} + simple name</td>
 *     <td>{@code static Legacy newLegacy(P...)}</td></tr>
 *   <tr><td>static field {@code T f}</td><td>{@code getF}, {@code setF}</td>
 *     <td>{@code static T getF()}, {@code static void setF(T)}</td></tr>
 *   <tr><td>instance field {@code T f}</td><td>{@code getF}, {@code setF}</td>
 *     <td>{@code static T getF(Legacy self)}, {@code static void setF(Legacy self, T)}</td></tr>
 * </table>
 *
 * <p>A method under the default name with other parameters is no counterpart (an overload for something else); one
 * with the very parameters that is not public and static, or returns what the use cannot take, refuses the rule, as
 * does any name {@code members:} gives that the adapter lacks, and a {@code members:} key naming no member.
 */
final class Counterparts {
  private final RuleSpec rule;
  private final ClassHierarchy hierarchy;
  private final ClassInfo adapter;
  private final String legacyOwner;

  private Counterparts(RuleSpec rule, ClassHierarchy hierarchy, ClassInfo adapter, String legacyOwner) {
    this.rule = rule;
    this.hierarchy = hierarchy;
    this.adapter = adapter;
    this.legacyOwner = legacyOwner;
  }

  /**
   * The adapter of {@code rule} (a class rule naming one) for the members of {@code legacy}, its class.
   *
   * @throws IllegalArgumentException saying what is wrong: no adapter class, one that is not public, or a
   *     {@code members:} key naming none of {@code declared}
   */
  static Counterparts of(RuleSpec rule, ClassInfo legacy, List<LegacyMember> declared, ClassHierarchy hierarchy) {
    MemberRef ref = rule.replacement();
    ClassInfo adapter = hierarchy.info(ref.ownerInternalName()).orElseThrow(
        () -> new IllegalArgumentException("adapter class " + ref.ownerBinaryName() + " does not exist"));
    if (!adapter.isPublic()) {
      throw new IllegalArgumentException("adapter class " + ref.ownerBinaryName()
          + " must be public, so that every caller can reach its methods");
    }
    for (MemberName key : rule.members().keySet()) {
      if (declared.stream().noneMatch(m -> names(key, m))) {
        throw new IllegalArgumentException("members names " + key.text() + ", which "
            + legacy.internalName().replace('/', '.') + " does not declare (or code outside it cannot use)");
      }
    }
    return new Counterparts(rule, hierarchy, adapter, legacy.internalName());
  }

  /** Whether a {@code members:} key names this member. */
  static boolean names(MemberName key, LegacyMember m) {
    return switch (key.kind()) {
      case FIELD -> m.kind() == LegacyMember.Kind.FIELD && m.name().equals(key.name());
      case CONSTRUCTOR -> m.kind() == LegacyMember.Kind.CONSTRUCTOR
          && m.descriptor().startsWith(key.parameterDescriptor());
      case METHOD -> m.kind() == LegacyMember.Kind.METHOD && m.name().equals(key.name())
          && m.descriptor().startsWith(key.parameterDescriptor());
    };
  }

  /** The name {@code members:} gives this member, or null. */
  private AdapterName named(LegacyMember m) {
    for (Map.Entry<MemberName, AdapterName> e : rule.members().entrySet()) {
      if (names(e.getKey(), m)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** The member resolved with its counterparts here (none for the class itself). */
  ResolvedRule resolve(LegacyMember m, String location) {
    AdapterName named = named(m);
    String self = "L" + legacyOwner + ";";
    List<String> params = new ArrayList<>();
    if (m.hasReceiver()) {
      params.add(self);
    }
    return switch (m.kind()) {
      case CLASS -> new ResolvedRule(rule, m, null, location);
      case METHOD -> {
        for (Type t : Type.getArgumentTypes(m.descriptor())) {
          params.add(t.getDescriptor());
        }
        String name = named instanceof AdapterName.Method n ? n.name() : m.name();
        yield new ResolvedRule(rule, m, find(m, name, named != null, params, m.returnDescriptor()), location);
      }
      case CONSTRUCTOR -> {
        for (Type t : Type.getArgumentTypes(m.descriptor())) {
          params.add(t.getDescriptor());
        }
        String name = named instanceof AdapterName.Method n ? n.name() : "new" + simpleName(legacyOwner);
        yield new ResolvedRule(rule, m, find(m, name, named != null, params, self), location);
      }
      case FIELD -> {
        AdapterName.Field f = named instanceof AdapterName.Field given ? given : new AdapterName.Field(null, null);
        String property = capitalised(m.name());
        ReplacementMethod getter = find(m, f.getter() != null ? f.getter() : "get" + property, f.getter() != null,
            params, m.descriptor());
        List<String> setParams = new ArrayList<>(params);
        setParams.add(m.descriptor());
        ReplacementMethod setter = m.isFinal() && f.setter() == null ? null
            : find(m, f.setter() != null ? f.setter() : "set" + property, f.setter() != null, setParams, "V");
        yield new ResolvedRule(rule, m, getter, location, setter);
      }
    };
  }

  /**
   * The adapter's method {@code name} taking exactly {@code params}, checked to be public and static and to return what
   * the use leaves ({@code V}: anything, dropped); null when there is none and it was not named in {@code members:}.
   */
  private ReplacementMethod find(LegacyMember m, String name, boolean named, List<String> params, String returns) {
    String prefix = name + "(" + String.join("", params) + ")";
    String descriptor = null;
    int access = 0;
    for (Map.Entry<String, Integer> e : adapter.methodAccess().entrySet()) {
      if (e.getKey().startsWith(prefix) && (e.getValue() & (Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC)) == 0) {
        descriptor = e.getKey().substring(name.length());
        access = e.getValue();
      }
    }
    String method = "adapter method " + name + RulesReader.paramsForPeople(params);
    if (descriptor == null) {
      if (named) {
        throw new IllegalArgumentException("members maps " + what(m) + " to " + method + ", which "
            + adapterName() + " does not declare");
      }
      return null;
    }
    if ((access & Opcodes.ACC_STATIC) == 0 || (access & Opcodes.ACC_PUBLIC) == 0) {
      throw new IllegalArgumentException(method + " in " + adapterName() + " (for " + what(m)
          + ") must be public and static");
    }
    String returned = Type.getReturnType(descriptor).getDescriptor();
    if (!returns.equals("V") && !hierarchy.isAssignable(returned, returns)) {
      throw new IllegalArgumentException(method + " in " + adapterName() + " (for " + what(m) + ") returns "
          + RulesReader.typeForPeople(returned) + ", which is not assignable to " + RulesReader.typeForPeople(returns));
    }
    return new ReplacementMethod(adapter.internalName(), name, descriptor, m.hasReceiver());
  }

  private String adapterName() {
    return adapter.internalName().replace('/', '.');
  }

  private static String what(LegacyMember m) {
    return (switch (m.kind()) {
      case METHOD -> "method ";
      case CONSTRUCTOR -> "constructor ";
      case FIELD -> "field ";
      case CLASS -> "class ";
    }) + m.forPeople();
  }

  /** The class's simple name: after its package and any enclosing class, {@code Inner} of {@code com/acme/Outer$Inner}. */
  static String simpleName(String internalName) {
    String s = internalName.substring(internalName.lastIndexOf('/') + 1);
    return s.substring(s.lastIndexOf('$') + 1);
  }

  /** A field's name as a property after {@code get}/{@code set}: its first letter in upper case. */
  static String capitalised(String field) {
    return field.isEmpty() ? field : field.substring(0, 1).toUpperCase(Locale.ROOT) + field.substring(1);
  }
}
