package dev.sunset.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.Attribute;
import org.objectweb.asm.ByteVector;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Classes the agent cannot parse are left exactly as they were, and the application goes on. */
class UnrewritableClassIT {
  private static final String APP = "dev.sunset.agent.it.fixtures.BrokenClassApp";
  private static final String LEGACY = "dev/sunset/agent/it/fixtures/LegacyClock";

  @TempDir
  Path dir;

  @Test
  void aClassTheJvmAcceptsButTheAgentCannotParseLoadsUnchangedAndIsLoggedOnce() throws Exception {
    Path classFile = dir.resolve("Odd.class");
    Files.write(classFile, classWithGarbageInvisibleAnnotations("dev/sunset/agent/it/fixtures/Odd"));
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule("redirect"));
    Path report = dir.resolve("report.json");

    ForkedJvm.Result plain = ForkedJvm.withoutAgent().run(APP, classFile.toString(), "dev.sunset.agent.it.fixtures.Odd");
    ForkedJvm.Result agent = ForkedJvm.withAgent("rules=" + rules + ",report=" + report)
        .run(APP, classFile.toString(), "dev.sunset.agent.it.fixtures.Odd");

    assertThat(plain.values()).as(plain.toString()).containsEntry("outcome", "legacy:utc:7");
    assertThat(agent.exitCode).as(agent.toString()).isZero();
    // the class is left as it was; its call is caught at the legacy method instead, and redirected there
    assertThat(agent.values()).containsEntry("outcome", "modern:7")
        .containsEntry("after", "modern:1"); // the rest of the application is still rewritten
    assertThat(agent.agentLines()).filteredOn(l -> l.startsWith("left ") && l.contains("dev.sunset.agent.it.fixtures.Odd"))
        .singleElement()
        .satisfies(l -> assertThat(l).startsWith("left dev.sunset.agent.it.fixtures.Odd unchanged"));
    assertThat(Reports.site(Reports.read(report), "clock-now", "call")).containsEntry("class",
        "dev.sunset.agent.it.fixtures.Odd").containsEntry("via", "unrewritten").containsEntry("count", 1);
  }

  @Test
  void aTruncatedClassFileFailsExactlyAsItWouldWithoutTheAgent() throws Exception {
    Path classFile = dir.resolve("Cut.class");
    Files.write(classFile, truncatedClassNamingTheLegacyOwner());
    Path rules = RulesFiles.write(dir, RulesFiles.nowRule("redirect"));

    ForkedJvm.Result plain = ForkedJvm.withoutAgent().run(APP, classFile.toString(), "dev.sunset.agent.it.fixtures.Cut");
    ForkedJvm.Result agent = ForkedJvm.withAgent("rules=" + rules + ",report=none")
        .run(APP, classFile.toString(), "dev.sunset.agent.it.fixtures.Cut");

    assertThat(plain.values().get("outcome")).isEqualTo("java.lang.ClassFormatError");
    assertThat(agent.values()).containsEntry("outcome", plain.values().get("outcome")).containsEntry("after", "modern:1");
    assertThat(agent.exitCode).isZero();
  }

  /**
   * A valid class whose {@code call()} runs {@code new LegacyClock("utc").now(7)}, with a class-level
   * RuntimeInvisibleAnnotations attribute pointing outside the constant pool: the JVM skips invisible
   * annotations, ASM cannot read it.
   */
  static byte[] classWithGarbageInvisibleAnnotations(String name) {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
    cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, "java/lang/Object", null);
    cw.visitAttribute(new Attribute("RuntimeInvisibleAnnotations") {
      @Override
      protected ByteVector write(ClassWriter classWriter, byte[] code, int codeLength, int maxStack, int maxLocals) {
        return new ByteVector().putShort(1).putShort(0xFFF0).putShort(0);
      }
    });
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "call", "()Ljava/lang/String;", null, null);
    mv.visitCode();
    mv.visitTypeInsn(Opcodes.NEW, LEGACY);
    mv.visitInsn(Opcodes.DUP);
    mv.visitLdcInsn("utc");
    mv.visitMethodInsn(Opcodes.INVOKESPECIAL, LEGACY, "<init>", "(Ljava/lang/String;)V", false);
    mv.visitIntInsn(Opcodes.BIPUSH, 7);
    mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, LEGACY, "now", "(I)Ljava/lang/String;", false);
    mv.visitInsn(Opcodes.ARETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }

  static byte[] truncatedClassNamingTheLegacyOwner() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0xCAFEBABE);
    out.writeShort(0);
    out.writeShort(55);
    out.writeShort(3);
    out.writeByte(1);
    out.writeUTF(LEGACY);
    out.writeByte(7);
    out.writeShort(1);
    out.writeShort(0x21); // the file ends where this_class should be
    return bytes.toByteArray();
  }
}
