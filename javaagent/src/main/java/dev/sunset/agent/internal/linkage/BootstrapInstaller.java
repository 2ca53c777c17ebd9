package dev.sunset.agent.internal.linkage;

import dev.sunset.agent.internal.log.AgentLog;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
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
 * class in a module of its own, {@value #INSTALLER_MODULE}, built in memory, and {@code java.lang} is opened
 * to that module only, never to the class path. If the JVM refuses, rewritten classes name
 * {@link IndyBootstrap} directly and only classes whose loader can see the agent are rewritten.
 */
public final class BootstrapInstaller {
  /** Internal name of the dispatcher class defined in {@code java.lang}. */
  public static final String DISPATCHER = "java/lang/SunsetBootstrapDispatcher";
  /** The module, in a layer of its own, that java.lang is opened to so that it can define the dispatcher. */
  static final String INSTALLER_MODULE = "dev.sunset.boot";

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
      Class<?> installer = installerInItsOwnModule();
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
   * Defines, in a module layer of its own built in memory, the module {@value #INSTALLER_MODULE} holding
   * one class that defines the dispatcher and sets its target, and returns that class.
   */
  private static Class<?> installerInItsOwnModule() throws ClassNotFoundException {
    String packageName = INSTALLER_MODULE;
    String className = packageName + ".DispatcherInstaller";
    byte[] bytes = installerBytes(className.replace('.', '/'));
    String resource = className.replace('.', '/') + ".class";
    ModuleDescriptor descriptor = ModuleDescriptor.newModule(INSTALLER_MODULE).exports(packageName).build();
    ModuleReference reference = new ModuleReference(descriptor, null) {
      @Override
      public ModuleReader open() {
        return new ModuleReader() {
          @Override
          public Optional<URI> find(String name) {
            return Optional.empty();
          }

          @Override
          public Optional<InputStream> open(String name) {
            return resource.equals(name) ? Optional.of(new ByteArrayInputStream(bytes)) : Optional.empty();
          }

          @Override
          public Stream<String> list() {
            return Stream.of(resource);
          }

          @Override
          public void close() {}
        };
      }
    };
    ModuleFinder finder = new ModuleFinder() {
      @Override
      public Optional<ModuleReference> find(String name) {
        return INSTALLER_MODULE.equals(name) ? Optional.of(reference) : Optional.empty();
      }

      @Override
      public Set<ModuleReference> findAll() {
        return Set.of(reference);
      }
    };
    ModuleLayer boot = ModuleLayer.boot();
    Configuration configuration = boot.configuration().resolve(finder, ModuleFinder.of(), Set.of(INSTALLER_MODULE));
    ModuleLayer layer = boot.defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
    return layer.findLoader(INSTALLER_MODULE).loadClass(className);
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
