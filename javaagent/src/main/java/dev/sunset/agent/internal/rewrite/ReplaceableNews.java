package dev.sunset.agent.internal.rewrite;

import dev.sunset.core.format.Use;
import dev.sunset.core.match.CallMatch;
import dev.sunset.core.match.LegacyCallMatcher;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Which {@code new} instructions of a class can become one instruction that makes the object, an {@code invokedynamic}
 * {@code (P...)LLegacy;} in place of the constructor call, with the {@code new} and its {@code dup} left out: those of a
 * class rule's class whose constructor has a counterpart in the rule's adapter, and whose code from {@code new} to the
 * constructor call is such that no stack map frame has to change. That is: {@code new L; dup} at once, then straight-line
 * code (no jump, switch, {@code throw}, return, stack map frame, or label that starts, ends or handles a try block) that
 * only pushes the arguments and never reaches the two uninitialised values below them, then {@code invokespecial
 * L.<init>} taking exactly the arguments. Any other {@code new} keeps its counted instruction before the constructor
 * call, and observes, warns or denies only.
 *
 * <p>Read in a pass of its own (without debug attributes) before the class is rewritten; {@code new} instructions are
 * numbered in instruction order per method, as {@code LegacyCallVisitor} numbers them in the rewriting pass.
 */
final class ReplaceableNews {
  /** No {@code new} is replaced. */
  static final ReplaceableNews NONE = new ReplaceableNews(Map.of());

  private final Map<String, BitSet> byMethod;

  private ReplaceableNews(Map<String, BitSet> byMethod) {
    this.byMethod = byMethod;
  }

  /** The replaceable {@code new} instructions of the class {@code reader} reads, matched by {@code matcher}. */
  static ReplaceableNews find(ClassReader reader, LegacyCallMatcher matcher) {
    Map<String, BitSet> found = new HashMap<>();
    reader.accept(new ClassVisitor(Opcodes.ASM9) {
      private String className;

      @Override
      public void visit(int version, int access, String name, String signature, String superName,
          String[] interfaces) {
        className = name;
      }

      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
          String[] exceptions) {
        return new Finder(matcher, className, found.computeIfAbsent(name + descriptor, k -> new BitSet()));
      }
    }, ClassReader.SKIP_DEBUG);
    found.values().removeIf(BitSet::isEmpty);
    return found.isEmpty() ? NONE : new ReplaceableNews(found);
  }

  /** Whether the {@code index}-th {@code new} (from 0) of the method {@code name descriptor} is replaced. */
  boolean replaces(String name, String descriptor, int index) {
    BitSet news = byMethod.get(name + descriptor);
    return news != null && news.get(index);
  }

  /** A {@code new} whose constructor call is still to come. */
  private static final class Pending {
    final int index;
    final String type;
    /** Whether the {@code dup} right after the {@code new} is still to come. */
    boolean awaitsDup = true;
    /** Words on the operand stack above its two uninitialised values. */
    int depth;
    boolean failed;

    Pending(int index, String type) {
      this.index = index;
      this.type = type;
    }
  }

  /** Follows one method's instructions, keeping for each open {@code new} whether it may still be replaced. */
  private static final class Finder extends MethodVisitor {
    private final LegacyCallMatcher matcher;
    private final String className;
    private final BitSet replaceable;
    private final Deque<Pending> open = new ArrayDeque<>();
    private final Set<Label> tryLabels = new HashSet<>();
    private int news;

    Finder(LegacyCallMatcher matcher, String className, BitSet replaceable) {
      super(Opcodes.ASM9);
      this.matcher = matcher;
      this.className = className;
      this.replaceable = replaceable;
    }

    /** Every open {@code new} can no longer be replaced. */
    private void failAll() {
      for (Pending p : open) {
        p.failed = true;
      }
    }

    /**
     * An instruction that takes {@code pops} words, reaches {@code reach} words deep (at least {@code pops}) and pushes
     * {@code pushes}: a {@code new} whose {@code dup} it is not, or whose uninitialised values it would reach, fails.
     */
    private void effect(int pops, int reach, int pushes) {
      for (Pending p : open) {
        if (p.awaitsDup || reach > p.depth) {
          p.failed = true;
        }
        p.depth += pushes - pops;
      }
    }

    @Override
    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
      tryLabels.add(start);
      tryLabels.add(end);
      tryLabels.add(handler);
    }

    @Override
    public void visitLabel(Label label) {
      if (tryLabels.contains(label)) {
        failAll();
      }
      for (Pending p : open) {
        if (p.awaitsDup) {
          p.failed = true; // not dup at once
        }
      }
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
      failAll();
    }

    @Override
    public void visitInsn(int opcode) {
      switch (opcode) {
        case Opcodes.DUP -> {
          Pending last = open.peekLast();
          if (last != null && last.awaitsDup) {
            last.awaitsDup = false; // its own dup: the copy the constructor call takes
            for (Pending p : open) {
              if (p != last) {
                p.depth += 1;
              }
            }
            return;
          }
          effect(0, 1, 1);
        }
        case Opcodes.DUP_X1 -> effect(0, 2, 1);
        case Opcodes.DUP_X2 -> effect(0, 3, 1);
        case Opcodes.DUP2 -> effect(0, 2, 2);
        case Opcodes.DUP2_X1 -> effect(0, 3, 2);
        case Opcodes.DUP2_X2 -> effect(0, 4, 2);
        case Opcodes.SWAP -> effect(0, 2, 0);
        case Opcodes.ATHROW, Opcodes.IRETURN, Opcodes.LRETURN, Opcodes.FRETURN, Opcodes.DRETURN, Opcodes.ARETURN,
            Opcodes.RETURN, Opcodes.MONITORENTER, Opcodes.MONITOREXIT -> {
          failAll();
          effect(1, 1, 0);
        }
        default -> {
          int pops = pops(opcode);
          effect(pops, pops, pushes(opcode));
        }
      }
    }

    /** The words an instruction without operands (other than the stack's own, above) takes from the stack. */
    private static int pops(int opcode) {
      return switch (opcode) {
        case Opcodes.POP, Opcodes.INEG, Opcodes.FNEG, Opcodes.I2L, Opcodes.I2F, Opcodes.I2D, Opcodes.F2I, Opcodes.F2L,
            Opcodes.F2D, Opcodes.I2B, Opcodes.I2C, Opcodes.I2S, Opcodes.ARRAYLENGTH -> 1;
        case Opcodes.POP2, Opcodes.LNEG, Opcodes.DNEG, Opcodes.L2I, Opcodes.L2F, Opcodes.L2D, Opcodes.D2I, Opcodes.D2L,
            Opcodes.D2F, Opcodes.IALOAD, Opcodes.LALOAD, Opcodes.FALOAD, Opcodes.DALOAD, Opcodes.AALOAD, Opcodes.BALOAD,
            Opcodes.CALOAD, Opcodes.SALOAD, Opcodes.IADD, Opcodes.ISUB, Opcodes.IMUL, Opcodes.IDIV, Opcodes.IREM,
            Opcodes.ISHL, Opcodes.ISHR, Opcodes.IUSHR, Opcodes.IAND, Opcodes.IOR, Opcodes.IXOR, Opcodes.FADD,
            Opcodes.FSUB, Opcodes.FMUL, Opcodes.FDIV, Opcodes.FREM, Opcodes.FCMPL, Opcodes.FCMPG -> 2;
        case Opcodes.LSHL, Opcodes.LSHR, Opcodes.LUSHR, Opcodes.IASTORE, Opcodes.FASTORE, Opcodes.AASTORE,
            Opcodes.BASTORE, Opcodes.CASTORE, Opcodes.SASTORE -> 3;
        case Opcodes.LADD, Opcodes.LSUB, Opcodes.LMUL, Opcodes.LDIV, Opcodes.LREM, Opcodes.LAND, Opcodes.LOR,
            Opcodes.LXOR, Opcodes.DADD, Opcodes.DSUB, Opcodes.DMUL, Opcodes.DDIV, Opcodes.DREM, Opcodes.LCMP,
            Opcodes.DCMPL, Opcodes.DCMPG, Opcodes.LASTORE, Opcodes.DASTORE -> 4;
        default -> 0; // nop, the constants
      };
    }

    /** The words an instruction without operands (other than the stack's own) leaves on the stack. */
    private static int pushes(int opcode) {
      return switch (opcode) {
        case Opcodes.LCONST_0, Opcodes.LCONST_1, Opcodes.DCONST_0, Opcodes.DCONST_1, Opcodes.LALOAD, Opcodes.DALOAD,
            Opcodes.LADD, Opcodes.LSUB, Opcodes.LMUL, Opcodes.LDIV, Opcodes.LREM, Opcodes.LAND, Opcodes.LOR,
            Opcodes.LXOR, Opcodes.LSHL, Opcodes.LSHR, Opcodes.LUSHR, Opcodes.LNEG, Opcodes.DADD, Opcodes.DSUB,
            Opcodes.DMUL, Opcodes.DDIV, Opcodes.DREM, Opcodes.DNEG, Opcodes.I2L, Opcodes.I2D, Opcodes.L2D, Opcodes.F2L,
            Opcodes.F2D, Opcodes.D2L -> 2;
        case Opcodes.NOP, Opcodes.POP, Opcodes.POP2, Opcodes.IASTORE, Opcodes.LASTORE, Opcodes.FASTORE,
            Opcodes.DASTORE, Opcodes.AASTORE, Opcodes.BASTORE, Opcodes.CASTORE, Opcodes.SASTORE -> 0;
        default -> 1; // the other constants, loads from arrays, int and float arithmetic, comparisons, arraylength
      };
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
      effect(opcode == Opcodes.NEWARRAY ? 1 : 0, opcode == Opcodes.NEWARRAY ? 1 : 0, 1);
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
      switch (opcode) {
        case Opcodes.LLOAD, Opcodes.DLOAD -> effect(0, 0, 2);
        case Opcodes.ILOAD, Opcodes.FLOAD, Opcodes.ALOAD -> effect(0, 0, 1);
        case Opcodes.LSTORE, Opcodes.DSTORE -> effect(2, 2, 0);
        case Opcodes.ISTORE, Opcodes.FSTORE, Opcodes.ASTORE -> effect(1, 1, 0);
        default -> failAll(); // ret: a subroutine
      }
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
      if (opcode == Opcodes.NEW) {
        effect(0, 0, 1);
        open.addLast(new Pending(news++, type));
        return;
      }
      effect(1, 1, 1); // anewarray, checkcast, instanceof
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
      int size = Type.getType(descriptor).getSize();
      switch (opcode) {
        case Opcodes.GETSTATIC -> effect(0, 0, size);
        case Opcodes.PUTSTATIC -> effect(size, size, 0);
        case Opcodes.GETFIELD -> effect(1, 1, size);
        default -> effect(1 + size, 1 + size, 0);
      }
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
      int args = Type.getArgumentsAndReturnSizes(descriptor) >> 2; // counts the receiver too
      int pops = opcode == Opcodes.INVOKESTATIC ? args - 1 : args;
      int pushes = Type.getReturnType(descriptor).getSize();
      Pending last = open.peekLast();
      if (opcode == Opcodes.INVOKESPECIAL && name.equals("<init>") && last != null && owner.equals(last.type)) {
        open.removeLast(); // its constructor call, as LegacyCallVisitor pairs them
        if (!last.failed && !last.awaitsDup && last.depth == args - 1 && replaced(owner, descriptor)) {
          replaceable.set(last.index);
        }
        // for the new instructions around it: the call takes the arguments and one copy of the object, and leaves the
        // other copy, now initialised
        effect(pops, pops, 0);
        return;
      }
      effect(pops, pops, pushes);
    }

    /** Whether this constructor call is a class rule's whose constructor has a counterpart (and not its own). */
    private boolean replaced(String owner, String descriptor) {
      Optional<CallMatch> match = matcher.matchConstructor(className, owner, descriptor);
      return match.isPresent() && match.get().rule().redirects(Use.NEW);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bsm, Object... bsmArgs) {
      int args = Type.getArgumentsAndReturnSizes(descriptor) >> 2;
      effect(args - 1, args - 1, Type.getReturnType(descriptor).getSize());
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
      failAll(); // a branch between new and its constructor call
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
      failAll();
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
      failAll();
    }

    @Override
    public void visitLdcInsn(Object value) {
      int size = value instanceof Long || value instanceof Double ? 2
          : value instanceof ConstantDynamic c ? Type.getType(c.getDescriptor()).getSize() : 1;
      effect(0, 0, size);
    }

    @Override
    public void visitIincInsn(int varIndex, int increment) {
      effect(0, 0, 0);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
      effect(numDimensions, numDimensions, 1);
    }
  }
}
