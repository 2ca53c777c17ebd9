package dev.sunset.core.match;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Optional;
import org.apiguardian.api.API;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * One pass over a class that finds every call of a legacy method, with the line it is on, and hands each to
 * a subclass: the agent rewrites them, a scan lists them. Both therefore see the same sites on the same
 * lines.
 *
 * <p>Calls are invoke instructions ({@code invokestatic}, {@code invokevirtual}, {@code invokeinterface})
 * and method references (a {@code LambdaMetafactory} bootstrap whose implementation handle is the legacy
 * method).
 */
@API(status = INTERNAL, since = "0.1.0")
public abstract class LegacyCallVisitor extends ClassVisitor {
  private static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";
  private static final int FLAG_SERIALIZABLE = 1; // LambdaMetafactory.FLAG_SERIALIZABLE

  private final LegacyCallMatcher matcher;
  private String className;
  private String sourceFile;
  private int access;

  /** A visitor matching with {@code matcher}, passing everything on to {@code next} (may be null). */
  protected LegacyCallVisitor(ClassVisitor next, LegacyCallMatcher matcher) {
    super(Opcodes.ASM9, next);
    this.matcher = matcher;
  }

  /**
   * Called for an invoke instruction that calls a legacy method. Return true when the subclass has emitted
   * what replaces the instruction; false passes the instruction on unchanged.
   */
  protected abstract boolean visitLegacyCall(MethodVisitor next, CallContext where, CallMatch match, int opcode,
      String owner, String name, String descriptor, boolean isInterface);

  /**
   * Called for a method reference to a legacy method; returns the bootstrap arguments to emit (the same
   * array to leave it unchanged).
   */
  protected abstract Object[] visitLegacyReference(CallContext where, CallMatch match, Handle implementation,
      boolean serializable, Object[] bootstrapArguments);

  /** Internal name of the class being visited. */
  protected final String className() {
    return className;
  }

  /** The source file named by the class being visited, or null. */
  protected final String sourceFile() {
    return sourceFile;
  }

  /** Whether the class being visited is an interface. */
  protected final boolean isInterface() {
    return (access & Opcodes.ACC_INTERFACE) != 0;
  }

  @Override
  public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
    this.className = name;
    this.access = access;
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
    return new CallFinder(next, name, descriptor);
  }

  private final class CallFinder extends MethodVisitor {
    private final String methodName;
    private final String methodDescriptor;
    private int line;

    CallFinder(MethodVisitor next, String methodName, String methodDescriptor) {
      super(Opcodes.ASM9, next);
      this.methodName = methodName;
      this.methodDescriptor = methodDescriptor;
    }

    private CallContext here() {
      return new CallContext(className, sourceFile, methodName, methodDescriptor, line);
    }

    @Override
    public void visitLineNumber(int lineNumber, Label start) {
      this.line = lineNumber;
      super.visitLineNumber(lineNumber, start);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean itf) {
      Optional<CallMatch> match = matcher.matchInvoke(className, opcode, owner, name, descriptor);
      if (match.isPresent() && visitLegacyCall(mv, here(), match.get(), opcode, owner, name, descriptor, itf)) {
        return;
      }
      super.visitMethodInsn(opcode, owner, name, descriptor, itf);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bsm, Object... bsmArgs) {
      Object[] args = bsmArgs;
      if (LAMBDA_METAFACTORY.equals(bsm.getOwner()) && args.length >= 3 && args[1] instanceof Handle impl) {
        Optional<CallMatch> match = matcher.matchHandle(className, impl.getTag(), impl.getOwner(), impl.getName(), impl.getDesc());
        if (match.isPresent()) {
          boolean serializable = "altMetafactory".equals(bsm.getName()) && args.length > 3
              && args[3] instanceof Integer flags && (flags & FLAG_SERIALIZABLE) != 0;
          args = visitLegacyReference(here(), match.get(), impl, serializable, args);
        }
      }
      super.visitInvokeDynamicInsn(name, descriptor, bsm, args);
    }
  }
}
