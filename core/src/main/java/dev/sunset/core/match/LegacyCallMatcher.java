package dev.sunset.core.match;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.classfile.ClassHierarchy;
import dev.sunset.core.classfile.ClassHierarchy.FoundMethod;
import dev.sunset.core.format.Use;
import dev.sunset.core.resolve.LegacyMember;
import dev.sunset.core.resolve.ResolvedRule;
import dev.sunset.core.rules.MemberRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * Decides which invoke instructions and method references call a rule's legacy method: those naming the
 * legacy owner with the legacy name and descriptor, and those naming a subtype that inherits the legacy
 * method (resolved through the class hierarchy the way the JVM resolves them), unless the calling class is on
 * that rule's own library side ({@link #isLibrarySide}). The agent rewrites what it matches and a scan lists
 * it, so both decide here, in one place, and cannot disagree.
 *
 * <p>Built once per set of resolved rules (a class loader's, or a scan's); safe for concurrent use.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class LegacyCallMatcher {
  private final Map<String, ResolvedRule> byKey = new HashMap<>();
  private final Map<String, List<ResolvedRule>> byNameAndDescriptor = new HashMap<>();
  private final Set<String> owners = new LinkedHashSet<>();
  private final Set<String> names = new LinkedHashSet<>();
  private final ClassHierarchy hierarchy;
  private final Map<String, Optional<ResolvedRule>> subtypeAnswers = new ConcurrentHashMap<>();

  /** The class rules' classes themselves, by internal name. */
  private final Map<String, ResolvedRule> classes = new HashMap<>();
  /** The class rules' binary names, {@code com.acme.Legacy}, as a lookup by name writes them. */
  private final Map<String, ResolvedRule> classesByBinaryName = new HashMap<>();
  /** Constructors and fields of class rules, by key. */
  private final Map<String, ResolvedRule> constructorsAndFields = new HashMap<>();
  /** Fields of class rules, by {@code name.descriptor}, for accesses naming a subtype. */
  private final Set<String> fieldNames = new HashSet<>();
  private final Map<String, Optional<ResolvedRule>> subtypeFieldAnswers = new ConcurrentHashMap<>();

  /**
   * A matcher for these rules, resolving subtypes through {@code hierarchy}. A method both a method rule and its
   * class's rule cover is the method rule's: a member rule overrides its class's rule for that member.
   */
  public LegacyCallMatcher(Collection<ResolvedRule> rules, ClassHierarchy hierarchy) {
    this.hierarchy = hierarchy;
    List<ResolvedRule> methodRulesFirst = new ArrayList<>(rules);
    methodRulesFirst.sort(Comparator.comparing(ResolvedRule::isClassRule));
    for (ResolvedRule rule : methodRulesFirst) {
      LegacyMember legacy = rule.legacy();
      switch (legacy.kind()) {
        case METHOD -> {
          if (byKey.putIfAbsent(legacy.key(), rule) == null) {
            byNameAndDescriptor.computeIfAbsent(legacy.name() + legacy.descriptor(), k -> new ArrayList<>()).add(rule);
            owners.add(legacy.owner());
            names.add(legacy.name());
          }
        }
        case CONSTRUCTOR -> constructorsAndFields.putIfAbsent(legacy.key(), rule);
        case FIELD -> {
          if (constructorsAndFields.putIfAbsent(legacy.key(), rule) == null) {
            fieldNames.add(legacy.name() + "." + legacy.descriptor());
            names.add(legacy.name());
          }
        }
        case CLASS -> {
          if (classes.putIfAbsent(legacy.owner(), rule) == null) {
            classesByBinaryName.put(legacy.owner().replace('/', '.'), rule);
            owners.add(legacy.owner());
          }
        }
      }
    }
  }

  /** The rules matched: one per legacy member. */
  public Collection<ResolvedRule> rules() {
    List<ResolvedRule> all = new ArrayList<>(byKey.values());
    all.addAll(constructorsAndFields.values());
    all.addAll(classes.values());
    return all;
  }

  /** Whether any class rule is matched: only then are constructors, fields and types looked at. */
  public boolean hasClassRules() {
    return !classes.isEmpty();
  }

  /** The legacy owners' internal names. */
  public Set<String> owners() {
    return owners;
  }

  /**
   * The names a class file must hold in its constant pool to possibly call a legacy method: the legacy
   * owners and, for calls through subtypes, the legacy methods' names.
   */
  public Set<String> scanNames() {
    Set<String> all = new LinkedHashSet<>(owners);
    all.addAll(names);
    all.addAll(classesByBinaryName.keySet()); // a lookup by name holds the class's name as a string
    return all;
  }
  /**
   * The internal names of the class rules' classes, which a scan also looks for inside descriptors and signatures: a
   * class that only takes or returns one names it nowhere else, and is a type reference all the same.
   */
  public Set<String> classRuleOwners() {
    return new LinkedHashSet<>(classes.keySet());
  }


  /**
   * Whether {@code className} (internal name) is on {@code rule}'s library side, so that its calls to that rule's
   * legacy method are not call sites: it declares the legacy method (the legacy library calling itself), or it is
   * the replacement's class (an adapter that falls back to the legacy method must reach it, not come back to
   * itself through a rewritten call).
   *
   * <p>Only this rule's classes count. A class that is the legacy owner or the replacement of one rule calls
   * every other rule's legacy method like any caller, and a rule that was refused or did not resolve has no
   * {@link ResolvedRule} and names no class at all: a rule naming an application class, even by a typo, hides
   * none of that class's other calls. The agent's guards ask the same question of the caller they find.
   */
  public static boolean isLibrarySide(ResolvedRule rule, String className) {
    if (!rule.isClassRule()) {
      return className.equals(rule.legacy().owner())
          || (rule.replacement() != null && className.equals(rule.replacement().owner()));
    }
    // a class rule's side is its class and everything nested in it, whichever of them declares the member, and its
    // adapter class (and everything nested in it), whichever member it stands in for: both go when the class goes
    MemberRef adapter = rule.spec().replacement();
    return isOrNests(rule.spec().legacy().ownerInternalName(), className)
        || (adapter != null && isOrNests(adapter.ownerInternalName(), className));
  }

  /** Whether {@code className} is {@code owner} or a class nested in it, to any depth (internal names). */
  private static boolean isOrNests(String owner, String className) {
    return className.equals(owner) || (className.length() > owner.length() && className.startsWith(owner)
        && className.charAt(owner.length()) == '$');
  }

  /**
   * The match for an invoke instruction in {@code caller} (internal name), or empty.
   *
   * @param caller the class whose code holds the instruction
   */
  public Optional<CallMatch> matchInvoke(String caller, int opcode, String owner, String name, String descriptor) {
    if (opcode == Opcodes.INVOKESPECIAL) {
      return Optional.empty(); // super calls and private calls are not call sites of the legacy API
    }
    return match(caller, opcode == Opcodes.INVOKESTATIC, owner, name, descriptor);
  }

  /**
   * The match for a method handle constant (a method reference's implementation) in {@code caller} (internal
   * name), or empty: a method reference, or a class rule's constructor reference ({@code Legacy::new}, whose use is
   * {@code new}).
   */
  public Optional<CallMatch> matchHandle(String caller, int tag, String owner, String name, String descriptor) {
    return switch (tag) {
      case Opcodes.H_INVOKESTATIC -> match(caller, true, owner, name, descriptor);
      case Opcodes.H_INVOKEVIRTUAL, Opcodes.H_INVOKEINTERFACE -> match(caller, false, owner, name, descriptor);
      case Opcodes.H_NEWINVOKESPECIAL -> matchConstructor(caller, owner, descriptor); // Legacy::new
      default -> Optional.empty();
    };
  }

  private Optional<CallMatch> match(String caller, boolean isStatic, String owner, String name, String descriptor) {
    return rule(owner, name, descriptor).filter(r -> r.legacy().isStatic() == isStatic)
        .filter(r -> !isLibrarySide(r, caller)).map(r -> new CallMatch(r, owner));
  }

  /** The rule whose legacy method a reference to {@code owner.name descriptor} reaches, directly or through a subtype. */
  private Optional<ResolvedRule> rule(String owner, String name, String descriptor) {
    ResolvedRule exact = byKey.get(owner + "." + name + descriptor);
    if (exact != null) {
      return Optional.of(exact);
    }
    if (!byNameAndDescriptor.containsKey(name + descriptor) || owners.contains(owner)) {
      return Optional.empty();
    }
    return subtypeMatch(owner, name, descriptor);
  }

  private Optional<ResolvedRule> subtypeMatch(String owner, String name, String descriptor) {
    String key = owner + "." + name + descriptor;
    Optional<ResolvedRule> known = subtypeAnswers.get(key);
    if (known != null) {
      return known;
    }
    Optional<ResolvedRule> answer = Optional.empty();
    String params = descriptor.substring(0, descriptor.indexOf(')') + 1);
    Optional<FoundMethod> resolved = hierarchy.findMethod(owner, name, params);
    if (resolved.isPresent() && resolved.get().descriptor().equals(descriptor)) {
      ResolvedRule rule = byKey.get(resolved.get().declaringClass() + "." + name + descriptor);
      if (rule != null) {
        answer = Optional.of(rule);
      }
    }
    subtypeAnswers.putIfAbsent(key, answer);
    return answer;
  }

  /**
   * The match for {@code new} of {@code owner} (internal name) with a constructor of this descriptor in
   * {@code caller}, or empty: the constructor call a class rule covers. Only a constructor call after {@code new} is
   * one; a {@code super(...)} or {@code this(...)} call is part of a subclass's or the class's own constructor.
   */
  public Optional<CallMatch> matchConstructor(String caller, String owner, String descriptor) {
    ResolvedRule rule = constructorsAndFields.get(owner + ".<init>" + descriptor);
    return rule == null || isLibrarySide(rule, caller) ? Optional.empty()
        : Optional.of(new CallMatch(rule, owner, Use.NEW));
  }

  /** The match for a field instruction in {@code caller}, directly or through a subtype, or empty. */
  public Optional<CallMatch> matchField(String caller, int opcode, String owner, String name, String descriptor) {
    if (fieldNames.isEmpty()) {
      return Optional.empty();
    }
    String key = owner + "." + name + "." + descriptor;
    ResolvedRule rule = constructorsAndFields.get(key);
    if (rule == null && fieldNames.contains(name + "." + descriptor) && !classes.containsKey(owner)) {
      rule = subtypeFieldAnswers.computeIfAbsent(key, k -> hierarchy.findField(owner, name, descriptor)
          .map(declaring -> constructorsAndFields.get(declaring + "." + name + "." + descriptor))).orElse(null);
    }
    boolean isStatic = opcode == Opcodes.GETSTATIC || opcode == Opcodes.PUTSTATIC;
    if (rule == null || rule.legacy().isStatic() != isStatic || isLibrarySide(rule, caller)) {
      return Optional.empty();
    }
    boolean write = opcode == Opcodes.PUTFIELD || opcode == Opcodes.PUTSTATIC;
    return Optional.of(new CallMatch(rule, owner, write ? Use.FIELD_WRITE : Use.FIELD_READ));
  }

  /**
   * The match for a class rule's type named by {@code caller} (an internal name, or an array or field descriptor of
   * one), as {@code use}, or empty.
   */
  public Optional<CallMatch> matchType(String caller, String type, Use use) {
    if (classes.isEmpty() || type == null) {
      return Optional.empty();
    }
    String t = type;
    int dims = 0;
    while (dims < t.length() && t.charAt(dims) == '[') {
      dims++;
    }
    if (dims > 0 || (t.startsWith("L") && t.endsWith(";"))) {
      t = t.charAt(dims) == 'L' && t.endsWith(";") ? t.substring(dims + 1, t.length() - 1) : null;
    }
    ResolvedRule rule = t == null ? null : classes.get(t);
    return rule == null || isLibrarySide(rule, caller) ? Optional.empty() : Optional.of(new CallMatch(rule, t, use));
  }

  /** The match for a lookup of a class by the name {@code binaryName} ({@code com.acme.Legacy}), or empty. */
  public Optional<CallMatch> matchClassName(String caller, String binaryName) {
    ResolvedRule rule = classesByBinaryName.get(binaryName);
    return rule == null || isLibrarySide(rule, caller) ? Optional.empty()
        : Optional.of(new CallMatch(rule, rule.legacy().owner(), Use.CLASS_LOOKUP));
  }

  /** The class rules' types among a descriptor's or signature's class names: each a type reference. */
  public List<CallMatch> typesIn(String caller, String descriptorOrSignature) {
    if (classes.isEmpty() || descriptorOrSignature == null) {
      return List.of();
    }
    List<CallMatch> found = new ArrayList<>();
    for (int at = descriptorOrSignature.indexOf('L'); at >= 0; at = descriptorOrSignature.indexOf('L', at + 1)) {
      int end = at + 1;
      while (end < descriptorOrSignature.length() && ";<".indexOf(descriptorOrSignature.charAt(end)) < 0) {
        end++;
      }
      ResolvedRule rule = classes.get(descriptorOrSignature.substring(at + 1, end));
      if (rule != null && !isLibrarySide(rule, caller)
          && found.stream().noneMatch(m -> m.rule() == rule)) {
        found.add(new CallMatch(rule, rule.legacy().owner(), Use.TYPE_REFERENCE));
      }
    }
    return found;
  }

  /**
   * Whether a class may hold a call site: one of its constant pool's method references matches a rule the
   * class is not on the library side of, walked with ASM's constant pool index (no code is parsed). Cheap enough
   * to run on every class that passed the constant-pool name scan.
   */
  public boolean mayCall(ClassReader reader) {
    String caller = reader.getClassName();
    char[] buffer = new char[reader.getMaxStringLength()];
    int count = reader.getItemCount();
    for (int i = 1; i < count; i++) {
      int offset = reader.getItem(i);
      if (offset == 0) {
        continue; // the second slot of a long or double
      }
      int tag = reader.readByte(offset - 1);
      if (tag == 7 && !classes.isEmpty()) { // CONSTANT_Class: new, a supertype, a cast, a static access
        ResolvedRule rule = classes.get(reader.readUTF8(offset, buffer));
        if (rule != null && !isLibrarySide(rule, caller)) {
          return true;
        }
        continue;
      }
      if (tag == 8 && !classes.isEmpty()) { // CONSTANT_String: a lookup by name
        if (matchClassName(caller, reader.readUTF8(offset, buffer)).isPresent()) {
          return true;
        }
        continue;
      }
      if (tag != 9 && tag != 10 && tag != 11) { // CONSTANT_Fieldref, CONSTANT_Methodref, CONSTANT_InterfaceMethodref
        continue;
      }
      String owner = reader.readClass(offset, buffer);
      int nameAndType = reader.getItem(reader.readUnsignedShort(offset + 2));
      String name = reader.readUTF8(nameAndType, buffer);
      String descriptor = reader.readUTF8(nameAndType + 2, buffer);
      if (tag == 9) {
        if (matchField(caller, Opcodes.GETFIELD, owner, name, descriptor).isPresent()
            || matchField(caller, Opcodes.GETSTATIC, owner, name, descriptor).isPresent()) {
          return true;
        }
        continue;
      }
      if (rule(owner, name, descriptor).filter(r -> !isLibrarySide(r, caller)).isPresent()) {
        return true;
      }
    }
    return false;
  }
}
