package dev.sunset.agent.internal.linkage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The class files of the dispatcher and of its installer. They are generated with ASM when the agent is
 * built ({@link #main}, run by the build) and read from the agent jar at start-up, so that ASM's writer is
 * not loaded while the JVM starts; generated on the spot only if the jar lacks them.
 */
public final class DispatcherClassFiles {
  private static final String DISPATCHER_RESOURCE = "SunsetBootstrapDispatcher.bytes";
  private static final String INSTALLER_RESOURCE = "DispatcherInstaller.bytes";
  private static final String MH = "Ljava/lang/invoke/MethodHandle;";

  private DispatcherClassFiles() {}

  /** Writes both class files into the folder {@code args[0]} (the build's classes folder for this package). */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    Files.write(dir.resolve(DISPATCHER_RESOURCE), generateDispatcher());
    Files.write(dir.resolve(INSTALLER_RESOURCE), generateInstaller(BootstrapInstaller.INSTALLER_CLASS.replace('.', '/')));
  }

  /** The dispatcher's class file. */
  static byte[] dispatcher() throws IOException {
    byte[] bytes = resource(DISPATCHER_RESOURCE);
    return bytes != null ? bytes : generateDispatcher();
  }

  /** The installer's class file. */
  static byte[] installer() throws IOException {
    byte[] bytes = resource(INSTALLER_RESOURCE);
    return bytes != null ? bytes : generateInstaller(BootstrapInstaller.INSTALLER_CLASS.replace('.', '/'));
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = DispatcherClassFiles.class.getResourceAsStream(name)) {
      return in == null ? null : in.readAllBytes();
    }
  }

  /**
   * The installer: {@code define(byte[])} defines a class in {@code java.lang} through a private lookup on
   * {@code Object}, and {@code set(Class, String, MethodHandle)} sets one of the dispatcher's handles.
   */
  static byte[] generateInstaller(String internalName) {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, internalName, null,
        "java/lang/Object", null);
    String lookup = "java/lang/invoke/MethodHandles$Lookup";
    MethodVisitor define = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "define", "([B)Ljava/lang/Class;",
        null, new String[] {"java/lang/Throwable"});
    define.visitCode();
    define.visitLdcInsn(Type.getObjectType("java/lang/Object"));
    define.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup", "()L" + lookup + ";", false);
    define.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "privateLookupIn",
        "(Ljava/lang/Class;L" + lookup + ";)L" + lookup + ";", false);
    define.visitVarInsn(Opcodes.ALOAD, 0);
    define.visitMethodInsn(Opcodes.INVOKEVIRTUAL, lookup, "defineClass", "([B)Ljava/lang/Class;", false);
    define.visitInsn(Opcodes.ARETURN);
    define.visitMaxs(0, 0);
    define.visitEnd();
    MethodVisitor set = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "set",
        "(Ljava/lang/Class;Ljava/lang/String;Ljava/lang/invoke/MethodHandle;)V", null, new String[] {"java/lang/Throwable"});
    set.visitCode();
    set.visitVarInsn(Opcodes.ALOAD, 0);
    set.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup", "()L" + lookup + ";", false);
    set.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "privateLookupIn",
        "(Ljava/lang/Class;L" + lookup + ";)L" + lookup + ";", false);
    set.visitVarInsn(Opcodes.ALOAD, 0);
    set.visitVarInsn(Opcodes.ALOAD, 1);
    set.visitLdcInsn(Type.getObjectType("java/lang/invoke/MethodHandle"));
    set.visitMethodInsn(Opcodes.INVOKEVIRTUAL, lookup, "findStaticSetter",
        "(Ljava/lang/Class;Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/invoke/MethodHandle;", false);
    set.visitVarInsn(Opcodes.ALOAD, 2);
    set.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/invoke/MethodHandle", "invoke",
        "(Ljava/lang/invoke/MethodHandle;)V", false);
    set.visitInsn(Opcodes.RETURN);
    set.visitMaxs(0, 0);
    set.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }

  /**
   * The class file of the dispatcher: static handles set by the agent, and the entry points forwarding to
   * them: the bootstrap of rewritten call sites, the guard, the bootstrap of a guard's replacement call, and the
   * bootstrap of method references rewritten in classes loaded before the agent attached;
   * and {@code registerExitHook}, which only code in {@code java.base} can write.
   */
  static byte[] generateDispatcher() {
    // frames computed: registerExitHook has a loop and a handler; the other methods have no branch
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
    cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, BootstrapInstaller.DISPATCHER, null,
        "java/lang/Object", null);
    for (String field : new String[] {BootstrapInstaller.TARGET_FIELD, BootstrapInstaller.GUARD_FIELD,
        BootstrapInstaller.GUARD_LINK_FIELD, BootstrapInstaller.REFERENCE_FIELD}) {
      cw.visitField(Opcodes.ACC_STATIC | Opcodes.ACC_VOLATILE, field, MH, null, null).visitEnd();
    }
    forwarder(cw, IndyBootstrap.METHOD, IndyBootstrap.DESCRIPTOR, BootstrapInstaller.TARGET_FIELD, 0);
    forwarder(cw, BootstrapInstaller.GUARD_METHOD, BootstrapInstaller.GUARD_DESCRIPTOR,
        BootstrapInstaller.GUARD_FIELD, 0);
    forwarder(cw, BootstrapInstaller.GUARD_LINK_METHOD, BootstrapInstaller.GUARD_LINK_DESCRIPTOR,
        BootstrapInstaller.GUARD_LINK_FIELD, 0);
    // varargs, as LambdaMetafactory.altMetafactory is: the JVM collects a reference's static arguments into its array
    forwarder(cw, IndyBootstrap.REFERENCE_METHOD, IndyBootstrap.REFERENCE_DESCRIPTOR,
        BootstrapInstaller.REFERENCE_FIELD, Opcodes.ACC_VARARGS);
    registerExitHook(cw);
    cw.visitEnd();
    return cw.toByteArray();
  }

  /**
   * {@code public static int registerExitHook(Runnable hook)}: registers {@code hook} as a <em>system</em> shutdown
   * hook in the highest free slot from {@value BootstrapInstaller#LAST_EXIT_SLOT} down to
   * {@value BootstrapInstaller#FIRST_EXIT_SLOT} and returns that slot, or -1 when every one is taken.
   *
   * <p>The JVM runs system hooks one after the other, in slot order, once it is shutting down; slot 1 is the one
   * that starts every application hook ({@code Runtime.addShutdownHook}) and waits for them all, so a hook in a
   * later slot runs once the application's own hooks have finished. It is registered with
   * {@code registerShutdownInProgress} set, so that an application hook may still register it while the JVM runs
   * slot 1. Equivalent to:
   *
   * <pre>{@code
   * for (int slot = 9; slot >= 3; slot--) {
   *   try {
   *     SharedSecrets.getJavaLangAccess().registerShutdownHook(slot, true, hook);
   *     return slot;
   *   } catch (InternalError taken) {
   *     // the JDK holds this slot
   *   }
   * }
   * return -1;
   * }</pre>
   *
   * An {@code IllegalStateException} (the JVM is past slot 1 already) reaches the caller.
   */
  private static void registerExitHook(ClassWriter cw) {
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, BootstrapInstaller.EXIT_HOOK_METHOD,
        BootstrapInstaller.EXIT_HOOK_DESCRIPTOR, null, null);
    mv.visitCode();
    Label loop = new Label();
    Label tryStart = new Label();
    Label tryEnd = new Label();
    Label taken = new Label();
    Label none = new Label();
    mv.visitTryCatchBlock(tryStart, tryEnd, taken, "java/lang/InternalError");
    mv.visitIntInsn(Opcodes.BIPUSH, BootstrapInstaller.LAST_EXIT_SLOT);
    mv.visitVarInsn(Opcodes.ISTORE, 1);
    mv.visitLabel(loop);
    mv.visitVarInsn(Opcodes.ILOAD, 1);
    mv.visitIntInsn(Opcodes.BIPUSH, BootstrapInstaller.FIRST_EXIT_SLOT);
    mv.visitJumpInsn(Opcodes.IF_ICMPLT, none);
    mv.visitLabel(tryStart);
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "jdk/internal/access/SharedSecrets", "getJavaLangAccess",
        "()Ljdk/internal/access/JavaLangAccess;", false);
    mv.visitVarInsn(Opcodes.ILOAD, 1);
    mv.visitInsn(Opcodes.ICONST_1);
    mv.visitVarInsn(Opcodes.ALOAD, 0);
    mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, "jdk/internal/access/JavaLangAccess", "registerShutdownHook",
        "(IZLjava/lang/Runnable;)V", true);
    mv.visitVarInsn(Opcodes.ILOAD, 1);
    mv.visitLabel(tryEnd);
    mv.visitInsn(Opcodes.IRETURN);
    mv.visitLabel(taken);
    mv.visitInsn(Opcodes.POP);
    mv.visitIincInsn(1, -1);
    mv.visitJumpInsn(Opcodes.GOTO, loop);
    mv.visitLabel(none);
    mv.visitInsn(Opcodes.ICONST_M1);
    mv.visitInsn(Opcodes.IRETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  /** A public static method (with {@code access} added) that calls the handle in {@code field} with its own arguments. */
  private static void forwarder(ClassWriter cw, String name, String descriptor, String field, int access) {
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | access, name, descriptor, null,
        new String[] {"java/lang/Throwable"});
    mv.visitCode();
    mv.visitFieldInsn(Opcodes.GETSTATIC, BootstrapInstaller.DISPATCHER, field, MH);
    int slot = 0;
    for (Type arg : Type.getArgumentTypes(descriptor)) {
      mv.visitVarInsn(arg.getOpcode(Opcodes.ILOAD), slot);
      slot += arg.getSize();
    }
    mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/invoke/MethodHandle", "invokeExact", descriptor, false);
    mv.visitInsn(Type.getReturnType(descriptor).getOpcode(Opcodes.IRETURN));
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }
}
