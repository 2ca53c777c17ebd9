package dev.sunset.core.classfile.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sunset.core.classfile.ClassFileCheck;
import dev.sunset.core.classfile.ConstantPoolScan;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;

class ClassFileReaderTest {
  /** Every kind of entry, in tag order, as {@link #everyKind()} writes them. */
  private static final List<ConstantTag> KINDS = List.of(ConstantTag.values());

  private static byte[] classFile(Class<?> c) throws IOException {
    try (InputStream in = ClassLoader.getSystemResourceAsStream(c.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  /** A class-file header and a constant pool written by {@code entries}, then {@code tail}. */
  private static byte[] pool(int count, Entries entries, byte... tail) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0xCAFEBABE);
    out.writeShort(0);
    out.writeShort(61);
    out.writeShort(count);
    entries.write(out);
    out.write(tail);
    return bytes.toByteArray();
  }

  @FunctionalInterface
  private interface Entries {
    void write(DataOutputStream out) throws IOException;
  }

  /** A pool holding one entry of each kind, in the order of {@link ConstantTag}, then two bytes after it. */
  private static byte[] everyKind() throws IOException {
    return pool(KINDS.size() + 3, out -> {
      for (ConstantTag tag : KINDS) {
        out.writeByte(tag.code());
        switch (tag) {
          case UTF8 -> out.writeUTF("dev/sunset/Caf\u00e9");
          case METHOD_HANDLE -> {
            out.writeByte(6);
            out.writeShort(1);
          }
          default -> out.write(new byte[tag.size() - 1]);
        }
      }
    }, (byte) 0xAB, (byte) 0xCD);
  }

  @Test
  void aWalkGivesEachKindOfEntryItsIndexAndExtentAndLongsAndDoublesTwoIndexes() throws IOException {
    byte[] b = everyKind();
    ClassFileReader reader = new ClassFileReader(b);
    List<String> walked = new ArrayList<>();
    int expectedOffset = ClassFileReader.CONSTANT_POOL_START;

    while (reader.nextConstant()) {
      assertThat(reader.constantOffset()).isEqualTo(expectedOffset);
      walked.add(reader.constantIndex() + ":" + reader.constantTag() + ":" + (reader.constantEnd() - expectedOffset));
      expectedOffset = reader.constantEnd();
    }

    assertThat(walked).containsExactly("1:UTF8:19", "2:INTEGER:5", "3:FLOAT:5", "4:LONG:9", "6:DOUBLE:9",
        "8:CLASS:3", "9:STRING:3", "10:FIELDREF:5", "11:METHODREF:5", "12:INTERFACE_METHODREF:5",
        "13:NAME_AND_TYPE:5", "14:METHOD_HANDLE:4", "15:METHOD_TYPE:3", "16:DYNAMIC:5", "17:INVOKE_DYNAMIC:5",
        "18:MODULE:3", "19:PACKAGE:3");
    assertThat(reader.constantPoolEnd()).isEqualTo(b.length - 2);
    assertThat(reader.nextConstant()).as("a walk that has ended stays ended").isFalse();
  }

  @Test
  void anIndexedPoolGivesEachEntrysKindOffsetAndTextAndNoKindToTheUnusedIndexes() throws IOException {
    byte[] b = everyKind();
    ClassFileReader reader = new ClassFileReader(b);

    assertThat(reader.indexConstantPool()).isEqualTo(b.length - 2);

    assertThat(reader.tag(1)).isEqualTo(ConstantTag.UTF8);
    assertThat(reader.utf8(1)).as("one char per byte of modified UTF-8").isEqualTo("dev/sunset/Caf\u00c3\u00a9");
    assertThat(reader.tag(4)).isEqualTo(ConstantTag.LONG);
    assertThat(reader.tag(5)).as("a long's second index").isNull();
    assertThat(reader.tag(7)).as("a double's second index").isNull();
    assertThat(reader.tag(19)).isEqualTo(ConstantTag.PACKAGE);
    assertThat(reader.offset(19)).isEqualTo(b.length - 5);
    assertThat(reader.tag(0)).isNull();
    assertThat(reader.tag(20)).isNull();
    assertThat(reader.tag(-1)).isNull();
    assertThatThrownBy(() -> reader.utf8(2)).isInstanceOf(ClassFileException.class)
        .hasMessage("constant 2 is not a Utf8 entry");
    assertThatThrownBy(() -> reader.offset(5)).isInstanceOf(ClassFileException.class)
        .hasMessage("no constant at index 5");
  }

  @Test
  void theWalkFindsWhatAsmFindsInARealClassFile() throws IOException {
    for (Class<?> c : List.of(ClassFileReaderTest.class, ClassFileCheck.class, String.class, List.class)) {
      byte[] b = classFile(c);
      ClassReader asm = new ClassReader(b);
      ClassFileReader reader = new ClassFileReader(b);

      int end = reader.indexConstantPool();

      assertThat(reader.constantPoolCount()).isEqualTo(asm.getItemCount());
      assertThat(end).as("the access flags of %s", c).isEqualTo(asm.header);
      for (int i = 1; i < asm.getItemCount(); i++) {
        int asmOffset = asm.getItem(i);
        assertThat(reader.tag(i) == null ? 0 : reader.offset(i) + 1).as("entry %d of %s", i, c).isEqualTo(asmOffset);
      }
      assertThat(ClassFileReader.majorVersion(b)).isEqualTo(asm.readUnsignedShort(6));
    }
  }

  @Test
  void aPoolCutAnywhereFailsAsTruncatedAndNeverReadsPastTheEnd() throws IOException {
    byte[] b = classFile(ClassFileReaderTest.class);
    int end = new ClassFileReader(b).constantPoolEnd();

    for (int length = 0; length < end; length++) {
      byte[] cut = Arrays.copyOf(b, length);
      assertThatThrownBy(() -> new ClassFileReader(cut).constantPoolEnd()).as("cut at %d", length)
          .isInstanceOf(ClassFileException.class).hasMessage("truncated class file");
    }
  }

  @Test
  void anUnknownTagIsNamedWithTheEntryItStartsAndTheFirstIndexAfterALongCounts() throws IOException {
    for (int code : new int[] {0, 2, 13, 14, 21, 127, 255}) {
      byte[] b = pool(5, out -> {
        out.writeByte(ConstantTag.LONG.code());
        out.writeLong(1);
        out.writeByte(code);
      });
      assertThat(ConstantTag.of(code)).isNull();
      assertThatThrownBy(() -> new ClassFileReader(b).constantPoolEnd()).isInstanceOf(ClassFileException.class)
          .hasMessage("unknown constant pool tag " + code + " at entry 3");
    }
  }

  @Test
  void aHugeCountOverATinyFileFailsAtItsEndAndAnEmptyPoolEndsAtOnce() throws IOException {
    byte[] huge = pool(0xFFFF, out -> out.write(new byte[] {1, 0, 0, 1, 0, 0}));
    byte[] empty = pool(0, out -> { }, (byte) 0, (byte) 0x21);
    byte[] none = pool(1, out -> { });

    assertThatThrownBy(() -> new ClassFileReader(huge).indexConstantPool()).isInstanceOf(ClassFileException.class)
        .hasMessage("truncated class file");
    assertThat(new ClassFileReader(empty).constantPoolEnd()).isEqualTo(ClassFileReader.CONSTANT_POOL_START);
    assertThat(new ClassFileReader(none).indexConstantPool()).isEqualTo(ClassFileReader.CONSTANT_POOL_START);
    assertThat(new ClassFileReader(none).tag(0)).isNull();
  }

  @Test
  void aUtf8EntryLongerThanTheFileIsTruncatedNotReadPastTheEnd() throws IOException {
    byte[] b = pool(2, out -> {
      out.writeByte(ConstantTag.UTF8.code());
      out.writeShort(0xFFFF);
      out.write("short".getBytes());
    });

    assertThatThrownBy(() -> new ClassFileReader(b).nextConstant()).isInstanceOf(ClassFileException.class)
        .hasMessage("truncated class file");
  }

  @Test
  void numbersAreReadUnsignedAndOnlyWithinTheFile() throws IOException {
    byte[] b = pool(1, out -> { }, (byte) 0xFF, (byte) 0xFE, (byte) 0xFD, (byte) 0xFC);
    ClassFileReader reader = new ClassFileReader(b);

    assertThat(reader.u4(0)).isEqualTo(ClassFileReader.MAGIC);
    assertThat(reader.u1(10)).isEqualTo(0xFF);
    assertThat(reader.u2(10)).isEqualTo(0xFFFE);
    assertThat(reader.u4(10)).isEqualTo(0xFFFE_FDFCL);
    assertThat(reader.length()).isEqualTo(14);
    for (Function<ClassFileReader, Number> read : List.<Function<ClassFileReader, Number>>of(r -> r.u1(14),
        r -> r.u2(13), r -> r.u4(11), r -> r.u1(-1), r -> r.u2(-1), r -> r.u4(Integer.MIN_VALUE),
        r -> r.u4(Integer.MAX_VALUE))) {
      assertThatThrownBy(() -> read.apply(reader)).isInstanceOf(ClassFileException.class)
          .hasMessage("truncated class file");
    }
  }

  @Test
  void aHeaderShorterThanTheMagicVersionAndCountIsTruncatedAndHasNoMagic() throws IOException {
    byte[] header = pool(1, out -> { });

    assertThat(ClassFileReader.startsWithMagic(header)).isTrue();
    assertThat(ClassFileReader.startsWithMagic(Arrays.copyOf(header, 9))).isFalse();
    assertThat(ClassFileReader.majorVersion(Arrays.copyOf(header, 8))).isEqualTo(61);
    byte[] zeros = new byte[16];
    assertThat(ClassFileReader.startsWithMagic(zeros)).isFalse();
    assertThatThrownBy(() -> new ClassFileReader(Arrays.copyOf(header, 9))).isInstanceOf(ClassFileException.class)
        .hasMessage("truncated class file");
    assertThatThrownBy(() -> ClassFileReader.majorVersion(new byte[7])).isInstanceOf(ClassFileException.class)
        .hasMessage("truncated class file");
  }

  @Test
  void anAttributeLongerThanItsLimitIsNamedAsTruncated() throws IOException {
    byte[] b = pool(1, out -> { }, (byte) 0, (byte) 1, (byte) 0, (byte) 0, (byte) 0, (byte) 2, (byte) 7, (byte) 7);
    ClassFileReader reader = new ClassFileReader(b);

    assertThat(reader.attributeEnd(10, b.length, "Code")).isEqualTo(b.length);
    assertThatThrownBy(() -> reader.attributeEnd(10, b.length - 1, "Code")).isInstanceOf(ClassFileException.class)
        .hasMessage("truncated Code attribute");
    b[12] = (byte) 0xFF; // a length of 4 GiB and more
    assertThatThrownBy(() -> reader.attributeEnd(10, b.length, "Code")).isInstanceOf(ClassFileException.class)
        .hasMessage("truncated Code attribute");
  }

  @Property(tries = 1000)
  void mutatedOrCutBytesFailOnlyAsAClassFileAndTheCheckAndTheScanAlwaysAnswer(
      @ForAll("mutatedClassFiles") byte[] bytes) {
    try {
      ClassFileReader reader = new ClassFileReader(bytes);
      int end = reader.indexConstantPool();
      assertThat(end).isBetween(ClassFileReader.CONSTANT_POOL_START, bytes.length);
      for (int i = 1; i < reader.constantPoolCount(); i++) {
        if (reader.tag(i) == ConstantTag.UTF8) {
          assertThat(reader.utf8(i)).isNotNull();
        }
      }
      reader.u4(end);
    } catch (ClassFileException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
    assertThat(ClassFileCheck.problem(bytes)).isNotNull();
    new ConstantPoolScan(List.of("java/lang/String"), List.of("java/util/List"), List.of("java/util"))
        .mentionsAny(bytes);
  }

  @Provide
  Arbitrary<byte[]> mutatedClassFiles() throws IOException {
    byte[] original = classFile(ClassFileReaderTest.class);
    Arbitrary<byte[]> flipped = Combinators.combine(
        Arbitraries.integers().between(0, original.length - 1).list().ofMinSize(1).ofMaxSize(8),
        Arbitraries.bytes().list().ofSize(8)).as((at, value) -> {
          byte[] b = original.clone();
          for (int i = 0; i < at.size(); i++) {
            b[at.get(i)] = value.get(i);
          }
          return b;
        });
    Arbitrary<byte[]> cut = Arbitraries.integers().between(0, original.length).map(n -> Arrays.copyOf(original, n));
    Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(tail -> {
      byte[] b = Arrays.copyOf(original, 10 + tail.length);
      System.arraycopy(tail, 0, b, 10, tail.length);
      return b;
    });
    return Arbitraries.oneOf(flipped, cut, noise);
  }
}
