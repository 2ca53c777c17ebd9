package dev.sunset.core.classfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.fixtures.Legacy;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

class ConstantPoolScanTest {
  private static byte[] classFile(Class<?> c) throws IOException {
    try (InputStream in = c.getClassLoader().getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  /** Names the legacy owner in its constant pool. */
  static final class Caller {
    int call() {
      return new Legacy("z").now(1);
    }
  }

  /** Names nothing legacy. */
  static final class Bystander {
    String call() {
      return "dev/sunset/core/fixtures/LegacyX".substring(1);
    }
  }

  /** Names the legacy owner only inside descriptors: it takes one, returns a list of them, has a field of one. */
  static final class OnlyInSignatures {
    Legacy kept;

    List<Legacy> pass(Legacy legacy) {
      return List.of(legacy);
    }
  }

  /** Names only a type whose name starts with the legacy owner's, inside a descriptor. */
  static final class LongerName {
    void take(LegacyLookalike other) {
    }
  }

  /** A type whose name starts with the legacy owner's. */
  static final class LegacyLookalike {
  }

  private final ConstantPoolScan scan = new ConstantPoolScan(List.of("dev/sunset/core/fixtures/Legacy"));

  @Test
  void aTypeGivenAsSuchIsFoundInsideTheDescriptorsOfAClassThatNamesItNowhereElse() throws IOException {
    ConstantPoolScan types = new ConstantPoolScan(List.of("dev/sunset/core/fixtures/Legacy"),
        List.of("dev/sunset/core/fixtures/Legacy"), List.of());

    assertThat(scan.mentionsAny(classFile(OnlyInSignatures.class))).as("by its name alone").isFalse();
    assertThat(types.mentionsAny(classFile(OnlyInSignatures.class))).isTrue();
    assertThat(new ConstantPoolScan(List.of(), List.of("dev/sunset/core/fixtures/Legacy"), List.of())
        .mentionsAny(classFile(OnlyInSignatures.class))).isTrue();
    assertThat(new ConstantPoolScan(List.of(), List.of("dev/sunset/core/classfile/ConstantPoolScanTest$Legacy"), List.of())
        .mentionsAny(classFile(LongerName.class))).as("a longer name that starts with it").isFalse();
    assertThat(types.mentionsAny(classFile(Bystander.class))).isFalse();
  }

  @Test
  void findsAClassThatCallsTheOwner() throws IOException {
    assertThat(scan.mentionsAny(classFile(Caller.class))).isTrue();
  }

  @Test
  void passesOverAClassThatDoesNotNameTheOwnerEvenWithASimilarString() throws IOException {
    assertThat(scan.mentionsAny(classFile(Bystander.class))).isFalse();
  }

  @Test
  void aTruncatedFileIsLeftToTheParserToJudge() {
    assertThat(scan.mentionsAny(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 9, 1}))
        .isTrue();
  }

  @Test
  void namesOutsideAsciiAreComparedInTheClassFilesEncoding() {
    assertThat(ConstantPoolScan.modifiedUtf8("legacy/Caf\u00e9")).hasSize(12);
    assertThat(ConstantPoolScan.modifiedUtf8("a\u0000")).containsExactly('a', 0xC0, 0x80);
  }

  @Test
  void aMethodNameIsFoundLikeAClassName() throws IOException {
    assertThat(new ConstantPoolScan(List.of("now")).mentionsAny(classFile(Caller.class))).isTrue();
    assertThat(new ConstantPoolScan(List.of("nowhere")).mentionsAny(classFile(Caller.class))).isFalse();
  }

  /** A class of a package, named by internal name, by binary name (a lookup), or in a descriptor only. */
  private static byte[] naming(String constantClass, String stringConstant, String descriptor) {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "app/User", null, "java/lang/Object", null);
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "m", descriptor, null, null);
    mv.visitCode();
    if (constantClass != null) {
      mv.visitLdcInsn(Type.getObjectType(constantClass));
      mv.visitInsn(Opcodes.POP);
    }
    if (stringConstant != null) {
      mv.visitLdcInsn(stringConstant);
      mv.visitInsn(Opcodes.POP);
    }
    mv.visitInsn(Opcodes.RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    return cw.toByteArray();
  }

  @Test
  void aPackageIsFoundByAnyOfItsClassesByInternalNameBinaryNameOrInADescriptorButNotByASubPackagesClass() {
    ConstantPoolScan pkg = new ConstantPoolScan(List.of(), List.of(), List.of("com/acme/legacy"));

    assertThat(pkg.mentionsAny(naming("com/acme/legacy/Factory", null, "()V"))).isTrue();
    assertThat(pkg.mentionsAny(naming("com/acme/legacy/Factory$Builder", null, "()V"))).isTrue();
    assertThat(pkg.mentionsAny(naming(null, "com.acme.legacy.Factory", "()V"))).isTrue();
    assertThat(pkg.mentionsAny(naming(null, null, "(ILcom/acme/legacy/Factory;)V"))).isTrue();
    assertThat(pkg.mentionsAny(naming(null, null, "()Ljava/util/List<Lcom/acme/legacy/Factory<TT;>;>;"))).isTrue();

    assertThat(pkg.mentionsAny(naming("com/acme/legacy/sub/Deep", "com.acme.legacy.sub.Deep",
        "(Lcom/acme/legacy/sub/Deep;)V"))).as("a sub-package's class").isFalse();
    assertThat(pkg.mentionsAny(naming("com/acme/legacyX/Factory", "com.acme.legacyX.Factory",
        "(Lcom/acme/legacyX/Factory;)V"))).as("a package whose name starts alike").isFalse();
    assertThat(pkg.mentionsAny(naming("com/acme/legacy", "com.acme.legacy.", "(Lcom/acme/legacy/;)V")))
        .as("the package's name alone").isFalse();
  }

  @Test
  void noOwnersMeansNothingMatches() throws IOException {
    assertThat(new ConstantPoolScan(List.of()).mentionsAny(classFile(Caller.class))).isFalse();
  }
}
