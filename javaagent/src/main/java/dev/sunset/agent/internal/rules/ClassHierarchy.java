package dev.sunset.agent.internal.rules;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Answers questions about classes (does it exist, which methods does it declare or inherit, is one type
 * assignable to another) by reading their class files as resources, without loading or initialising them.
 */
public final class ClassHierarchy {
  /** What a class file says about itself. */
  static final class ClassInfo {
    final String internalName;
    final int access;
    final String superName;
    final List<String> interfaces;
    final Map<String, Integer> methodAccessByNameAndDescriptor;

    ClassInfo(String internalName, int access, String superName, List<String> interfaces,
        Map<String, Integer> methods) {
      this.internalName = internalName;
      this.access = access;
      this.superName = superName;
      this.interfaces = interfaces;
      this.methodAccessByNameAndDescriptor = methods;
    }

    boolean isInterface() {
      return (access & Opcodes.ACC_INTERFACE) != 0;
    }
  }

  /** A method found in a class or one of its supertypes. */
  public static final class FoundMethod {
    final String declaringClass;
    final String name;
    final String descriptor;
    final int access;

    FoundMethod(String declaringClass, String name, String descriptor, int access) {
      this.declaringClass = declaringClass;
      this.name = name;
      this.descriptor = descriptor;
      this.access = access;
    }

    boolean isStatic() {
      return (access & Opcodes.ACC_STATIC) != 0;
    }

    /** The return-type descriptor. */
    String returnDescriptor() {
      return descriptor.substring(descriptor.indexOf(')') + 1);
    }
  }

  private final ClassLoader loader;
  private final Map<String, Optional<ClassInfo>> cache = new ConcurrentHashMap<>();

  /** Reads class files through {@code loader}. */
  public ClassHierarchy(ClassLoader loader) {
    this.loader = loader;
  }

  Optional<ClassInfo> info(String internalName) {
    return cache.computeIfAbsent(internalName, this::read);
  }

  private Optional<ClassInfo> read(String internalName) {
    String resource = internalName + ".class";
    try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource)
        : loader.getResourceAsStream(resource)) {
      if (in == null) {
        return Optional.empty();
      }
      ClassReader reader = new ClassReader(in.readAllBytes());
      Map<String, Integer> methods = new HashMap<>();
      List<String> interfaces = new ArrayList<>(List.of(reader.getInterfaces()));
      reader.accept(new ClassVisitor(Opcodes.ASM9) {
        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
            String[] exceptions) {
          methods.put(name + descriptor, access);
          return null;
        }
      }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
      return Optional.of(new ClassInfo(internalName, reader.getAccess(), reader.getSuperName(), interfaces,
          methods));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether the class exists. */
  public boolean exists(String internalName) {
    return info(internalName).isPresent();
  }

  /** Whether the class is public, so that any caller can reach its public members. */
  public boolean isPublic(String internalName) {
    return info(internalName).map(i -> (i.access & Opcodes.ACC_PUBLIC) != 0).orElse(false);
  }

  /** Whether the class is an interface. */
  public boolean isInterface(String internalName) {
    return info(internalName).map(ClassInfo::isInterface).orElse(false);
  }

  /**
   * Finds the method with this name and parameter descriptor in the class, its superclasses or its
   * interfaces, the way the JVM resolves a method reference.
   */
  public Optional<FoundMethod> findMethod(String ownerInternalName, String name, String parameterDescriptor) {
    Optional<ClassInfo> start = info(ownerInternalName);
    if (start.isEmpty()) {
      return Optional.empty();
    }
    List<String> pending = new ArrayList<>();
    pending.add(ownerInternalName);
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (!pending.isEmpty()) {
      String current = pending.remove(0);
      if (!seen.add(current)) {
        continue;
      }
      Optional<ClassInfo> info = info(current);
      if (info.isEmpty()) {
        continue;
      }
      for (Map.Entry<String, Integer> m : info.get().methodAccessByNameAndDescriptor.entrySet()) {
        String key = m.getKey();
        if (key.startsWith(name + parameterDescriptor) && (m.getValue() & Opcodes.ACC_BRIDGE) == 0) {
          return Optional.of(new FoundMethod(current, name, key.substring(name.length()), m.getValue()));
        }
      }
      if (info.get().superName != null) {
        pending.add(info.get().superName);
      }
      pending.addAll(info.get().interfaces);
    }
    return Optional.empty();
  }

  /** Whether a value of type {@code from} (a field descriptor) can be used where {@code to} is expected. */
  public boolean isAssignable(String fromDescriptor, String toDescriptor) {
    if (fromDescriptor.equals(toDescriptor)) {
      return true;
    }
    if (toDescriptor.equals("Ljava/lang/Object;")) {
      return fromDescriptor.startsWith("L") || fromDescriptor.startsWith("[");
    }
    if (fromDescriptor.startsWith("[") && toDescriptor.startsWith("[")) {
      String f = fromDescriptor.substring(1);
      String t = toDescriptor.substring(1);
      return (f.startsWith("L") || f.startsWith("[")) && isAssignable(f, t);
    }
    if (!fromDescriptor.startsWith("L") || !toDescriptor.startsWith("L")) {
      return false;
    }
    return isSubtype(fromDescriptor.substring(1, fromDescriptor.length() - 1),
        toDescriptor.substring(1, toDescriptor.length() - 1));
  }

  /** Whether class {@code sub} is {@code sup} or extends or implements it, directly or not. */
  public boolean isSubtype(String sub, String sup) {
    List<String> pending = new ArrayList<>(List.of(sub));
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (!pending.isEmpty()) {
      String current = pending.remove(0);
      if (current.equals(sup)) {
        return true;
      }
      if (current.equals("java/lang/Object") || !seen.add(current)) {
        continue; // Object has no supertypes: no need to read it
      }
      Optional<ClassInfo> info = info(current);
      if (info.isPresent()) {
        if (info.get().superName != null) {
          pending.add(info.get().superName);
        }
        pending.addAll(info.get().interfaces);
      }
    }
    return false;
  }
}
