package dev.sunset.core.resolve;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.classfile.ClassHierarchy;
import dev.sunset.core.classfile.ClassHierarchy.ClassInfo;
import dev.sunset.core.classfile.ClassHierarchy.FoundMethod;
import dev.sunset.core.rules.MemberRef;
import dev.sunset.core.rules.ReplacementShape;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.RulesReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apiguardian.api.API;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Resolves rules against class files: finds the legacy method the way the JVM would, and checks that the
 * replacement exists, is public and static, takes what the call passes and returns what the caller expects.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class RuleResolver {
  private RuleResolver() {}

  /**
   * Resolves {@code rule} against the classes {@code hierarchy} reads. It does not throw: a failure of its own
   * (a class file that cannot be made sense of, say) refuses the rule, saying so.
   */
  public static Resolution resolve(RuleSpec rule, ClassHierarchy hierarchy) {
    try {
      return resolveOrThrow(rule, hierarchy);
    } catch (RuntimeException e) {
      return new Resolution.Refused("cannot be resolved: " + e);
    }
  }

  private static Resolution resolveOrThrow(RuleSpec rule, ClassHierarchy hierarchy) {
    MemberRef legacyRef = rule.legacy();
    if (legacyRef.isPackage()) {
      return resolvePackage(rule, hierarchy, List.of()); // a hierarchy cannot list a package
    }
    String owner = legacyRef.ownerInternalName();
    Optional<ClassInfo> ownerInfo = hierarchy.info(owner);
    if (ownerInfo.isEmpty()) {
      return new Resolution.OwnerMissing(legacyRef.ownerBinaryName());
    }
    if (legacyRef.isClass()) {
      try {
        return new Resolution.Resolved(classMembers(rule, ownerInfo.get(), hierarchy));
      } catch (IllegalArgumentException e) { // its adapter does not fit
        return new Resolution.Refused(e.getMessage());
      }
    }
    Optional<FoundMethod> found = hierarchy.findMethod(owner, legacyRef.name(), legacyRef.parameterDescriptor());
    if (found.isEmpty()) {
      return new Resolution.Refused("legacy method " + legacyRef.name()
          + RulesReader.paramsForPeople(legacyRef.parameterDescriptors()) + " does not exist in "
          + legacyRef.ownerBinaryName() + hint(ownerInfo.get(), legacyRef));
    }
    FoundMethod m = found.get();
    if (!m.declaringClass().equals(owner)) {
      return new Resolution.Refused("legacy method " + legacyRef.name() + " is declared in "
          + m.declaringClass().replace('/', '.') + ", not in " + legacyRef.ownerBinaryName()
          + "; name the class that declares it");
    }
    LegacyMember legacy = LegacyMember.method(owner, m.name(), m.descriptor(), m.access(), ownerInfo.get().access());
    if (rule.replacement() == null) {
      return new Resolution.Resolved(List.of(new ResolvedRule(rule, legacy, null, ownerInfo.get().location())));
    }
    try {
      ReplacementMethod replacement = replacement(rule, legacy, hierarchy);
      return new Resolution.Resolved(List.of(new ResolvedRule(rule, legacy, replacement, ownerInfo.get().location())));
    } catch (IllegalArgumentException e) {
      return new Resolution.Refused(e.getMessage());
    }
  }

  /**
   * What a class rule covers: in its class and then in each of its member classes that is not private (to
   * {@value #MAX_CLASSES_PER_RULE} classes), the class itself first, then, sorted by name and descriptor, every
   * constructor, method and field it declares that code outside it can use (private, synthetic and bridge members
   * are left out: only the class itself and its nest reach them, and a bridge stands for a method listed already).
   * With an adapter class, each member of the class itself has its counterparts there, if any ({@link Counterparts});
   * its member classes' members never have one.
   *
   * @throws IllegalArgumentException when the adapter does not fit
   */
  private static List<ResolvedRule> classMembers(RuleSpec rule, ClassInfo info, ClassHierarchy hierarchy) {
    List<ResolvedRule> members = new ArrayList<>();
    List<LegacyMember> own = declaredMembers(info);
    if (rule.hasAdapter()) {
      Counterparts adapter = Counterparts.of(rule, info, own, hierarchy);
      for (LegacyMember m : own) {
        members.add(adapter.resolve(m, info.location()));
      }
    } else {
      own.forEach(m -> members.add(new ResolvedRule(rule, m, null, info.location())));
    }
    Deque<ClassInfo> pending = new ArrayDeque<>();
    for (String nested : info.memberClasses()) {
      hierarchy.info(nested).ifPresent(pending::add);
    }
    Set<String> seen = new HashSet<>(Set.of(info.internalName()));
    // its member classes too, to any depth (bounded): deleting the class deletes them, so their uses are its uses
    while (!pending.isEmpty() && seen.size() < MAX_CLASSES_PER_RULE) {
      ClassInfo c = pending.removeFirst();
      if (!seen.add(c.internalName())) {
        continue;
      }
      for (LegacyMember m : declaredMembers(c)) {
        members.add(new ResolvedRule(rule, m, null, c.location()));
      }
      for (String nested : c.memberClasses()) {
        hierarchy.info(nested).ifPresent(pending::add);
      }
    }
    return members;
  }

  /** The most classes (the class and its member classes) one class rule covers. */
  static final int MAX_CLASSES_PER_RULE = 256;

  /** The most classes of its package one package rule covers in one class loader, or in one scope of a scan. */
  public static final int MAX_CLASSES_PER_PACKAGE = 4_096;

  /**
   * A package rule resolved against the classes of its package that {@code classes} names (internal names, as a scan
   * lists them from its jars and folders; at most {@value #MAX_CLASSES_PER_PACKAGE} are taken): each class found, its
   * members after it, as {@link #packageClass} gives them; {@code OwnerMissing} when none is found. It does not throw.
   */
  public static Resolution resolvePackage(RuleSpec rule, ClassHierarchy hierarchy, Collection<String> classes) {
    try {
      List<ResolvedRule> members = new ArrayList<>();
      int taken = 0;
      for (String c : new TreeSet<>(classes)) {
        if (taken == MAX_CLASSES_PER_PACKAGE) {
          break;
        }
        if (rule.legacy().coversClass(c)) {
          Optional<ClassInfo> info = hierarchy.info(c);
          if (info.isPresent()) {
            members.addAll(packageClass(rule, info.get()));
            taken++;
          }
        }
      }
      return members.isEmpty() ? new Resolution.OwnerMissing(rule.legacy().forPeople())
          : new Resolution.Resolved(members);
    } catch (RuntimeException e) {
      return new Resolution.Refused("cannot be resolved: " + e);
    }
  }

  /**
   * What is said of a package rule that reached its limit of classes: the first classes found are covered, the others
   * not, from {@code internalName} on.
   */
  public static String tooManyClasses(RuleSpec rule, String internalName, int limit) {
    return String.format(Locale.ROOT, "%s covers at most %,d classes, the first found; uses of %s and of any class"
        + " found after it are not sites of it", rule.legacy().forPeople(), limit, internalName.replace('/', '.'));
  }

  /**
   * What a package rule covers of one class of its package: the class itself first, then every constructor, method
   * and field it declares that code outside it can use, as a class rule's class (its member classes are classes of
   * the package too, each covered on its own). Empty when the class is not of the rule's package.
   */
  public static List<ResolvedRule> packageClass(RuleSpec rule, ClassInfo info) {
    if (!rule.legacy().isPackage() || !rule.legacy().coversClass(info.internalName())) {
      return List.of();
    }
    List<ResolvedRule> members = new ArrayList<>();
    for (LegacyMember m : declaredMembers(info)) {
      members.add(new ResolvedRule(rule, m, null, info.location()));
    }
    return members;
  }

  /** The class itself, then its constructors, methods and fields that code outside it can use. */
  private static List<LegacyMember> declaredMembers(ClassInfo info) {
    String owner = info.internalName();
    int ownerAccess = info.access();
    List<LegacyMember> members = new ArrayList<>();
    members.add(new LegacyMember(owner, "", "", ownerAccess, ownerAccess, LegacyMember.Kind.CLASS));
    int hidden = Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC | Opcodes.ACC_BRIDGE;
    for (String key : new TreeSet<>(info.methodAccess().keySet())) {
      int access = info.methodAccess().get(key);
      int open = key.lastIndexOf('('); // the descriptor's; a method's name may hold one too
      String name = key.substring(0, open);
      if ((access & hidden) != 0 || name.equals("<clinit>")) {
        continue;
      }
      LegacyMember.Kind kind = name.equals("<init>") ? LegacyMember.Kind.CONSTRUCTOR : LegacyMember.Kind.METHOD;
      members.add(new LegacyMember(owner, name, key.substring(open), access, ownerAccess, kind));
    }
    for (String key : new TreeSet<>(info.fieldAccess().keySet())) {
      int access = info.fieldAccess().get(key);
      int dot = key.lastIndexOf('.'); // in no descriptor; a hostile class file's field name may hold one
      if ((access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC)) != 0) {
        continue;
      }
      members.add(new LegacyMember(owner, key.substring(0, dot), key.substring(dot + 1), access, ownerAccess,
          LegacyMember.Kind.FIELD));
    }
    return members;
  }

  /**
   * What the class has under the name a rule gives, when no method takes the parameters written: the method the
   * rule most likely meant (the same parameter types by their simple names: {@code String} for
   * {@code java.lang.String}), or else the methods of that name; empty when it has none.
   */
  static String hint(ClassInfo owner, MemberRef ref) {
    List<String> wanted = ref.parameterDescriptors();
    List<String> sameName = new ArrayList<>();
    for (String key : owner.methodAccess().keySet()) {
      if (!key.startsWith(ref.name() + "(")) {
        continue;
      }
      List<String> params = new ArrayList<>();
      for (Type t : Type.getArgumentTypes(key.substring(ref.name().length()))) {
        params.add(t.getDescriptor());
      }
      String written = ref.name() + RulesReader.paramsForPeople(params);
      if (sameSimpleNames(params, wanted)) {
        return "; did you mean " + written + "? (parameter types are written in full, with their package)";
      }
      sameName.add(written);
    }
    if (sameName.isEmpty()) {
      return "";
    }
    return "; it has " + String.join(", ", sameName.subList(0, Math.min(3, sameName.size())))
        + (sameName.size() > 3 ? " and " + (sameName.size() - 3) + " more" : "");
  }

  private static boolean sameSimpleNames(List<String> declared, List<String> written) {
    if (declared.size() != written.size()) {
      return false;
    }
    for (int i = 0; i < declared.size(); i++) {
      if (!simpleName(declared.get(i)).equals(simpleName(written.get(i)))) {
        return false;
      }
    }
    return true;
  }

  /** {@code String[]} of {@code [Ljava/lang/String;}; {@code Outer$Inner} of {@code Lcom/acme/Outer$Inner;}. */
  private static String simpleName(String descriptor) {
    String people = RulesReader.typeForPeople(descriptor);
    return people.substring(people.lastIndexOf('.') + 1);
  }

  private static ReplacementMethod replacement(RuleSpec rule, LegacyMember legacy, ClassHierarchy hierarchy) {
    MemberRef repl = rule.replacement();
    String owner = repl.ownerInternalName();
    Optional<ClassInfo> info = hierarchy.info(owner);
    if (info.isEmpty()) {
      throw new IllegalArgumentException("replacement class " + repl.ownerBinaryName() + " does not exist");
    }
    FoundMethod m = hierarchy.findMethod(owner, repl.name(), repl.parameterDescriptor())
        .filter(f -> f.declaringClass().equals(owner))
        .orElseThrow(() -> new IllegalArgumentException("replacement method " + repl.name()
            + RulesReader.paramsForPeople(repl.parameterDescriptors()) + " does not exist in " + repl.ownerBinaryName()
            + hint(info.get(), repl)));
    if (!m.isStatic()) {
      throw new IllegalArgumentException("replacement " + repl.forPeople() + " must be static");
    }
    if ((m.access() & Opcodes.ACC_PUBLIC) == 0 || !info.get().isPublic()) {
      throw new IllegalArgumentException("replacement " + repl.forPeople()
          + " must be public, in a public class, so that every caller can reach it");
    }
    boolean takesReceiver = rule.shape() == ReplacementShape.RECEIVER_FIRST;
    if (takesReceiver) {
      String receiverParam = repl.parameterDescriptors().get(0);
      if (legacy.isStatic()) {
        throw new IllegalArgumentException("replacement parameters " + RulesReader.paramsForPeople(repl.parameterDescriptors())
            + " do not match: the legacy method is static, so expected the legacy parameters "
            + RulesReader.paramsForPeople(rule.legacy().parameterDescriptors()));
      }
      if (!hierarchy.isAssignable("L" + legacy.owner() + ";", receiverParam)) {
        throw new IllegalArgumentException("replacement's first parameter " + RulesReader.typeForPeople(receiverParam)
            + " cannot take the legacy receiver " + legacy.owner().replace('/', '.'));
      }
    }
    String legacyReturn = legacy.returnDescriptor();
    if (!legacyReturn.equals("V") && !hierarchy.isAssignable(m.returnDescriptor(), legacyReturn)) { // void drops it
      throw new IllegalArgumentException("replacement returns " + RulesReader.typeForPeople(m.returnDescriptor())
          + ", which is not assignable to the legacy return type " + RulesReader.typeForPeople(legacyReturn));
    }
    return new ReplacementMethod(owner, m.name(), m.descriptor(), takesReceiver);
  }
}
