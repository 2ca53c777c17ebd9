package dev.sunset.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Reads a compiled fixture class with ASM: the source line of a call, and a method's descriptor. */
final class CallLines {
  private CallLines() {}

  /** A call instruction found in a method: what it calls and the line it is on. */
  private record Call(String owner, String name, int line) {}

  /**
   * The line of the one call to a method named {@code calledName} (on {@code calledOwner}, internal name, or any
   * owner if null) in {@code inMethod} of the class file; fails unless there is exactly one.
   */
  static int lineOf(Path classFile, String inMethod, String calledOwner, String calledName) throws IOException {
    List<Integer> lines = calls(classFile, inMethod).stream()
        .filter(c -> c.name().equals(calledName) && (calledOwner == null || c.owner().equals(calledOwner)))
        .map(Call::line).toList();
    assertThat(lines).as("calls to %s.%s in %s of %s", calledOwner, calledName, inMethod, classFile).hasSize(1);
    return lines.get(0);
  }

  /** The descriptor of the one method named {@code method}. */
  static String descriptorOf(Path classFile, String method) throws IOException {
    List<String> descriptors = new ArrayList<>();
    new ClassReader(Files.readAllBytes(classFile)).accept(new ClassVisitor(Opcodes.ASM9) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
          String[] exceptions) {
        if (name.equals(method)) {
          descriptors.add(descriptor);
        }
        return null;
      }
    }, ClassReader.SKIP_CODE);
    assertThat(descriptors).as("methods named %s in %s", method, classFile).hasSize(1);
    return descriptors.get(0);
  }

  private static List<Call> calls(Path classFile, String inMethod) throws IOException {
    List<Call> calls = new ArrayList<>();
    new ClassReader(Files.readAllBytes(classFile)).accept(new ClassVisitor(Opcodes.ASM9) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
          String[] exceptions) {
        if (!name.equals(inMethod)) {
          return null;
        }
        return new MethodVisitor(Opcodes.ASM9) {
          private int line;

          @Override
          public void visitLineNumber(int number, Label start) {
            line = number;
          }

          @Override
          public void visitMethodInsn(int opcode, String owner, String called, String desc, boolean itf) {
            calls.add(new Call(owner, called, line));
          }
        };
      }
    }, 0);
    return calls;
  }
}
