package dev.sunset.core.classfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.fixtures.Legacy;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

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

  private final ConstantPoolScan scan = new ConstantPoolScan(List.of("dev/sunset/core/fixtures/Legacy"));

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

  @Test
  void noOwnersMeansNothingMatches() throws IOException {
    assertThat(new ConstantPoolScan(List.of()).mentionsAny(classFile(Caller.class))).isFalse();
  }
}
