package dev.sunset.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Class files whose names hold what class files may hold and terminals act on (escapes, line breaks, lone
 * surrogates), written with ASM: a legacy library {@code com.acme.lib.Legacy#create()} and callers of it.
 */
public final class HostileClasses {
  /** The rules file naming the legacy method. */
  public static final String RULES = "rules:\n  - id: legacy-create\n    legacy: com.acme.lib.Legacy#create()\n";

  private final Map<String, byte[]> entries = new LinkedHashMap<>();

  public static HostileClasses jar() {
    return new HostileClasses();
  }

  /** The legacy class, with its static {@code create()}. */
  public HostileClasses legacy() {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
    cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "com/acme/lib/Legacy", null, "java/lang/Object", null);
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "create", "()V", null, null);
    mv.visitCode();
    mv.visitInsn(Opcodes.RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    cw.visitEnd();
    entries.put("com/acme/lib/Legacy.class", cw.toByteArray());
    return this;
  }

  /**
   * A class {@code internalName} from source file {@code sourceFile} whose static method {@code method} calls the
   * legacy method at line {@code line}.
   */
  public HostileClasses caller(String internalName, String sourceFile, String method, int line) {
    entries.put(internalName + ".class", callerClass(internalName, sourceFile, method, line));
    return this;
  }

  /** The class file of such a caller. */
  public static byte[] callerClass(String internalName, String sourceFile, String method, int line) {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
    cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, internalName, null, "java/lang/Object", null);
    cw.visitSource(sourceFile, null);
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, method, "()V", null, null);
    mv.visitCode();
    Label start = new Label();
    mv.visitLabel(start);
    mv.visitLineNumber(line, start);
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "com/acme/lib/Legacy", "create", "()V", false);
    mv.visitInsn(Opcodes.RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }

  /** Any entry. */
  public HostileClasses entry(String name, byte[] bytes) {
    entries.put(name, bytes);
    return this;
  }

  public Path writeTo(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file))) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        out.putNextEntry(new JarEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    return file;
  }
}
