package dev.sunset.core.match;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.format.Use;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * One pass over a class that finds every call of a legacy method, with the line it is on, and hands each to
 * a subclass: the agent rewrites them, a scan lists them. Both therefore see the same sites on the same
 * lines.
 *
 * <p>Calls are invoke instructions ({@code invokestatic}, {@code invokevirtual}, {@code invokeinterface})
 * and method references (a {@code LambdaMetafactory} bootstrap whose implementation handle is the legacy
 * method). For a class rule, every other use of its class is a site too ({@link #visitLegacyUse}): {@code new} (at
 * its constructor call), field reads and writes, a lookup by a constant name ({@code Class.forName},
 * {@code ClassLoader.loadClass}, at that call), and a class extending or implementing the class (at the start of the
 * subclass's static initialiser, {@code <clinit>}, with line 0, so counted once it initialises, which its first
 * concrete subclass's initialisation does too); type references that never run (an interface extending the type among
 * them, and an instruction naming the type only in what it calls or reads, such as an adapter's method taking it) are
 * handed to {@link #visitTypeReference}.
 */
@API(status = INTERNAL, since = "0.1.0")
public abstract class LegacyCallVisitor extends ClassVisitor {
  private static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";
  private static final int FLAG_SERIALIZABLE = 1; // LambdaMetafactory.FLAG_SERIALIZABLE

  private static final String CLASS_INIT = "<clinit>";

  private final LegacyCallMatcher matcher;
  private final List<CallMatch> subclassUses = new ArrayList<>();
  private List<CallMatch> signatureTypes = List.of();
  private boolean subclassUsesDone;
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

  /**
   * Called just before an instruction that uses a class rule's member other than by a call (a constructor call, a
   * field access, a lookup by name), or at the start of a subclass's static initialiser; the instruction itself is
   * passed on unchanged after it. {@code next} is null when the class declares no static initialiser and
   * {@link #addsClassInitializer()} says none is to be added. The default does nothing.
   */
  protected void visitLegacyUse(MethodVisitor next, CallContext where, CallMatch match) {}

  /**
   * Called for a field instruction that reads or writes a class rule's field, in place of {@link #visitLegacyUse}:
   * return true when the subclass has emitted what replaces the instruction (with the same effect on the operand
   * stack); false has {@link #visitLegacyUse} called and the instruction passed on unchanged. The default returns false.
   */
  protected boolean visitLegacyFieldAccess(MethodVisitor next, CallContext where, CallMatch match, int opcode,
      String owner, String name, String descriptor) {
    return false;
  }

  /**
   * Whether the {@code index}-th {@code new} instruction (from 0, in instruction order) of the method {@code name
   * descriptor} of the class being visited is left out together with the {@code dup} right after it, because the
   * subclass makes the object at its constructor call instead ({@link #visitLegacyConstruction}). Only a subclass that
   * has checked the instructions in between may say so. The default says no.
   */
  protected boolean dropsNew(String methodName, String methodDescriptor, int index) {
    return false;
  }

  /**
   * Called, in place of the constructor call ({@code invokespecial <init>}) of a {@code new} that {@link #dropsNew}
   * left out, with the constructor's arguments on the operand stack and not the object: must emit what takes them and
   * leaves the new object. The default fails: a subclass that drops a {@code new} makes its object.
   */
  protected void visitLegacyConstruction(MethodVisitor next, CallContext where, CallMatch match, String owner,
      String descriptor) {
    throw new IllegalStateException("a new of " + owner + " was left out and nothing makes its object");
  }

  /**
   * Called for a class rule's type named where nothing runs it: a signature, a cast, {@code instanceof}, a class
   * literal, an array, a {@code catch}, an annotation. The default does nothing.
   */
  protected void visitTypeReference(CallContext where, CallMatch match) {}

  /**
   * Whether a class that extends or implements a class rule's type, and has no static initialiser, gets one to hold
   * its {@link #visitLegacyUse subclass use}. The default adds none.
   */
  protected boolean addsClassInitializer() {
    return false;
  }

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
    if (matcher.hasClassRules()) {
      List<String> supertypes = new ArrayList<>();
      if (superName != null) {
        supertypes.add(superName);
      }
      supertypes.addAll(interfaces == null ? List.of() : List.of(interfaces));
      signatureTypes = new ArrayList<>(matcher.typesIn(name, signature));
      boolean isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
      for (String type : supertypes) {
        // an interface runs no code of its supertypes and is seldom initialised: extending one is a type reference
        matcher.matchType(name, type, isInterface ? Use.TYPE_REFERENCE : Use.SUBCLASS)
            .ifPresent(isInterface ? signatureTypes::add : subclassUses::add);
      }
      // the generic signature names the supertypes again: one site per type, the subclass use first
      List<CallMatch> once = new ArrayList<>();
      for (CallMatch m : signatureTypes) {
        if (once.stream().noneMatch(o -> o.rule() == m.rule())
            && subclassUses.stream().noneMatch(u -> u.rule() == m.rule())) {
          once.add(m);
        }
      }
      signatureTypes = once;
    }
    super.visit(version, access, name, signature, superName, interfaces);
  }

  @Override
  public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
    if (matcher.hasClassRules()) { // an annotation of a class rule's type on the class
      matcher.matchType(className, descriptor, Use.TYPE_REFERENCE).ifPresent(m -> visitTypeReference(initializer(), m));
    }
    return super.visitAnnotation(descriptor, visible);
  }

  @Override
  public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
    FieldVisitor next = super.visitField(access, name, descriptor, signature, value);
    if (!matcher.hasClassRules()) {
      return next;
    }
    CallContext where = new CallContext(className, sourceFile, name, descriptor, 0);
    for (CallMatch m : matcher.typesIn(className, signature != null ? signature : descriptor)) {
      visitTypeReference(where, m);
    }
    return new FieldVisitor(Opcodes.ASM9, next) {
      @Override
      public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
        matcher.matchType(className, annotation, Use.TYPE_REFERENCE).ifPresent(m -> visitTypeReference(where, m));
        return super.visitAnnotation(annotation, visible);
      }
    };
  }

  @Override
  public void visitEnd() {
    if (!subclassUsesDone && !subclassUses.isEmpty()) {
      subclassUsesDone = true;
      MethodVisitor init = null;
      if (addsClassInitializer()) {
        init = super.visitMethod(Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, CLASS_INIT, "()V", null, null);
        init.visitCode();
      }
      for (CallMatch m : subclassUses) {
        visitLegacyUse(init, initializer(), m);
      }
      if (init != null) {
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
      }
    }
    if (!signatureTypes.isEmpty()) {
      for (CallMatch m : signatureTypes) {
        visitTypeReference(initializer(), m);
      }
    }
    super.visitEnd();
  }

  private CallContext initializer() {
    return new CallContext(className, sourceFile, CLASS_INIT, "()V", 0);
  }

  @Override
  public void visitSource(String source, String debug) {
    this.sourceFile = source;
    super.visitSource(source, debug);
  }

  @Override
  public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
    MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
    if (matcher.hasClassRules()) {
      CallContext where = new CallContext(className, sourceFile, name, descriptor, 0);
      for (CallMatch m : matcher.typesIn(className, signature != null ? signature : descriptor)) {
        visitTypeReference(where, m);
      }
      for (String thrown : exceptions == null ? new String[0] : exceptions) {
        matcher.matchType(className, thrown, Use.TYPE_REFERENCE).ifPresent(m -> visitTypeReference(where, m));
      }
    }
    boolean initializer = CLASS_INIT.equals(name) && !subclassUsesDone && !subclassUses.isEmpty();
    if (initializer) {
      subclassUsesDone = true;
    }
    return new CallFinder(next, name, descriptor, initializer);
  }

  /**
   * Whether an invoke instruction looks a class up by the name on the stack: {@code Class.forName(String, ...)} or
   * any {@code loadClass(String, ...)} returning a class.
   */
  static boolean isLookupByName(int opcode, String owner, String name, String descriptor) {
    if (opcode == Opcodes.INVOKESTATIC) {
      return owner.equals("java/lang/Class") && name.equals("forName")
          && descriptor.startsWith("(Ljava/lang/String;");
    }
    return name.equals("loadClass") && descriptor.startsWith("(Ljava/lang/String;")
        && descriptor.endsWith(")Ljava/lang/Class;");
  }

  /** A {@code new} instruction whose constructor call is still to come: its class, and whether it was left out. */
  private record PendingNew(String type, boolean dropped) {}

  private final class CallFinder extends MethodVisitor {
    private final String methodName;
    private final String methodDescriptor;
    private final boolean initializer;
    private final boolean classRules = matcher.hasClassRules();
    /** The {@code new} instructions whose constructor call is still to come, innermost last. */
    private final Deque<PendingNew> pendingNew = new ArrayDeque<>();
    /** How many {@code new} instructions the method has had so far. */
    private int newCount;
    /** Whether the next instruction is the {@code dup} after a {@code new} left out, to be left out too. */
    private boolean dropsDup;
    /** A class rule's name loaded as a constant just before, which a lookup by name may take; else null. */
    private CallMatch pendingLookup;
    private int line;

    CallFinder(MethodVisitor next, String methodName, String methodDescriptor, boolean initializer) {
      super(Opcodes.ASM9, next);
      this.methodName = methodName;
      this.methodDescriptor = methodDescriptor;
      this.initializer = initializer;
    }

    private CallContext here() {
      return new CallContext(className, sourceFile, methodName, methodDescriptor, line);
    }

    @Override
    public void visitCode() {
      super.visitCode();
      if (initializer) {
        for (CallMatch m : subclassUses) {
          visitLegacyUse(mv, initializer(), m);
        }
      }
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
      if (classRules) {
        matcher.matchType(className, descriptor, Use.TYPE_REFERENCE).ifPresent(m -> visitTypeReference(here(), m));
      }
      return super.visitAnnotation(descriptor, visible);
    }

    @Override
    public AnnotationVisitor visitParameterAnnotation(int parameter, String descriptor, boolean visible) {
      if (classRules) {
        matcher.matchType(className, descriptor, Use.TYPE_REFERENCE).ifPresent(m -> visitTypeReference(here(), m));
      }
      return super.visitParameterAnnotation(parameter, descriptor, visible);
    }

    @Override
    public void visitLineNumber(int lineNumber, Label start) {
      this.line = lineNumber;
      super.visitLineNumber(lineNumber, start);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean itf) {
      CallMatch constructed = null;
      if (classRules) {
        CallMatch lookup = pendingLookup;
        pendingLookup = null;
        if (opcode == Opcodes.INVOKESPECIAL && name.equals("<init>")) {
          PendingNew pending = pendingNew.peekLast();
          if (pending != null && owner.equals(pending.type())) {
            pendingNew.removeLast();
            Optional<CallMatch> made = matcher.matchConstructor(className, owner, descriptor);
            if (pending.dropped()) {
              visitLegacyConstruction(mv, here(), made.orElseThrow(() -> new IllegalStateException("a new of " + owner
                  + " was left out but its constructor " + descriptor + " is not a class rule's")), owner, descriptor);
              return;
            }
            made.ifPresent(m -> visitLegacyUse(mv, here(), m));
            constructed = made.orElse(null);
          }
        } else if (lookup != null && isLookupByName(opcode, owner, name, descriptor)) {
          visitLegacyUse(mv, here(), lookup);
        }
      }
      Optional<CallMatch> match = matcher.matchInvoke(className, opcode, owner, name, descriptor);
      if (classRules) {
        // a constructor call is a use (new, at its constructor) or a subclass's super(...) call (a subclass use, at
        // <clinit>): its owner is no reference of its own
        linkedTypes(name.equals("<init>") ? null : owner, descriptor, match.orElse(constructed));
      }
      if (match.isPresent() && visitLegacyCall(mv, here(), match.get(), opcode, owner, name, descriptor, itf)) {
        return;
      }
      super.visitMethodInsn(opcode, owner, name, descriptor, itf);
    }

    /**
     * Hands on, as a type reference, each class rule's type that an instruction names in its owner or descriptor
     * without being a use of that rule itself: a call of an adapter taking the legacy type, a read of another class's
     * field of that type. The JVM resolves those types when the instruction links, so a class that names the legacy
     * type only there still needs it: deleting the type breaks it.
     */
    private void linkedTypes(String owner, String descriptor, CallMatch used) {
      // most instructions name no class rule's type: nothing is allocated for them
      List<CallMatch> ofOwner = owner == null ? List.of()
          : matcher.typesIn(className, owner.startsWith("[") ? owner : "L" + owner + ";");
      List<CallMatch> inDescriptor = matcher.typesIn(className, descriptor);
      if (!ofOwner.isEmpty() || !inDescriptor.isEmpty()) {
        linkedTypes(owner, descriptor, used, new HashSet<>());
      }
    }

    /** As {@link #linkedTypes(String, String, CallMatch)}, leaving out and adding to the rules {@code listed}. */
    private void linkedTypes(String owner, String descriptor, CallMatch used, Set<String> listed) {
      // one reference per rule and instruction; an instruction that is a use of a member is listed as that use, so
      // neither that rule nor its own class is a second reference
      if (used != null) {
        listed.add(used.rule().id());
      }
      if (owner != null) {
        for (CallMatch m : matcher.typesIn(className, owner.startsWith("[") ? owner : "L" + owner + ";")) {
          if (listed.add(m.rule().id()) && used == null) {
            visitTypeReference(here(), m);
          }
        }
      }
      for (CallMatch m : matcher.typesIn(className, descriptor)) {
        if (listed.add(m.rule().id())) {
          visitTypeReference(here(), m);
        }
      }
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
      if (classRules) {
        pendingLookup = null;
        if (opcode == Opcodes.NEW) {
          boolean dropped = dropsNew(methodName, methodDescriptor, newCount++);
          pendingNew.addLast(new PendingNew(type, dropped));
          if (dropped) {
            dropsDup = true;
            return;
          }
        } else {
          matcher.matchType(className, type, Use.TYPE_REFERENCE).ifPresent(m -> visitTypeReference(here(), m));
        }
      }
      super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitInsn(int opcode) {
      if (dropsDup) {
        dropsDup = false;
        if (opcode != Opcodes.DUP) {
          throw new IllegalStateException("a new left out in " + methodName + " is not followed by dup");
        }
        return;
      }
      super.visitInsn(opcode);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
      if (classRules) {
        pendingLookup = null;
        matcher.matchType(className, descriptor, Use.TYPE_REFERENCE).ifPresent(m -> visitTypeReference(here(), m));
      }
      super.visitMultiANewArrayInsn(descriptor, numDimensions);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
      if (classRules) {
        pendingLookup = null;
        Optional<CallMatch> match = matcher.matchField(className, opcode, owner, name, descriptor);
        linkedTypes(owner, descriptor, match.orElse(null));
        if (match.isPresent()) {
          if (visitLegacyFieldAccess(mv, here(), match.get(), opcode, owner, name, descriptor)) {
            return;
          }
          visitLegacyUse(mv, here(), match.get());
        }
      }
      super.visitFieldInsn(opcode, owner, name, descriptor);
    }

    @Override
    public void visitLdcInsn(Object value) {
      if (classRules) {
        pendingLookup = null;
        if (value instanceof String name) {
          pendingLookup = matcher.matchClassName(className, name).orElse(null);
        } else if (value instanceof Type type && type.getSort() == Type.OBJECT || value instanceof Type array
            && array.getSort() == Type.ARRAY) {
          matcher.matchType(className, ((Type) value).getDescriptor(), Use.TYPE_REFERENCE)
              .ifPresent(m -> visitTypeReference(here(), m));
        }
      }
      super.visitLdcInsn(value);
    }

    @Override
    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
      if (classRules) {
        matcher.matchType(className, type, Use.TYPE_REFERENCE).ifPresent(m -> visitTypeReference(here(), m));
      }
      super.visitTryCatchBlock(start, end, handler, type);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
      pendingLookup = null;
      super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLabel(Label label) {
      pendingLookup = null;
      super.visitLabel(label);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bsm, Object... bsmArgs) {
      pendingLookup = null;
      Object[] args = bsmArgs;
      if (classRules) {
        indyTypes(descriptor, bsmArgs);
      }
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

    /**
     * The class rules' types an {@code invokedynamic} names: in its descriptor, and in the method types and handles of
     * its bootstrap arguments (a lambda's signature, a method reference to a method of the legacy type or taking it).
     * A method reference that is itself a use of a rule is left to {@link #visitLegacyReference}.
     */
    private void indyTypes(String descriptor, Object[] bsmArgs) {
      Set<String> listed = new HashSet<>();
      for (Object arg : bsmArgs) { // a method reference that is a rule's use first: its rule is listed as that use
        if (arg instanceof Handle handle) {
          matcher.matchHandle(className, handle.getTag(), handle.getOwner(), handle.getName(), handle.getDesc())
              .ifPresent(m -> listed.add(m.rule().id()));
        }
      }
      linkedTypes(null, descriptor, null, listed);
      for (Object arg : bsmArgs) {
        if (arg instanceof Type type) {
          linkedTypes(null, type.getDescriptor(), null, listed);
        } else if (arg instanceof Handle handle) {
          linkedTypes(handle.getOwner(), handle.getDesc(), null, listed);
        }
      }
    }
  }
}
