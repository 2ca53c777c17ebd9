package dev.sunset.cli.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The calls and method references in compiled classes to the legacy WebSocket API, as the JVM sees them: any
 * member of {@code WebSocketManagerFactory}, and {@code sendEvent} / {@code sendToolExecuting} on a manager.
 */
final class LegacyCallScan {
  private static final String FACTORY = "com/example/ws/WebSocketManagerFactory";
  private static final Set<String> MANAGERS = Set.of("com/example/ws/WebSocketManager",
      "com/example/ws/UnifiedWebSocketManager");
  private static final Set<String> LEGACY_MANAGER_METHODS = Set.of("sendEvent", "sendToolExecuting");

  /** One reference: {@code Class.method -> owner.name}. */
  record Reference(String from, String owner, String name) {
    /** Whether this is a reference to the legacy factory. */
    boolean factory() {
      return owner.equals(FACTORY);
    }

    /** Whether this is a call of a legacy manager method. */
    boolean managerMethod() {
      return MANAGERS.contains(owner) && LEGACY_MANAGER_METHODS.contains(name);
    }

    /** Whether this is a reference to the legacy API. */
    boolean legacy() {
      return factory() || managerMethod();
    }

    @Override
    public String toString() {
      return from + " -> " + owner.replace('/', '.') + "#" + name;
    }
  }

  private LegacyCallScan() {}

  /** Every method call, method handle and field access in the class files under {@code directories}. */
  static List<Reference> references(Path... directories) {
    List<Reference> references = new ArrayList<>();
    for (Path directory : directories) {
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
          scan(Files.readAllBytes(file), references);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return references;
  }

  private static void scan(byte[] bytes, List<Reference> references) {
    new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
      private String className;

      @Override
      public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        className = name.replace('/', '.');
      }

      @Override
      public MethodVisitor visitMethod(int access, String method, String descriptor, String signature, String[] exceptions) {
        String from = className + "." + method;
        return new MethodVisitor(Opcodes.ASM9) {
          @Override
          public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean isInterface) {
            references.add(new Reference(from, owner, name));
          }

          @Override
          public void visitFieldInsn(int opcode, String owner, String name, String desc) {
            references.add(new Reference(from, owner, name));
          }

          @Override
          public void visitTypeInsn(int opcode, String type) {
            references.add(new Reference(from, type, "<type>"));
          }

          @Override
          public void visitInvokeDynamicInsn(String name, String desc, Handle bootstrap, Object... arguments) {
            for (Object argument : arguments) {
              if (argument instanceof Handle handle) {
                references.add(new Reference(from, handle.getOwner(), handle.getName()));
              } else if (argument instanceof Type type && type.getSort() == Type.OBJECT) {
                references.add(new Reference(from, type.getInternalName(), "<type>"));
              }
            }
          }
        };
      }
    }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
  }
}
