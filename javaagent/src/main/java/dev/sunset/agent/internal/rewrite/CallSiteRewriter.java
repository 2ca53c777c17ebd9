package dev.sunset.agent.internal.rewrite;

import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.rules.Rule;
import dev.sunset.agent.internal.rules.RuleBook;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites, in one pass over a class, every invoke instruction that calls a legacy method into an
 * {@code invokedynamic} with the same operand-stack shape, and every method reference to a legacy method
 * into a reference to a small synthetic method holding such an {@code invokedynamic}.
 *
 * <p>The sites found are collected, not registered: the caller registers them only once the whole class
 * has been rewritten.
 */
final class CallSiteRewriter extends ClassVisitor {
  private static final int FLAG_SERIALIZABLE = 1; // LambdaMetafactory.FLAG_SERIALIZABLE

  private final RuleBook rules;
  private final java.util.function.IntSupplier ids;
  private final Handle bootstrap;
  private final String codeSource;
  private final boolean mayAddMethods;
  private final List<CallSiteInfo> sites = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<SyntheticReference> synthetic = new ArrayList<>();

  private String className;
  private String binaryName;
  private boolean isInterface;
  private String sourceFile;

  /** A legacy method reference turned into a call from a synthetic method. */
  private static final class SyntheticReference {
    final String name;
    final String descriptor;
    final Handle legacy;
    final Rule rule;
    final int siteId;

    SyntheticReference(String name, String descriptor, Handle legacy, Rule rule, int siteId) {
      this.name = name;
      this.descriptor = descriptor;
      this.legacy = legacy;
      this.rule = rule;
      this.siteId = siteId;
    }
  }

  CallSiteRewriter(ClassVisitor next, RuleBook rules, java.util.function.IntSupplier ids, String bootstrapOwner,
      String codeSource, boolean mayAddMethods) {
    super(Opcodes.ASM9, next);
    this.rules = rules;
    this.ids = ids;
    this.bootstrap = new Handle(Opcodes.H_INVOKESTATIC, bootstrapOwner,
        dev.sunset.agent.internal.linkage.IndyBootstrap.METHOD,
        dev.sunset.agent.internal.linkage.IndyBootstrap.DESCRIPTOR, false);
    this.codeSource = codeSource;
    this.mayAddMethods = mayAddMethods;
  }

  /** The sites rewritten, to be registered once the class is complete. */
  List<CallSiteInfo> sites() {
    return sites;
  }

  /** Things worth telling the user once, such as references that could not be rewritten. */
  List<String> notes() {
    return notes;
  }

  @Override
  public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
    this.className = name;
    this.binaryName = name.replace('/', '.');
    this.isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
    super.visit(version, access, name, signature, superName, interfaces);
  }

  @Override
  public void visitSource(String source, String debug) {
    this.sourceFile = source;
    super.visitSource(source, debug);
  }

  @Override
  public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
    MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
    return next == null ? null : new MethodRewriter(next, name, descriptor);
  }

  @Override
  public void visitEnd() {
    for (SyntheticReference ref : synthetic) {
      writeSynthetic(ref);
    }
    super.visitEnd();
  }

  private static Handle legacyHandle(Rule rule, String owner, String name, String descriptor, boolean itf) {
    int tag = rule.legacyStatic() ? Opcodes.H_INVOKESTATIC : itf ? Opcodes.H_INVOKEINTERFACE : Opcodes.H_INVOKEVIRTUAL;
    return new Handle(tag, owner, name, descriptor, itf);
  }

  private static String indyDescriptor(Rule rule, String owner, String descriptor) {
    return rule.legacyStatic() ? descriptor : "(L" + owner + ";" + descriptor.substring(1);
  }

  private int newSite(Rule rule, String method, String methodDescriptor, int line, boolean reference) {
    int id = ids.getAsInt();
    sites.add(new CallSiteInfo(id, rule.id(), rule.legacyMember(), binaryName, method, methodDescriptor, sourceFile, line, codeSource,
        reference));
    return id;
  }

  private void writeSynthetic(SyntheticReference ref) {
    MethodVisitor mv = super.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
        ref.name, ref.descriptor, null, null);
    mv.visitCode();
    Type[] args = Type.getArgumentTypes(ref.descriptor);
    int slot = 0;
    for (Type arg : args) {
      mv.visitVarInsn(arg.getOpcode(Opcodes.ILOAD), slot);
      slot += arg.getSize();
    }
    mv.visitInvokeDynamicInsn(ref.legacy.getName(), ref.descriptor, bootstrap, ref.legacy, ref.siteId);
    Type returnType = Type.getReturnType(ref.descriptor);
    mv.visitInsn(returnType.getOpcode(Opcodes.IRETURN));
    mv.visitMaxs(Math.max(slot, returnType.getSize()), slot);
    mv.visitEnd();
  }

  private final class MethodRewriter extends MethodVisitor {
    private final String methodName;
    private final String methodDescriptor;
    private int line;

    MethodRewriter(MethodVisitor next, String methodName, String methodDescriptor) {
      super(Opcodes.ASM9, next);
      this.methodName = methodName;
      this.methodDescriptor = methodDescriptor;
    }

    @Override
    public void visitLineNumber(int lineNumber, org.objectweb.asm.Label start) {
      this.line = lineNumber;
      super.visitLineNumber(lineNumber, start);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean itf) {
      Rule rule = rules.matching(owner, name, descriptor);
      boolean kindMatches = rule != null
          && (rule.legacyStatic() ? opcode == Opcodes.INVOKESTATIC
              : opcode == Opcodes.INVOKEVIRTUAL || opcode == Opcodes.INVOKEINTERFACE);
      if (!kindMatches) {
        super.visitMethodInsn(opcode, owner, name, descriptor, itf);
        return;
      }
      int id = newSite(rule, methodName, methodDescriptor, line, false);
      super.visitInvokeDynamicInsn(name, indyDescriptor(rule, owner, descriptor), bootstrap,
          legacyHandle(rule, owner, name, descriptor, itf), id);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bsm, Object... bsmArgs) {
      Object[] args = bsmArgs;
      if ("java/lang/invoke/LambdaMetafactory".equals(bsm.getOwner()) && args.length >= 3
          && args[1] instanceof Handle) {
        Handle impl = (Handle) args[1];
        Rule rule = rules.matching(impl.getOwner(), impl.getName(), impl.getDesc());
        boolean kindMatches = rule != null && (rule.legacyStatic() ? impl.getTag() == Opcodes.H_INVOKESTATIC
            : impl.getTag() == Opcodes.H_INVOKEVIRTUAL || impl.getTag() == Opcodes.H_INVOKEINTERFACE);
        if (kindMatches) {
          boolean serializable = "altMetafactory".equals(bsm.getName()) && args.length > 3
              && args[3] instanceof Integer && (((Integer) args[3]) & FLAG_SERIALIZABLE) != 0;
          if (serializable || !mayAddMethods) {
            notes.add("method reference to " + rule.legacyText() + " in " + binaryName + "." + methodName
                + " (line " + line + ") is not rewritten: "
                + (serializable ? "it is serializable" : "the class was already loaded"));
          } else {
            int id = newSite(rule, methodName, methodDescriptor, line, true);
            String synthName = "sunset$legacyRef$" + id;
            String synthDesc = indyDescriptor(rule, impl.getOwner(), impl.getDesc());
            Handle legacy = legacyHandle(rule, impl.getOwner(), impl.getName(), impl.getDesc(), impl.isInterface());
            synthetic.add(new SyntheticReference(synthName, synthDesc, legacy, rule, id));
            args = args.clone();
            args[1] = new Handle(Opcodes.H_INVOKESTATIC, className, synthName, synthDesc, isInterface);
          }
        }
      }
      super.visitInvokeDynamicInsn(name, descriptor, bsm, args);
    }
  }
}
