package dev.sunset.agent.internal.linkage;

import dev.sunset.agent.internal.log.AgentLog;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

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
  /** Name of the guard entry point: {@code static int guard(int guardId)}. */
  public static final String GUARD_METHOD = "guard";
  /** Descriptor of the guard entry point. */
  public static final String GUARD_DESCRIPTOR = "(I)I";
  /** Name of the bootstrap method of a guard's call to the replacement. */
  public static final String GUARD_LINK_METHOD = "guardLink";
  /** Descriptor of the bootstrap method of a guard's call to the replacement. */
  public static final String GUARD_LINK_DESCRIPTOR = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
      + "Ljava/lang/invoke/MethodType;I)Ljava/lang/invoke/CallSite;";
  private static final String TARGET_FIELD = "target";
  private static final String GUARD_FIELD = "guardTarget";
  private static final String GUARD_LINK_FIELD = "guardLinkTarget";
  private static final String MH = "Ljava/lang/invoke/MethodHandle;";

  /** The class that java.lang is opened to, alone in its loader, so that it can define the dispatcher. */
  static final String INSTALLER_CLASS = "dev.sunset.boot.DispatcherInstaller";

  private BootstrapInstaller() {}

  /**
   * Where rewritten call sites find their bootstrap method.
   *
   * @param owner internal name of the class holding the bootstrap method (and the guard entry points)
   * @param visibleEverywhere whether every class loader can see it (the dispatcher); otherwise only loaders
   *     that see the agent, and no guard can be woven
   */
  public record Target(String owner, boolean visibleEverywhere) {}

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
      var set = installer.getMethod("set", Class.class, String.class, MethodHandle.class);
      set.invoke(null, dispatcher, GUARD_LINK_FIELD, IndyBootstrap.guardLinkHandle());
      set.invoke(null, dispatcher, GUARD_FIELD, IndyBootstrap.guardHandle());
      set.invoke(null, dispatcher, TARGET_FIELD, IndyBootstrap.handle());
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
   * {@code Object}, and {@code set(Class, String, MethodHandle)} sets one of the dispatcher's handles.
   */
  static byte[] installerBytes(String internalName) {
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
   * them: the bootstrap of rewritten call sites, the guard, and the bootstrap of a guard's replacement call.
   */
  static byte[] dispatcherBytes() {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, DISPATCHER, null,
        "java/lang/Object", null);
    for (String field : new String[] {TARGET_FIELD, GUARD_FIELD, GUARD_LINK_FIELD}) {
      cw.visitField(Opcodes.ACC_STATIC | Opcodes.ACC_VOLATILE, field, MH, null, null).visitEnd();
    }
    forwarder(cw, IndyBootstrap.METHOD, IndyBootstrap.DESCRIPTOR, TARGET_FIELD);
    forwarder(cw, GUARD_METHOD, GUARD_DESCRIPTOR, GUARD_FIELD);
    forwarder(cw, GUARD_LINK_METHOD, GUARD_LINK_DESCRIPTOR, GUARD_LINK_FIELD);
    cw.visitEnd();
    return cw.toByteArray();
  }

  /** A public static method that calls the handle in {@code field} with its own arguments. */
  private static void forwarder(ClassWriter cw, String name, String descriptor, String field) {
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, name, descriptor, null,
        new String[] {"java/lang/Throwable"});
    mv.visitCode();
    mv.visitFieldInsn(Opcodes.GETSTATIC, DISPATCHER, field, MH);
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
