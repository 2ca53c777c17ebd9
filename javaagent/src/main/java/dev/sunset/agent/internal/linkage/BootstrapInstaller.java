package dev.sunset.agent.internal.linkage;

import dev.sunset.agent.internal.log.AgentLog;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Makes the bootstrap method of rewritten call sites reachable from every class loader.
 *
 * <p>It defines one small class, {@code java.lang.SunsetBootstrapDispatcher}, in the boot loader's
 * {@code java.lang} package (exported to everyone; {@code java.lang.invoke} refuses private lookups),
 * whose bootstrap method forwards to {@link IndyBootstrap}. This avoids appending a jar to the boot class
 * path, which would cost class-data sharing for every other loader. The class is defined by an installer
 * class alone in a class loader of its own, and {@code java.lang} is opened to that loader's unnamed module
 * only, never to the class path's. If the JVM refuses, rewritten classes name
 * {@link IndyBootstrap} directly and only classes whose loader can see the agent are rewritten.
 */
public final class BootstrapInstaller {
  /** Internal name of the dispatcher class defined in {@code java.lang}. */
  public static final String DISPATCHER = "java/lang/SunsetBootstrapDispatcher";
  /** The class that java.lang is opened to, alone in its loader, so that it can define the dispatcher. */
  static final String INSTALLER_CLASS = "dev.sunset.boot.DispatcherInstaller";

  private BootstrapInstaller() {}

  /** Where rewritten call sites find their bootstrap method. */
  public static final class Target {
    private final String owner;
    private final boolean visibleEverywhere;

    Target(String owner, boolean visibleEverywhere) {
      this.owner = owner;
      this.visibleEverywhere = visibleEverywhere;
    }

    /** Internal name of the class holding the bootstrap method. */
    public String owner() {
      return owner;
    }

    /** Whether every class loader can see it (the dispatcher); otherwise only loaders that see the agent. */
    public boolean visibleEverywhere() {
      return visibleEverywhere;
    }
  }

  /** Defines the dispatcher, or falls back to {@link IndyBootstrap}; never throws. */
  public static Target install(Instrumentation instrumentation) {
    try {
      Class<?> installer = installerInItsOwnLoader();
      // open java.lang to the installer's module only: opening it to the agent would open it to the whole
      // class path, which shares the agent's unnamed module
      instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
          Map.of("java.lang", Set.of(installer.getModule())), Set.of(), Map.of());
      Class<?> dispatcher = findExisting();
      if (dispatcher == null) {
        dispatcher = (Class<?>) installer.getMethod("define", byte[].class).invoke(null, (Object) dispatcherBytes());
      }
      installer.getMethod("setTarget", Class.class, MethodHandle.class).invoke(null, dispatcher, IndyBootstrap.handle());
      return new Target(DISPATCHER, true);
    } catch (Throwable t) {
      AgentLog.failureOnce("dispatcher", "cannot define the bootstrap dispatcher in java.lang; only classes"
          + " whose loader sees the agent jar are rewritten", t);
      return new Target(IndyBootstrap.INTERNAL_NAME, false);
    }
  }

  private static Class<?> findExisting() {
    try {
      return Class.forName(DISPATCHER.replace('/', '.'), false, null);
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  /**
   * Defines the installer class in a class loader of its own, so that it lives in that loader's unnamed
   * module, which no other code shares, and returns it.
   */
  private static Class<?> installerInItsOwnLoader() {
    return new InstallerLoader().define(installerBytes(INSTALLER_CLASS.replace('.', '/')));
  }

  /** The loader of the installer class alone; its unnamed module is the only one java.lang is opened to. */
  private static final class InstallerLoader extends ClassLoader {
    InstallerLoader() {
      super("sunset-installer", ClassLoader.getPlatformClassLoader());
    }

    Class<?> define(byte[] bytes) {
      return defineClass(INSTALLER_CLASS, bytes, 0, bytes.length);
    }
  }

  /**
   * The installer: {@code define(byte[])} defines a class in {@code java.lang} through a private lookup on
   * {@code Object}, and {@code setTarget(Class, MethodHandle)} sets the dispatcher's {@code target}.
   */
  static byte[] installerBytes(String internalName) {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, internalName, null,
        "java/lang/Object", null);
    String lookup = "java/lang/invoke/MethodHandles$Lookup";
    MethodVisitor define = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "define", "([B)Ljava/lang/Class;",
        null, new String[] {"java/lang/Throwable"});
    define.visitCode();
    define.visitLdcInsn(org.objectweb.asm.Type.getObjectType("java/lang/Object"));
    define.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup", "()L" + lookup + ";", false);
    define.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "privateLookupIn",
        "(Ljava/lang/Class;L" + lookup + ";)L" + lookup + ";", false);
    define.visitVarInsn(Opcodes.ALOAD, 0);
    define.visitMethodInsn(Opcodes.INVOKEVIRTUAL, lookup, "defineClass", "([B)Ljava/lang/Class;", false);
    define.visitInsn(Opcodes.ARETURN);
    define.visitMaxs(0, 0);
    define.visitEnd();
    MethodVisitor set = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "setTarget",
        "(Ljava/lang/Class;Ljava/lang/invoke/MethodHandle;)V", null, new String[] {"java/lang/Throwable"});
    set.visitCode();
    set.visitVarInsn(Opcodes.ALOAD, 0);
    set.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup", "()L" + lookup + ";", false);
    set.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "privateLookupIn",
        "(Ljava/lang/Class;L" + lookup + ";)L" + lookup + ";", false);
    set.visitVarInsn(Opcodes.ALOAD, 0);
    set.visitLdcInsn("target");
    set.visitLdcInsn(org.objectweb.asm.Type.getObjectType("java/lang/invoke/MethodHandle"));
    set.visitMethodInsn(Opcodes.INVOKEVIRTUAL, lookup, "findStaticSetter",
        "(Ljava/lang/Class;Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/invoke/MethodHandle;", false);
    set.visitVarInsn(Opcodes.ALOAD, 1);
    set.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/invoke/MethodHandle", "invoke",
        "(Ljava/lang/invoke/MethodHandle;)V", false);
    set.visitInsn(Opcodes.RETURN);
    set.visitMaxs(0, 0);
    set.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }

  /** The class file of the dispatcher: a static {@code target} handle and a bootstrap method forwarding to it. */
  static byte[] dispatcherBytes() {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, DISPATCHER, null,
        "java/lang/Object", null);
    cw.visitField(Opcodes.ACC_STATIC | Opcodes.ACC_VOLATILE, "target", "Ljava/lang/invoke/MethodHandle;", null, null)
        .visitEnd();
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, IndyBootstrap.METHOD,
        IndyBootstrap.DESCRIPTOR, null, new String[] {"java/lang/Throwable"});
    mv.visitCode();
    mv.visitFieldInsn(Opcodes.GETSTATIC, DISPATCHER, "target", "Ljava/lang/invoke/MethodHandle;");
    mv.visitVarInsn(Opcodes.ALOAD, 0);
    mv.visitVarInsn(Opcodes.ALOAD, 1);
    mv.visitVarInsn(Opcodes.ALOAD, 2);
    mv.visitVarInsn(Opcodes.ALOAD, 3);
    mv.visitVarInsn(Opcodes.ILOAD, 4);
    mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/invoke/MethodHandle", "invokeExact",
        IndyBootstrap.DESCRIPTOR, false);
    mv.visitInsn(Opcodes.ARETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }
}
