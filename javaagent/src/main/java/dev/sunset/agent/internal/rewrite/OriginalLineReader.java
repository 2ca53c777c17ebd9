package dev.sunset.agent.internal.rewrite;

import dev.sunset.agent.internal.registry.OriginalLines;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Reads the line number tables of a class file with the instruction offsets of that file (ASM's labels carry no
 * offsets until a writer places them, so the reader's labels here remember where they were read).
 */
final class OriginalLineReader extends ClassReader {
  /** A label that knows the offset it was read at. */
  private static final class ReadLabel extends Label {
    final int offset;

    ReadLabel(int offset) {
      this.offset = offset;
    }
  }

  private OriginalLineReader(byte[] bytes) {
    super(bytes);
  }

  @Override
  protected Label readLabel(int bytecodeOffset, Label[] labels) {
    if (labels[bytecodeOffset] == null) {
      labels[bytecodeOffset] = new ReadLabel(bytecodeOffset);
    }
    return labels[bytecodeOffset];
  }

  /** The line tables of {@code bytes}, a class file. */
  static OriginalLines read(byte[] bytes) {
    Map<String, int[]> tables = new HashMap<>();
    String[] source = new String[1];
    new OriginalLineReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
      @Override
      public void visitSource(String file, String debug) {
        source[0] = file;
      }

      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
          String[] exceptions) {
        return new MethodVisitor(Opcodes.ASM9) {
          private int[] table = new int[0];

          @Override
          public void visitLineNumber(int line, Label start) {
            if (start instanceof ReadLabel read) {
              table = Arrays.copyOf(table, table.length + 2);
              table[table.length - 2] = read.offset;
              table[table.length - 1] = line;
            }
          }

          @Override
          public void visitEnd() {
            if (table.length > 0) {
              tables.put(name + descriptor, table);
            }
          }
        };
      }
    }, ClassReader.SKIP_FRAMES);
    return new OriginalLines(source[0], Map.copyOf(tables), List.of());
  }
}
