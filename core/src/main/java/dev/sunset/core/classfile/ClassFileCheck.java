package dev.sunset.core.classfile;

import static dev.sunset.core.classfile.internal.ConstantTag.CLASS;
import static dev.sunset.core.classfile.internal.ConstantTag.DOUBLE;
import static dev.sunset.core.classfile.internal.ConstantTag.DYNAMIC;
import static dev.sunset.core.classfile.internal.ConstantTag.FIELDREF;
import static dev.sunset.core.classfile.internal.ConstantTag.FLOAT;
import static dev.sunset.core.classfile.internal.ConstantTag.INTEGER;
import static dev.sunset.core.classfile.internal.ConstantTag.INTERFACE_METHODREF;
import static dev.sunset.core.classfile.internal.ConstantTag.INVOKE_DYNAMIC;
import static dev.sunset.core.classfile.internal.ConstantTag.LONG;
import static dev.sunset.core.classfile.internal.ConstantTag.METHODREF;
import static dev.sunset.core.classfile.internal.ConstantTag.METHOD_HANDLE;
import static dev.sunset.core.classfile.internal.ConstantTag.METHOD_TYPE;
import static dev.sunset.core.classfile.internal.ConstantTag.NAME_AND_TYPE;
import static dev.sunset.core.classfile.internal.ConstantTag.STRING;
import static dev.sunset.core.classfile.internal.ConstantTag.UTF8;
import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.classfile.internal.ClassFileException;
import dev.sunset.core.classfile.internal.ClassFileReader;
import dev.sunset.core.classfile.internal.ConstantTag;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Checks the structure of a class file the way the JVM's format check does, where ASM's reader is lenient:
 * the magic number, every table's extent and the end of the file, the types of constant-pool references, and
 * the attributes that ASM decodes and writes again (its writer would otherwise repair what the JVM rejects).
 *
 * <p>The agent rewrites only class files that pass, so that a class the JVM would refuse is refused with the
 * agent too, with the JVM's own error. It checks structure, not meaning: descriptors, names and flags are
 * copied by ASM as they are, and the JVM judges them as it would without the agent.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ClassFileCheck {
  /** {@link #whyLeftAlone}'s answer for a class the JVM accepts but a rewrite would change. */
  public static final String NOT_FAITHFUL = "an InnerClasses entry names one class under two constant indices, which a"
      + " rewrite would make one";

  private final byte[] b;
  private ClassFileReader in;
  private int thisClass;
  /** Why a rewriter that writes the constant pool anew would change how the JVM reads the class, or null. */
  private String notFaithful;

  private ClassFileCheck(byte[] bytes) {
    this.b = bytes;
  }

  /**
   * Why the agent leaves a class file as it is: what is wrong with its structure (as {@link #problem}), or what its
   * format check compares by constant index that a rewrite, which writes each constant once, would make equal. An
   * {@code InnerClasses} entry naming one class under two indices (as inner and outer, or as inner or outer and the
   * class itself) passes the JVM's check as it is, and fails it (or takes another path in it) once both indices are
   * one; the class must then fail, or load, exactly as it would without the agent. Empty when it can be rewritten.
   */
  public static Optional<String> whyLeftAlone(byte[] classFile) {
    try {
      ClassFileCheck check = new ClassFileCheck(classFile);
      check.check();
      return Optional.ofNullable(check.notFaithful);
    } catch (ClassFileException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** What is wrong with the class file's structure, or empty when the JVM's format check would pass it. */
  public static Optional<String> problem(byte[] classFile) {
    try {
      new ClassFileCheck(classFile).check();
      return Optional.empty();
    } catch (ClassFileException e) {
      return Optional.of(e.getMessage());
    }
  }

  private void check() {
    if (!ClassFileReader.startsWithMagic(b)) {
      throw new ClassFileException("bad magic number");
    }
    in = new ClassFileReader(b);
    int at = in.indexConstantPool();
    for (int i = 1; i < in.constantPoolCount(); i++) {
      ConstantTag tag = in.tag(i);
      if (tag == null) {
        continue; // the second index of a long or a double
      }
      int o = in.offset(i) + 1;
      switch (tag) {
        case CLASS, STRING, METHOD_TYPE, MODULE, PACKAGE -> ref(in.u2(o), "constant " + i, UTF8);
        case FIELDREF, METHODREF, INTERFACE_METHODREF -> {
          ref(in.u2(o), "constant " + i, CLASS);
          ref(in.u2(o + 2), "constant " + i, NAME_AND_TYPE);
        }
        case NAME_AND_TYPE -> {
          ref(in.u2(o), "constant " + i, UTF8);
          ref(in.u2(o + 2), "constant " + i, UTF8);
        }
        case METHOD_HANDLE -> {
          int kind = in.u1(o);
          int target = in.u2(o + 1);
          switch (kind) {
            case 1, 2, 3, 4 -> ref(target, "method handle " + i, FIELDREF);
            case 5, 8 -> ref(target, "method handle " + i, METHODREF);
            case 6, 7 -> ref(target, "method handle " + i, METHODREF, INTERFACE_METHODREF);
            case 9 -> ref(target, "method handle " + i, INTERFACE_METHODREF);
            default -> throw new ClassFileException("method handle " + i + " has bad kind " + kind);
          }
        }
        case DYNAMIC, INVOKE_DYNAMIC -> ref(in.u2(o + 2), "constant " + i, NAME_AND_TYPE);
        default -> { }
      }
    }
    at += 2; // access flags
    thisClass = in.u2(at);
    ref(thisClass, "this class", CLASS);
    int superIndex = in.u2(at + 2);
    if (superIndex != 0) {
      ref(superIndex, "superclass", CLASS);
    }
    at += 4;
    int interfaces = in.u2(at);
    at += 2;
    for (int i = 0; i < interfaces; i++, at += 2) {
      ref(in.u2(at), "interface", CLASS);
    }
    at = members(at, "field");
    at = members(at, "method");
    at = attributes(at, "class");
    if (at != b.length) {
      throw new ClassFileException(at < b.length ? "extra bytes at the end of the class file" : "truncated class file");
    }
  }

  private int members(int at, String kind) {
    int count = in.u2(at);
    at += 2;
    for (int i = 0; i < count; i++) {
      ref(in.u2(at + 2), kind + " name", UTF8);
      ref(in.u2(at + 4), kind + " descriptor", UTF8);
      at = attributes(at + 6, kind);
    }
    return at;
  }

  private int attributes(int at, String owner) {
    int count = in.u2(at);
    at += 2;
    for (int i = 0; i < count; i++) {
      String name = utf8(in.u2(at), owner + " attribute name");
      int end = in.attributeEnd(at, b.length, name);
      checkAttribute(name, at + 6, end, owner);
      at = end;
    }
    return at;
  }

  private void checkAttribute(String name, int at, int end, String owner) {
    switch (name) {
      case "SourceFile", "Signature" -> {
        size(name, at, end, 2);
        ref(in.u2(at), name, UTF8);
      }
      case "NestHost" -> {
        size(name, at, end, 2);
        ref(in.u2(at), name, CLASS);
      }
      case "ConstantValue" -> {
        size(name, at, end, 2);
        ref(in.u2(at), name, INTEGER, FLOAT, LONG, DOUBLE, STRING);
      }
      case "Exceptions", "NestMembers", "PermittedSubclasses" -> {
        int n = in.u2(at);
        size(name, at, end, 2 + 2 * n);
        for (int i = 0; i < n; i++) {
          ref(in.u2(at + 2 + 2 * i), name, CLASS);
        }
      }
      case "InnerClasses" -> {
        int n = in.u2(at);
        size(name, at, end, 2 + 8 * n);
        for (int i = 0, e = at + 2; i < n; i++, e += 8) {
          ref(in.u2(e), "inner class", CLASS);
          optionalRef(in.u2(e + 2), "outer class", CLASS);
          optionalRef(in.u2(e + 4), "inner name", UTF8);
          int inner = in.u2(e);
          int outer = in.u2(e + 2);
          if (notFaithful == null && (sameClassApart(inner, outer) || sameClassApart(inner, thisClass)
              || sameClassApart(outer, thisClass))) {
            notFaithful = NOT_FAITHFUL;
          }
        }
      }
      case "EnclosingMethod" -> {
        size(name, at, end, 4);
        ref(in.u2(at), name, CLASS);
        optionalRef(in.u2(at + 2), name, NAME_AND_TYPE);
      }
      case "BootstrapMethods" -> {
        int n = in.u2(at);
        int e = at + 2;
        for (int i = 0; i < n; i++) {
          ref(in.u2(e), "bootstrap method", METHOD_HANDLE);
          int args = in.u2(e + 2);
          for (int j = 0; j < args; j++) {
            ref(in.u2(e + 4 + 2 * j), "bootstrap argument", INTEGER, FLOAT, LONG, DOUBLE, CLASS, STRING, METHOD_HANDLE,
                METHOD_TYPE, DYNAMIC);
          }
          e += 4 + 2 * args;
        }
        if (e != end) {
          throw new ClassFileException("bad BootstrapMethods attribute length");
        }
      }
      case "MethodParameters" -> {
        int n = in.u1(at);
        size(name, at, end, 1 + 4 * n);
        for (int i = 0; i < n; i++) {
          optionalRef(in.u2(at + 1 + 4 * i), "parameter name", UTF8);
        }
      }
      case "Code" -> code(at, end);
      case "LocalVariableTable", "LocalVariableTypeTable" -> {
        int n = in.u2(at);
        size(name, at, end, 2 + 10 * n);
        for (int i = 0, e = at + 2; i < n; i++, e += 10) {
          ref(in.u2(e + 4), "local variable name", UTF8);
          ref(in.u2(e + 6), "local variable type", UTF8);
        }
      }
      case "LineNumberTable" -> size(name, at, end, 2 + 4 * in.u2(at));
      case "Synthetic", "Deprecated" -> size(name, at, end, 0);
      case "Record" -> {
        int n = in.u2(at);
        int e = at + 2;
        for (int i = 0; i < n; i++) {
          ref(in.u2(e), "record component name", UTF8);
          ref(in.u2(e + 2), "record component descriptor", UTF8);
          e = attributes(e + 4, "record component");
        }
        if (e != end) {
          throw new ClassFileException("bad Record attribute length");
        }
      }
      default -> { } // left to the JVM as it is: ASM copies or drops it, and the JVM ignores what it does not know
    }
  }

  private void code(int at, int end) {
    long codeLength = in.u4(at + 4);
    if (codeLength == 0 || codeLength >= 65536) {
      throw new ClassFileException("bad code length " + codeLength);
    }
    int codeStart = at + 8;
    int length = (int) codeLength;
    boolean[] starts = instructionStarts(codeStart, length);
    int e = codeStart + length;
    int handlers = in.u2(e);
    e += 2;
    for (int i = 0; i < handlers; i++, e += 8) {
      int start = in.u2(e);
      int stop = in.u2(e + 2);
      int handler = in.u2(e + 4);
      if (start >= stop || !boundary(starts, start) || !boundary(starts, stop) && stop != length
          || !boundary(starts, handler)) {
        throw new ClassFileException("bad exception table entry");
      }
      optionalRef(in.u2(e + 6), "catch type", CLASS);
    }
    int count = in.u2(e);
    e += 2;
    Set<Long> variables = new HashSet<>();
    List<Long> typedVariables = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = utf8(in.u2(e), "code attribute name");
      int start = e + 6;
      int stop = in.attributeEnd(e, end, name);
      switch (name) {
        case "LineNumberTable" -> {
          int n = in.u2(start);
          size(name, start, stop, 2 + 4 * n);
          for (int j = 0; j < n; j++) {
            if (!boundary(starts, in.u2(start + 2 + 4 * j))) {
              throw new ClassFileException("bad pc in LineNumberTable");
            }
          }
        }
        case "LocalVariableTable", "LocalVariableTypeTable" -> {
          int n = in.u2(start);
          size(name, start, stop, 2 + 10 * n);
          for (int j = 0, v = start + 2; j < n; j++, v += 10) {
            int pc = in.u2(v);
            int span = in.u2(v + 2);
            if (!boundary(starts, pc) || !(boundary(starts, pc + span) || pc + span == length)) {
              throw new ClassFileException("bad range in " + name);
            }
            ref(in.u2(v + 4), "local variable name", UTF8);
            ref(in.u2(v + 6), "local variable type", UTF8);
            long key = ((long) pc << 48) | ((long) span << 32) | ((long) in.u2(v + 4) << 16) | in.u2(v + 8);
            (name.equals("LocalVariableTable") ? variables : typedVariables).add(key);
          }
        }
        case "StackMapTable" -> stackMapTable(start, stop, starts, length);
        default -> { }
      }
      e = stop;
    }
    if (e != end) {
      throw new ClassFileException("bad Code attribute length");
    }
    for (long typed : typedVariables) {
      if (!variables.contains(typed)) {
        throw new ClassFileException("a LocalVariableTypeTable entry matches no LocalVariableTable entry");
      }
    }
  }

  /** The slots a method descriptor's arguments take (long and double take two). */
  private static int argumentSlots(String descriptor) {
    if (descriptor.isEmpty() || descriptor.charAt(0) != '(') {
      throw new ClassFileException("bad method descriptor");
    }
    int slots = 0;
    int i = 1;
    while (i < descriptor.length() && descriptor.charAt(i) != ')') {
      char c = descriptor.charAt(i);
      boolean array = false;
      while (c == '[') {
        array = true;
        c = descriptor.charAt(++i);
      }
      if (c == 'L') {
        i = descriptor.indexOf(';', i);
        if (i < 0) {
          throw new ClassFileException("bad method descriptor");
        }
      }
      slots += !array && (c == 'J' || c == 'D') ? 2 : 1;
      i++;
    }
    if (i >= descriptor.length()) {
      throw new ClassFileException("bad method descriptor");
    }
    return slots;
  }

  private static boolean boundary(boolean[] starts, int pc) {
    return pc >= 0 && pc < starts.length && starts[pc];
  }

  /** Which offsets start an instruction, decoding the lengths of the instructions (JVMS 6.5). */
  private boolean[] instructionStarts(int codeStart, int length) {
    boolean[] starts = new boolean[length];
    int pc = 0;
    while (pc < length) {
      starts[pc] = true;
      int op = in.u1(codeStart + pc);
      long size; // a switch's, counted in 64 bits: in 32 a huge table wraps around to a size of 0 and decodes forever
      if (op == 0xAA) { // tableswitch
        int pad = codeStart + pc + 1 + ((4 - (pc + 1) % 4) % 4);
        long low = (int) in.u4(pad + 4);
        long high = (int) in.u4(pad + 8);
        if (high < low) {
          throw new ClassFileException("bad tableswitch");
        }
        size = (pad - codeStart - pc) + 12 + 4 * (high - low + 1);
      } else if (op == 0xAB) { // lookupswitch
        int pad = codeStart + pc + 1 + ((4 - (pc + 1) % 4) % 4);
        long pairs = (int) in.u4(pad + 4);
        if (pairs < 0) {
          throw new ClassFileException("bad lookupswitch");
        }
        size = (pad - codeStart - pc) + 8 + 8 * pairs;
      } else if (op == 0xC4) { // wide
        size = in.u1(codeStart + pc + 1) == 0x84 ? 6 : 4;
      } else {
        size = INSTRUCTION_SIZE[op];
        if (size == 0) {
          throw new ClassFileException("unknown opcode " + op);
        }
      }
      if (pc + size > length) {
        break;
      }
      pc += (int) size;
    }
    if (pc != length) {
      throw new ClassFileException("an instruction runs past the end of the code");
    }
    branchTargets(codeStart, length, starts);
    operands(codeStart, length, starts);
    return starts;
  }

  /**
   * Checks the operands ASM decodes and encodes again: constant-pool references of the right type, the
   * fixed bytes of {@code invokeinterface} and {@code invokedynamic}, array types and {@code wide} forms.
   */
  private void operands(int codeStart, int length, boolean[] starts) {
    for (int pc = 0; pc < length; pc++) {
      if (!starts[pc]) {
        continue;
      }
      int at = codeStart + pc;
      int op = in.u1(at);
      switch (op) {
        case 0x12 -> ref(in.u1(at + 1), "ldc", INTEGER, FLOAT, STRING, CLASS, METHOD_TYPE, METHOD_HANDLE, DYNAMIC);
        case 0x13 -> ref(in.u2(at + 1), "ldc_w", INTEGER, FLOAT, STRING, CLASS, METHOD_TYPE, METHOD_HANDLE, DYNAMIC);
        case 0x14 -> ref(in.u2(at + 1), "ldc2_w", LONG, DOUBLE, DYNAMIC);
        case 0xB2, 0xB3, 0xB4, 0xB5 -> ref(in.u2(at + 1), "field instruction", FIELDREF);
        case 0xB6 -> ref(in.u2(at + 1), "invokevirtual", METHODREF);
        case 0xB7, 0xB8 -> ref(in.u2(at + 1), "invoke instruction", METHODREF, INTERFACE_METHODREF);
        case 0xB9 -> {
          int index = in.u2(at + 1);
          ref(index, "invokeinterface", INTERFACE_METHODREF);
          int nameAndType = in.u2(in.offset(index) + 3);
          String descriptor = utf8(in.u2(in.offset(nameAndType) + 3), "invokeinterface descriptor");
          if (in.u1(at + 3) != argumentSlots(descriptor) + 1 || in.u1(at + 4) != 0) {
            throw new ClassFileException("bad invokeinterface operands");
          }
        }
        case 0xBA -> {
          ref(in.u2(at + 1), "invokedynamic", INVOKE_DYNAMIC);
          if (in.u2(at + 3) != 0) {
            throw new ClassFileException("bad invokedynamic operands");
          }
        }
        case 0xBB, 0xBD, 0xC0, 0xC1, 0xC5 -> ref(in.u2(at + 1), "class instruction", CLASS);
        case 0xBC -> {
          if (in.u1(at + 1) < 4 || in.u1(at + 1) > 11) {
            throw new ClassFileException("bad newarray type");
          }
        }
        case 0xC4 -> {
          int widened = in.u1(at + 1);
          if (!(widened >= 0x15 && widened <= 0x19 || widened >= 0x36 && widened <= 0x3A || widened == 0x84
              || widened == 0xA9)) {
            throw new ClassFileException("bad wide instruction");
          }
        }
        default -> { }
      }
    }
  }

  /** Checks that every branch lands on an instruction: ASM would otherwise move a label somewhere valid. */
  private void branchTargets(int codeStart, int length, boolean[] starts) {
    for (int pc = 0; pc < length; pc++) {
      if (!starts[pc]) {
        continue;
      }
      int op = in.u1(codeStart + pc);
      int at = codeStart + pc;
      if ((op >= 0x99 && op <= 0xA8) || op == 0xC6 || op == 0xC7) {
        target(starts, pc + (short) in.u2(at + 1));
      } else if (op == 0xC8 || op == 0xC9) {
        target(starts, pc + (int) in.u4(at + 1));
      } else if (op == 0xAA || op == 0xAB) {
        int pad = at + 1 + ((4 - (pc + 1) % 4) % 4);
        target(starts, pc + (int) in.u4(pad));
        if (op == 0xAA) {
          long n = (long) (int) in.u4(pad + 8) - (int) in.u4(pad + 4) + 1;
          for (int i = 0; i < n; i++) {
            target(starts, pc + (int) in.u4(pad + 12 + 4 * i));
          }
        } else {
          int n = (int) in.u4(pad + 4);
          for (int i = 0; i < n; i++) {
            target(starts, pc + (int) in.u4(pad + 12 + 8 * i));
          }
        }
      }
    }
  }

  private static void target(boolean[] starts, long pc) {
    if (pc < 0 || pc >= starts.length || !starts[(int) pc]) {
      throw new ClassFileException("a branch targets no instruction");
    }
  }

  private void stackMapTable(int at, int end, boolean[] starts, int codeLength) {
    int n = in.u2(at);
    int e = at + 2;
    int offset = -1;
    for (int i = 0; i < n; i++) {
      int type = in.u1(e++);
      int delta;
      int types = 0;
      if (type < 64) {
        delta = type;
      } else if (type < 128) {
        delta = type - 64;
        types = 1;
      } else if (type < 247) {
        throw new ClassFileException("StackMapTable format error: bad frame type " + type);
      } else {
        delta = in.u2(e);
        e += 2;
        if (type == 247) {
          types = 1;
        } else if (type >= 252 && type <= 254) {
          types = type - 251;
        }
      }
      if (type == 255) {
        int locals = in.u2(e);
        e = verificationTypes(e + 2, locals, starts);
        int stack = in.u2(e);
        e = verificationTypes(e + 2, stack, starts);
      } else {
        e = verificationTypes(e, types, starts);
      }
      offset = offset + delta + 1;
      if (!boundary(starts, offset)) {
        throw new ClassFileException("StackMapTable format error: frame at a bad offset");
      }
      if (e > end) {
        throw new ClassFileException("truncated StackMapTable attribute");
      }
    }
    if (e != end) {
      throw new ClassFileException("bad StackMapTable attribute length");
    }
  }

  private int verificationTypes(int e, int count, boolean[] starts) {
    for (int i = 0; i < count; i++) {
      int tag = in.u1(e++);
      if (tag == 7) {
        ref(in.u2(e), "stack map type", CLASS);
        e += 2;
      } else if (tag == 8) {
        if (!boundary(starts, in.u2(e))) {
          throw new ClassFileException("StackMapTable format error: bad uninitialized offset");
        }
        e += 2;
      } else if (tag > 8) {
        throw new ClassFileException("StackMapTable format error: bad verification type");
      }
    }
    return e;
  }

  /** The length of each fixed-size instruction by opcode; 0 for the variable-length ones and unknown opcodes. */
  private static final int[] INSTRUCTION_SIZE = new int[256];

  static {
    for (int op = 0x00; op <= 0xC9; op++) {
      INSTRUCTION_SIZE[op] = 1;
    }
    for (int op : new int[] {0x10, 0x12, 0x15, 0x16, 0x17, 0x18, 0x19, 0x36, 0x37, 0x38, 0x39, 0x3A, 0xA9, 0xBC}) {
      INSTRUCTION_SIZE[op] = 2; // bipush, ldc, loads and stores with an index, ret, newarray
    }
    for (int op = 0x99; op <= 0xA8; op++) {
      INSTRUCTION_SIZE[op] = 3; // conditional branches, goto, jsr
    }
    for (int op : new int[] {0x11, 0x13, 0x14, 0x84, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xBB, 0xBD, 0xC0,
        0xC1, 0xC6, 0xC7}) {
      INSTRUCTION_SIZE[op] = 3; // sipush, ldc_w, ldc2_w, iinc, field and method instructions, new, anewarray, casts
    }
    INSTRUCTION_SIZE[0xB9] = 5; // invokeinterface
    INSTRUCTION_SIZE[0xBA] = 5; // invokedynamic
    INSTRUCTION_SIZE[0xC5] = 4; // multianewarray
    INSTRUCTION_SIZE[0xC8] = 5; // goto_w
    INSTRUCTION_SIZE[0xC9] = 5; // jsr_w
    INSTRUCTION_SIZE[0xAA] = 0;
    INSTRUCTION_SIZE[0xAB] = 0;
    INSTRUCTION_SIZE[0xC4] = 0;
  }

  private void size(String name, int at, int end, int expected) {
    if (end - at != expected) {
      throw new ClassFileException("bad " + name + " attribute length");
    }
  }

  private void optionalRef(int index, String what, ConstantTag... allowed) {
    if (index != 0) {
      ref(index, what, allowed);
    }
  }

  private void ref(int index, String what, ConstantTag... allowed) {
    if (index <= 0 || index >= in.constantPoolCount()) {
      throw new ClassFileException(what + " has bad constant pool index " + index);
    }
    for (ConstantTag tag : allowed) {
      if (in.tag(index) == tag) {
        return;
      }
    }
    throw new ClassFileException(what + " has bad constant type at constant pool " + index);
  }

  /** Whether two {@code Class} constants (0: none) are apart in the pool but name the same class. */
  private boolean sameClassApart(int a, int b) {
    return a != 0 && b != 0 && a != b && in.utf8(in.u2(in.offset(a) + 1)).equals(in.utf8(in.u2(in.offset(b) + 1)));
  }

  private String utf8(int index, String what) {
    ref(index, what, UTF8);
    return in.utf8(index);
  }
}
