package dev.sunset.agent.internal.rewrite;

import dev.sunset.agent.internal.linkage.BootstrapInstaller;
import dev.sunset.agent.internal.registry.Guard;
import java.util.List;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.Attribute;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.TypePath;
import org.objectweb.asm.tree.MethodNode;

/**
 * Weaves guards into the legacy methods a class declares, as it first loads. Each guarded method gets:
 *
 * <ul>
 *   <li>a prologue, {@code if (guard(id) != 0) return replacement(args);}, through which the calls that
 *       no rewritten call site covers are attributed, counted and enforced (see {@code LegacyGuards});
 *   <li>a private synthetic twin, {@code sunset$direct$name}, holding the original body, which rewritten
 *       sites run at {@code observe} so that their calls are not seen twice.
 * </ul>
 *
 * <p>A class being redefined (loaded before the agent attached) may gain no method: its guards have no twin
 * ({@link Plan#twinless()}), and rewritten sites mark their calls instead (see {@code CountedMark}).
 *
 * <p>The prologue keeps the operand stack empty at the original first instruction and adds a
 * {@code same} stack map frame there (followed by a {@code nop}, so that an original frame at the first
 * instruction keeps an offset of its own); no frame is recomputed. Calls within the class to its own
 * guarded methods that cannot be overridden go to the twins (the library calling itself is not a legacy
 * call site).
 */
final class GuardWeaver extends ClassVisitor {
  /**
   * A guard to weave: the method it guards, whether its prologue can call the replacement, whether the method may be
   * overridden, and whether it goes without a twin (its class is being redefined).
   */
  record Plan(int guardId, String ruleId, String legacyMember, String methodName, String descriptor,
      boolean canRedirect, boolean overridable, boolean twinless) {
    /** The twin's name, or null when the guard has none. */
    String twinName() {
      return twinless ? null : Guard.twinNameOf(methodName);
    }
  }

  private final List<Plan> plans;
  private final Handle guardLink;
  private final String dispatcher;
  private String className;
  private boolean isInterface;
  private int version;

  GuardWeaver(ClassVisitor next, List<Plan> plans, String dispatcher) {
    super(Opcodes.ASM9, next);
    this.plans = plans;
    this.dispatcher = dispatcher;
    this.guardLink = new Handle(Opcodes.H_INVOKESTATIC, dispatcher, BootstrapInstaller.GUARD_LINK_METHOD,
        BootstrapInstaller.GUARD_LINK_DESCRIPTOR, false);
  }

  @Override
  public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
    this.className = name;
    this.version = version & 0xFFFF;
    this.isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
    super.visit(version, access, name, signature, superName, interfaces);
  }

  private Plan planFor(int access, String name, String descriptor) {
    if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) != 0) {
      return null;
    }
    for (Plan p : plans) {
      if (p.methodName().equals(name) && p.descriptor().equals(descriptor)) {
        return p;
      }
    }
    return null;
  }

  @Override
  public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
    Plan plan = planFor(access, name, descriptor);
    MethodVisitor original = super.visitMethod(access, name, descriptor, signature, exceptions);
    if (plan == null) {
      return original == null ? null : new OwnCallsToTwins(original);
    }
    MethodNode body = new MethodNode(Opcodes.ASM9, access, name, descriptor, signature, exceptions);
    int twinAccess = (access & ~(Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED | Opcodes.ACC_VARARGS))
        | Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC;
    return new MethodVisitor(Opcodes.ASM9, new OwnCallsToTwins(body)) {
      @Override
      public void visitEnd() {
        super.visitEnd();
        if (original != null) {
          body.instructions.resetLabels();
          body.accept(new Prologue(original, plan, (access & Opcodes.ACC_STATIC) != 0, descriptor));
        }
        if (plan.twinless()) {
          return;
        }
        MethodVisitor twin = GuardWeaver.super.visitMethod(twinAccess, plan.twinName(), descriptor, signature, exceptions);
        if (twin != null) {
          body.instructions.resetLabels();
          body.accept(new WithoutAnnotations(twin));
        }
      }
    };
  }

  /** Writes the guard's prologue in front of the original body. */
  private final class Prologue extends MethodVisitor {
    private final Plan plan;
    private final boolean isStatic;
    private final String descriptor;
    private int argumentSlots;

    Prologue(MethodVisitor next, Plan plan, boolean isStatic, String descriptor) {
      super(Opcodes.ASM9, next);
      this.plan = plan;
      this.isStatic = isStatic;
      this.descriptor = descriptor;
    }

    @Override
    public void visitCode() {
      super.visitCode();
      super.visitLdcInsn(plan.guardId());
      super.visitMethodInsn(Opcodes.INVOKESTATIC, dispatcher, BootstrapInstaller.GUARD_METHOD,
          BootstrapInstaller.GUARD_DESCRIPTOR, false);
      if (!plan.canRedirect()) {
        super.visitInsn(Opcodes.POP);
        return;
      }
      Label body = new Label();
      super.visitJumpInsn(Opcodes.IFEQ, body);
      int slot = 0;
      if (!isStatic) {
        super.visitVarInsn(Opcodes.ALOAD, 0);
        slot = 1;
      }
      for (Type arg : Type.getArgumentTypes(descriptor)) {
        super.visitVarInsn(arg.getOpcode(Opcodes.ILOAD), slot);
        slot += arg.getSize();
      }
      argumentSlots = slot;
      String indyDescriptor = isStatic ? descriptor : "(L" + className + ";" + descriptor.substring(1);
      super.visitInvokeDynamicInsn(plan.methodName(), indyDescriptor, guardLink, plan.guardId());
      super.visitInsn(Type.getReturnType(descriptor).getOpcode(Opcodes.IRETURN));
      super.visitLabel(body);
      if (version >= Opcodes.V1_6) {
        super.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
      }
      super.visitInsn(Opcodes.NOP);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
      super.visitMaxs(Math.max(maxStack, Math.max(argumentSlots, 1)), maxLocals);
    }
  }

  /**
   * Calls of the class to its own guarded methods that cannot be overridden go to their twins (without a twin they
   * enter the guard, which lets the legacy library's own calls through uncounted).
   */
  private final class OwnCallsToTwins extends MethodVisitor {
    OwnCallsToTwins(MethodVisitor next) {
      super(Opcodes.ASM9, next);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean itf) {
      if (owner.equals(className) && opcode != Opcodes.INVOKESPECIAL) {
        for (Plan p : plans) {
          if (!p.overridable() && !p.twinless() && p.methodName().equals(name) && p.descriptor().equals(descriptor)) {
            super.visitMethodInsn(opcode == Opcodes.INVOKESTATIC ? Opcodes.INVOKESTATIC : Opcodes.INVOKESPECIAL,
                owner, p.twinName(), descriptor, isInterface);
            return;
          }
        }
      }
      super.visitMethodInsn(opcode, owner, name, descriptor, itf);
    }
  }

  /** Passes a method's code on without its annotations and parameter names: the twin is synthetic. */
  private static final class WithoutAnnotations extends MethodVisitor {
    WithoutAnnotations(MethodVisitor next) {
      super(Opcodes.ASM9, next);
    }

    @Override
    public void visitParameter(String name, int access) {}

    @Override
    public AnnotationVisitor visitAnnotationDefault() {
      return null;
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
      return null;
    }

    @Override
    public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
      return null;
    }

    @Override
    public void visitAnnotableParameterCount(int parameterCount, boolean visible) {}

    @Override
    public AnnotationVisitor visitParameterAnnotation(int parameter, String descriptor, boolean visible) {
      return null;
    }

    @Override
    public void visitAttribute(Attribute attribute) {}

    @Override
    public AnnotationVisitor visitInsnAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
      return null;
    }

    @Override
    public AnnotationVisitor visitTryCatchAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
      return null;
    }

    @Override
    public AnnotationVisitor visitLocalVariableAnnotation(int typeRef, TypePath typePath, Label[] start, Label[] end,
        int[] index, String descriptor, boolean visible) {
      return null;
    }
  }
}
