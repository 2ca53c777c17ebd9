package dev.sunset.core.rules.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * A library whose class files say what is deprecated and how, written with ASM so that they can hold what javac never
 * writes: names with quotes, colons and line breaks, a {@code since} that tries to start a rule of its own, and
 * {@code @InlineMe} (class retention: a runtime-invisible annotation) of every shape.
 */
final class DeprecatedLibrary {
  /** How a method is deprecated. */
  record Dep(boolean forRemoval, String since) {}

  private final Map<String, ClassWriter> classes = new LinkedHashMap<>();

  ClassWriter type(String internalName, boolean deprecatedForRemoval) {
    return classes.computeIfAbsent(internalName, n -> {
      ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
      cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | (deprecatedForRemoval ? Opcodes.ACC_DEPRECATED : 0), n, null,
          "java/lang/Object", null);
      if (deprecatedForRemoval) {
        deprecated(cw.visitAnnotation("Ljava/lang/Deprecated;", true), new Dep(true, null));
      }
      MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
      init.visitCode();
      init.visitVarInsn(Opcodes.ALOAD, 0);
      init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
      init.visitInsn(Opcodes.RETURN);
      init.visitMaxs(0, 0);
      init.visitEnd();
      return cw;
    });
  }

  /**
   * A method returning a zero of its type; {@code dep} null for one not deprecated, {@code names} the parameter names
   * to keep (MethodParameters), or null for none, {@code inlineMe} the replacement and its imports, or null.
   */
  DeprecatedLibrary method(String owner, int access, String name, String descriptor, Dep dep, List<String> names,
      String inlineMe, String... imports) {
    ClassWriter cw = type(owner, false);
    MethodVisitor mv = cw.visitMethod(access | (dep != null ? Opcodes.ACC_DEPRECATED : 0), name, descriptor, null,
        null);
    if (names != null) {
      for (String n : names) {
        mv.visitParameter(n, 0);
      }
    }
    if (dep != null) {
      deprecated(mv.visitAnnotation("Ljava/lang/Deprecated;", true), dep);
    }
    if (inlineMe != null) {
      AnnotationVisitor av = mv.visitAnnotation(InlineMe.DESCRIPTOR, false);
      av.visit("replacement", inlineMe);
      AnnotationVisitor array = av.visitArray("imports");
      for (String i : imports) {
        array.visit(null, i);
      }
      array.visitEnd();
      av.visitEnd();
    }
    if ((access & Opcodes.ACC_ABSTRACT) == 0) {
      mv.visitCode();
      if (name.equals("<init>")) {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
      }
      Type ret = Type.getReturnType(descriptor);
      switch (ret.getSort()) {
        case Type.VOID -> mv.visitInsn(Opcodes.RETURN);
        case Type.LONG -> {
          mv.visitInsn(Opcodes.LCONST_0);
          mv.visitInsn(Opcodes.LRETURN);
        }
        case Type.OBJECT, Type.ARRAY -> {
          mv.visitInsn(Opcodes.ACONST_NULL);
          mv.visitInsn(Opcodes.ARETURN);
        }
        default -> {
          mv.visitInsn(Opcodes.ICONST_0);
          mv.visitInsn(Opcodes.IRETURN);
        }
      }
      mv.visitMaxs(0, 0);
    }
    mv.visitEnd();
    return this;
  }

  DeprecatedLibrary field(String owner, String name, String descriptor, Dep dep) {
    FieldVisitor fv = type(owner, false).visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_DEPRECATED,
        name, descriptor, null, null);
    deprecated(fv.visitAnnotation("Ljava/lang/Deprecated;", true), dep);
    fv.visitEnd();
    return this;
  }

  private static void deprecated(AnnotationVisitor av, Dep dep) {
    if (dep.since() != null) {
      av.visit("since", dep.since());
    }
    if (dep.forRemoval()) {
      av.visit("forRemoval", true);
    }
    av.visitEnd();
  }

  /** The library as a jar. */
  Path jar(Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
      for (Map.Entry<String, ClassWriter> e : classes.entrySet()) {
        jar.putNextEntry(new JarEntry(e.getKey() + ".class"));
        e.getValue().visitEnd();
        jar.write(e.getValue().toByteArray());
        jar.closeEntry();
      }
    }
    return file;
  }

  /** A Spring Boot executable jar holding {@code lib} as {@code BOOT-INF/lib/lib.jar}. */
  static Path bootJar(Path lib, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
      jar.putNextEntry(new JarEntry("BOOT-INF/classes/"));
      jar.closeEntry();
      jar.putNextEntry(new JarEntry("BOOT-INF/lib/lib.jar"));
      jar.write(Files.readAllBytes(lib));
      jar.closeEntry();
    }
    return file;
  }

}
