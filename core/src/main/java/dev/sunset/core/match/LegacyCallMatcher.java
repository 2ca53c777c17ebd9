package dev.sunset.core.match;

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
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * Decides which invoke instructions and method references call a rule's legacy method: those naming the
 * legacy owner with the legacy name and descriptor, and those naming a subtype that inherits the legacy
 * method (resolved through the class hierarchy the way the JVM resolves them).
 *
 * <p>Built once per set of resolved rules (a class loader's, or a scan's); safe for concurrent use.
 */
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

  /** The match for an invoke instruction, or empty. */
  public Optional<CallMatch> matchInvoke(int opcode, String owner, String name, String descriptor) {
    if (opcode == Opcodes.INVOKESPECIAL) {
      return Optional.empty(); // super calls and private calls are not call sites of the legacy API
    }
    return match(opcode == Opcodes.INVOKESTATIC, owner, name, descriptor);
  }

  /** The match for a method handle constant (a method reference's implementation), or empty. */
  public Optional<CallMatch> matchHandle(int tag, String owner, String name, String descriptor) {
    return switch (tag) {
      case Opcodes.H_INVOKESTATIC -> match(true, owner, name, descriptor);
      case Opcodes.H_INVOKEVIRTUAL, Opcodes.H_INVOKEINTERFACE -> match(false, owner, name, descriptor);
      default -> Optional.empty();
    };
  }

  private Optional<CallMatch> match(boolean isStatic, String owner, String name, String descriptor) {
    ResolvedRule exact = byKey.get(owner + "." + name + descriptor);
    if (exact != null) {
      return exact.legacy().isStatic() == isStatic ? Optional.of(new CallMatch(exact, owner)) : Optional.empty();
    }
    List<ResolvedRule> candidates = byNameAndDescriptor.get(name + descriptor);
    if (candidates == null || owners.contains(owner)) {
      return Optional.empty();
    }
    return subtypeMatch(owner, name, descriptor).filter(r -> r.legacy().isStatic() == isStatic)
        .map(r -> new CallMatch(r, owner));
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
   * Whether a class may hold a call site: one of its constant pool's method references matches, walked
   * with ASM's constant pool index (no code is parsed). Cheap enough to run on every class that passed the
   * constant-pool name scan.
   */
  public boolean mayCall(ClassReader reader) {
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
      if (byKey.containsKey(owner + "." + name + descriptor)) {
        return true;
      }
      if (byNameAndDescriptor.containsKey(name + descriptor) && !owners.contains(owner)
          && subtypeMatch(owner, name, descriptor).isPresent()) {
        return true;
      }
    }
    return false;
  }
}
