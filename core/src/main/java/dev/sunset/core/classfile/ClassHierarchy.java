package dev.sunset.core.classfile;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.classfile.internal.ClassFileReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Answers questions about classes (does it exist, which methods does it declare or inherit, is one type a
 * subtype of another) by reading their class files through a {@link ClassFileLocator}, never loading or
 * initialising them. Answers are cached; an unreadable class file counts as absent.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ClassHierarchy {
  /**
   * What a class file says about itself: its access, supertypes, the methods and fields it declares (keyed
   * {@code name descriptor} and {@code name.descriptor}), and its member classes that are not private.
   */
  public record ClassInfo(String internalName, int access, int majorVersion, String superName,
      List<String> interfaces, Map<String, Integer> methodAccess, Map<String, Integer> fieldAccess,
      List<String> memberClasses, String location) {
    /** Whether the class is an interface. */
    public boolean isInterface() {
      return (access & Opcodes.ACC_INTERFACE) != 0;
    }

    /** Whether the class is public. */
    public boolean isPublic() {
      return (access & Opcodes.ACC_PUBLIC) != 0;
    }

    /** Whether the class is final. */
    public boolean isFinal() {
      return (access & Opcodes.ACC_FINAL) != 0;
    }

    /** The access flags of the method with this name and full descriptor declared here, or null. */
    public Integer declared(String name, String descriptor) {
      return methodAccess.get(name + descriptor);
    }

    /** The access flags of the field with this name and descriptor declared here, or null. */
    public Integer declaredField(String name, String descriptor) {
      return fieldAccess.get(name + "." + descriptor);
    }

    /** Reads the class-level facts of a class file; throws on a malformed one. */
    public static ClassInfo read(byte[] bytes, String location) {
      ClassReader reader = new ClassReader(bytes);
      Map<String, Integer> methods = new LinkedHashMap<>();
      Map<String, Integer> fields = new LinkedHashMap<>();
      List<String> nested = new ArrayList<>();
      reader.accept(new ClassVisitor(Opcodes.ASM9) {
        @Override
        public void visitInnerClass(String name, String outerName, String innerName, int access) {
          if (reader.getClassName().equals(outerName) && innerName != null && (access & Opcodes.ACC_PRIVATE) == 0) {
            nested.add(name); // a member class code outside the nest can name
          }
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
          fields.put(name + "." + descriptor, access); // "." is in no field name or descriptor
          return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
            String[] exceptions) {
          methods.put(name + descriptor, access);
          return null;
        }
      }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
      int major = ClassFileReader.majorVersion(bytes);
      return new ClassInfo(reader.getClassName(), reader.getAccess(), major, reader.getSuperName(),
          List.of(reader.getInterfaces()), Map.copyOf(methods), Map.copyOf(fields), List.copyOf(nested), location);
    }
  }

  /**
   * A method found in a class or one of its supertypes.
   *
   * @param declaringClass internal name of the class or interface that declares it
   * @param name the method name
   * @param descriptor the full descriptor, return type included
   * @param access its access flags
   */
  public record FoundMethod(String declaringClass, String name, String descriptor, int access) {
    /** Whether the method is static. */
    public boolean isStatic() {
      return (access & Opcodes.ACC_STATIC) != 0;
    }

    /** Whether the method has no body. */
    public boolean isAbstract() {
      return (access & Opcodes.ACC_ABSTRACT) != 0;
    }

    /** The return-type descriptor. */
    public String returnDescriptor() {
      return descriptor.substring(descriptor.indexOf(')') + 1);
    }
  }

  private final ClassFileLocator locator;
  private final Map<String, Optional<ClassInfo>> cache = new ConcurrentHashMap<>();

  /** Reads class files through {@code locator}. */
  public ClassHierarchy(ClassFileLocator locator) {
    this.locator = locator;
  }

  /** The facts of a class, or empty when its class file cannot be found or read. */
  public Optional<ClassInfo> info(String internalName) {
    Optional<ClassInfo> cached = cache.get(internalName);
    if (cached != null) {
      return cached;
    }
    Optional<ClassInfo> read = read(internalName);
    cache.putIfAbsent(internalName, read);
    return read;
  }

  /** Records the facts of a class whose bytes are at hand (a class being defined), so they are not read again. */
  public void learn(ClassInfo info) {
    cache.putIfAbsent(info.internalName(), Optional.of(info));
  }

  private Optional<ClassInfo> read(String internalName) {
    try {
      return locator.find(internalName).map(f -> ClassInfo.read(f.bytes(), f.location()));
    } catch (Exception | LinkageError e) {
      return Optional.empty();
    }
  }

  /** Whether the class exists. */
  public boolean exists(String internalName) {
    return info(internalName).isPresent();
  }

  /**
   * Finds the method with this name and parameter descriptor as the JVM resolves a method reference to
   * {@code ownerInternalName}: in the class and its superclasses first, then in its interfaces (a
   * non-abstract declaration wins over abstract ones). Bridge methods are never found.
   */
  public Optional<FoundMethod> findMethod(String ownerInternalName, String name, String parameterDescriptor) {
    String prefix = name + parameterDescriptor;
    Set<String> seen = new HashSet<>();
    List<String> interfaces = new ArrayList<>();
    for (String current = ownerInternalName; current != null; ) {
      Optional<ClassInfo> info = info(current);
      if (info.isEmpty()) {
        break;
      }
      Optional<FoundMethod> here = declared(info.get(), name, prefix);
      if (here.isPresent()) {
        return here;
      }
      interfaces.addAll(info.get().interfaces());
      current = info.get().isInterface() ? null : info.get().superName();
      if (current != null && !seen.add(current)) {
        break;
      }
    }
    FoundMethod abstractOne = null;
    Deque<String> pending = new ArrayDeque<>(interfaces);
    while (!pending.isEmpty()) {
      String current = pending.removeFirst();
      if (!seen.add(current)) {
        continue;
      }
      Optional<ClassInfo> info = info(current);
      if (info.isEmpty()) {
        continue;
      }
      Optional<FoundMethod> here = declared(info.get(), name, prefix).filter(m -> !m.isStatic());
      if (here.isPresent()) {
        if (!here.get().isAbstract()) {
          return here;
        }
        if (abstractOne == null) {
          abstractOne = here.get();
        }
      }
      pending.addAll(info.get().interfaces());
    }
    return Optional.ofNullable(abstractOne);
  }

  /**
   * The class that declares the field a field instruction naming {@code ownerInternalName} reaches, as the JVM
   * resolves it (the class itself, then its superinterfaces, then its superclass, each in turn), or empty.
   */
  public Optional<String> findField(String ownerInternalName, String name, String descriptor) {
    return findField(ownerInternalName, name, descriptor, new HashSet<>());
  }

  private Optional<String> findField(String owner, String name, String descriptor, Set<String> seen) {
    if (owner == null || !seen.add(owner)) {
      return Optional.empty();
    }
    Optional<ClassInfo> info = info(owner);
    if (info.isEmpty()) {
      return Optional.empty();
    }
    if (info.get().declaredField(name, descriptor) != null) {
      return Optional.of(owner);
    }
    for (String itf : info.get().interfaces()) {
      Optional<String> found = findField(itf, name, descriptor, seen);
      if (found.isPresent()) {
        return found;
      }
    }
    return findField(info.get().superName(), name, descriptor, seen);
  }

  private static Optional<FoundMethod> declared(ClassInfo info, String name, String prefix) {
    for (Map.Entry<String, Integer> m : info.methodAccess().entrySet()) {
      if (m.getKey().startsWith(prefix) && (m.getValue() & Opcodes.ACC_BRIDGE) == 0) {
        return Optional.of(new FoundMethod(info.internalName(), name, m.getKey().substring(name.length()),
            m.getValue()));
      }
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

  /** Whether class {@code sub} is {@code sup} or extends or implements it, directly or not (internal names). */
  public boolean isSubtype(String sub, String sup) {
    Deque<String> pending = new ArrayDeque<>(List.of(sub));
    Set<String> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      String current = pending.removeFirst();
      if (current.equals(sup)) {
        return true;
      }
      if (current.equals("java/lang/Object") || !seen.add(current)) {
        continue; // Object has no supertypes: no need to read it
      }
      Optional<ClassInfo> info = info(current);
      if (info.isPresent()) {
        if (info.get().superName() != null) {
          pending.add(info.get().superName());
        }
        pending.addAll(info.get().interfaces());
      }
    }
    return false;
  }

  /**
   * The class in {@code start}'s superclass chain (itself included, interfaces excluded) that declares a
   * non-abstract instance method with this name and full descriptor, or empty.
   */
  public Optional<String> implementingClass(String start, String name, String descriptor) {
    Set<String> seen = new HashSet<>();
    for (String current = start; current != null && seen.add(current); ) {
      Optional<ClassInfo> info = info(current);
      if (info.isEmpty()) {
        return Optional.empty();
      }
      Integer access = info.get().declared(name, descriptor);
      if (access != null && (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_STATIC)) == 0) {
        return Optional.of(current);
      }
      current = info.get().superName();
    }
    return Optional.empty();
  }
}
