package dev.sunset.core.classfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class ClassFileCheckTest {
  @Test
  void everyClassOfTheJdksBaseAndDesktopModulesPasses() throws IOException {
    FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (String module : List.of("java.base", "java.desktop", "java.sql", "jdk.compiler")) {
      try (Stream<Path> files = Files.walk(jrt.getPath("/modules", module))) {
        for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
          checked++;
          ClassFileCheck.problem(Files.readAllBytes(p)).ifPresent(problem -> failures.add(p + ": " + problem));
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(checked).isGreaterThan(10_000);
  }

  @Test
  void everyClassOfTheJarsOnTheTestClassPathPasses() throws IOException {
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.endsWith(".jar")) {
        continue;
      }
      try (ZipFile jar = new ZipFile(entry)) {
        for (ZipEntry e : Collections.list(jar.entries())) {
          if (e.getName().endsWith(".class")) {
            checked++;
            byte[] bytes = jar.getInputStream(e).readAllBytes();
            ClassFileCheck.problem(bytes).ifPresent(problem -> failures.add(entry + "!" + e.getName() + ": " + problem));
          }
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(checked).isGreaterThan(1_000);
  }

  @Test
  void aBadMagicATruncationAndExtraBytesAreSeen() throws IOException {
    byte[] good;
    try (var in = getClass().getResourceAsStream("ClassFileCheckTest.class")) {
      good = in.readAllBytes();
    }
    byte[] magic = good.clone();
    magic[0] = 0;
    byte[] extra = Arrays.copyOf(good, good.length + 1);

    assertThat(ClassFileCheck.problem(good)).isEmpty();
    assertThat(ClassFileCheck.problem(magic)).contains("bad magic number");
    assertThat(ClassFileCheck.problem(Arrays.copyOf(good, good.length - 3))).isPresent();
    assertThat(ClassFileCheck.problem(extra)).contains("extra bytes at the end of the class file");
  }

  @Test
  void aTableswitchWhoseSizeWrapsAroundToNothingIsRefusedRatherThanDecodedForever() {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(Opcodes.V1_6, Opcodes.ACC_PUBLIC, "app/Switch", null, "java/lang/Object", null);
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "m", "(I)V", null, null);
    mv.visitCode();
    Label end = new Label();
    mv.visitTableSwitchInsn(0, 0, end, end); // at pc 0: three bytes of padding, then default, low and high
    mv.visitLabel(end);
    mv.visitInsn(Opcodes.RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    byte[] bytes = cw.toByteArray();
    byte[] tableswitch = {(byte) 0xAA, 0, 0, 0, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0};
    int at = indexOf(bytes, tableswitch);
    assertThat(at).isPositive();
    assertThat(ClassFileCheck.problem(bytes)).isEmpty();
    // high = 2^30 - 5: 2^30 - 4 jump offsets of 4 bytes each wrap a 32-bit size around to 0
    bytes[at + 12] = 0x3F;
    bytes[at + 13] = (byte) 0xFF;
    bytes[at + 14] = (byte) 0xFF;
    bytes[at + 15] = (byte) 0xFB;

    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThat(ClassFileCheck.problem(bytes))
        .contains("an instruction runs past the end of the code"));
  }

  private static int indexOf(byte[] bytes, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= bytes.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (bytes[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
