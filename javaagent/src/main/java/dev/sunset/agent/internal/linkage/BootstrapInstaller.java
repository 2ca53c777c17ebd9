package dev.sunset.agent.internal.linkage;

import dev.sunset.agent.internal.log.AgentLog;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Makes the bootstrap method of rewritten call sites reachable from every class loader.
 *
 * <p>It defines one small class, {@code java.lang.SunsetBootstrapDispatcher}, in the boot loader's
 * {@code java.lang} package (exported to everyone; {@code java.lang.invoke} refuses private lookups), whose bootstrap method forwards to
 * {@link IndyBootstrap}. This avoids appending a jar to the boot class path, which would cost class-data
 * sharing for every other loader. If the JVM refuses, rewritten classes name {@link IndyBootstrap}
 * directly and only classes whose loader can see the agent are rewritten.
 */
public final class BootstrapInstaller {
  /** Internal name of the dispatcher class defined in {@code java.lang}. */
  public static final String DISPATCHER = "java/lang/SunsetBootstrapDispatcher";

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
      Class<?> existing = findExisting();
      Class<?> dispatcher = existing != null ? existing : define(instrumentation);
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(dispatcher, MethodHandles.lookup());
      lookup.findStaticSetter(dispatcher, "target", MethodHandle.class).invoke(IndyBootstrap.handle());
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

  private static Class<?> define(Instrumentation instrumentation) throws IllegalAccessException {
    Module javaBase = Object.class.getModule();
    Module agent = BootstrapInstaller.class.getModule();
    instrumentation.redefineModule(javaBase, Set.of(), Map.of(), Map.of("java.lang", Set.of(agent)),
        Set.of(), Map.of());
    MethodHandles.Lookup inJavaLang = MethodHandles.privateLookupIn(Object.class, MethodHandles.lookup());
    return inJavaLang.defineClass(dispatcherBytes());
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
