package dev.sunset.core.match;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.classfile.ClassHierarchy;
import dev.sunset.core.classfile.ClassHierarchy.FoundMethod;
import dev.sunset.core.resolve.ResolvedRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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

  /** A matcher for these rules, resolving subtypes through {@code hierarchy}. */
  public LegacyCallMatcher(Collection<ResolvedRule> rules, ClassHierarchy hierarchy) {
    this.hierarchy = hierarchy;
    for (ResolvedRule rule : rules) {
      if (byKey.putIfAbsent(rule.legacy().key(), rule) == null) {
        byNameAndDescriptor.computeIfAbsent(rule.legacy().name() + rule.legacy().descriptor(), k -> new ArrayList<>())
            .add(rule);
        owners.add(rule.legacy().owner());
        names.add(rule.legacy().name());
      }
    }
  }

  /** The rules matched. */
  public Collection<ResolvedRule> rules() {
    return byKey.values();
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
    return all;
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
    return className.equals(rule.legacy().owner())
        || (rule.replacement() != null && className.equals(rule.replacement().owner()));
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
   * name), or empty.
   */
  public Optional<CallMatch> matchHandle(String caller, int tag, String owner, String name, String descriptor) {
    return switch (tag) {
      case Opcodes.H_INVOKESTATIC -> match(caller, true, owner, name, descriptor);
      case Opcodes.H_INVOKEVIRTUAL, Opcodes.H_INVOKEINTERFACE -> match(caller, false, owner, name, descriptor);
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
      if (tag != 10 && tag != 11) { // CONSTANT_Methodref, CONSTANT_InterfaceMethodref
        continue;
      }
      String owner = reader.readClass(offset, buffer);
      int nameAndType = reader.getItem(reader.readUnsignedShort(offset + 2));
      String name = reader.readUTF8(nameAndType, buffer);
      String descriptor = reader.readUTF8(nameAndType + 2, buffer);
      if (rule(owner, name, descriptor).filter(r -> !isLibrarySide(r, caller)).isPresent()) {
        return true;
      }
    }
    return false;
  }
}
