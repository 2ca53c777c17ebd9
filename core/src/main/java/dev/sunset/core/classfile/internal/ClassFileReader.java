package dev.sunset.core.classfile.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.charset.StandardCharsets;
import org.apiguardian.api.API;

/**
 * Reads a class file's bytes as they are, bounded by the file's end: its numbers ({@code u1}, {@code u2},
 * {@code u4}), its version, its constant pool entry by entry (a walk that allocates nothing, for the pre-scan on
 * every class load) or by index once indexed (for the check), and the extent of its attributes.
 *
 * <p>Every read past the end, an unknown constant-pool tag, or an entry running past the end fails with a
 * {@link ClassFileException} (the messages the check gives: {@code truncated class file},
 * {@code unknown constant pool tag 2 at entry 7}); nothing else is thrown, whatever the bytes.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ClassFileReader {
  /** The magic number a class file starts with. */
  public static final long MAGIC = 0xCAFEBABEL;
  /** Where the constant pool's first entry starts: after the magic number, the version and the pool's count. */
  public static final int CONSTANT_POOL_START = 10;

  private static final int UTF8 = ConstantTag.UTF8.code();
  private static final int LONG = ConstantTag.LONG.code();
  private static final int DOUBLE = ConstantTag.DOUBLE.code();
  /** Each tag byte's entry size, before the text for {@code Utf8}; 0 for a byte that is no tag. */
  private static final byte[] SIZE = new byte[256];

  static {
    for (ConstantTag tag : ConstantTag.values()) {
      SIZE[tag.code()] = (byte) (tag == ConstantTag.UTF8 ? 3 : tag.size());
    }
  }

  private final byte[] b;
  private final int count;
  private int nextIndex = 1;
  private int next = CONSTANT_POOL_START;
  private int index;
  private int offset;
  private int tagCode;
  private ConstantTag[] tags;
  private int[] offsets;

  /** A reader of {@code classFile}; fails as truncated when it is shorter than the header before the pool. */
  public ClassFileReader(byte[] classFile) {
    if (classFile.length < CONSTANT_POOL_START) {
      throw truncated();
    }
    this.b = classFile;
    this.count = u2(8);
  }

  /** Whether the bytes start with a class file's magic number and are as long as its header. */
  public static boolean startsWithMagic(byte[] classFile) {
    return classFile.length >= CONSTANT_POOL_START && ((classFile[0] & 0xFF) << 24 | (classFile[1] & 0xFF) << 16
        | (classFile[2] & 0xFF) << 8 | classFile[3] & 0xFF) == (int) MAGIC;
  }

  /** The class file's major version (61 for Java 17), without reading anything else. */
  public static int majorVersion(byte[] classFile) {
    if (classFile.length < 8) {
      throw truncated();
    }
    return (classFile[6] & 0xFF) << 8 | classFile[7] & 0xFF;
  }

  /** The class file's length in bytes. */
  public int length() {
    return b.length;
  }

  /** The unsigned byte at {@code at}. */
  public int u1(int at) {
    if (at < 0 || at >= b.length) {
      throw truncated();
    }
    return b[at] & 0xFF;
  }

  /** The unsigned 16-bit number at {@code at}. */
  public int u2(int at) {
    if (at < 0 || at > b.length - 2) {
      throw truncated();
    }
    return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
  }

  /** The unsigned 32-bit number at {@code at} (cast it to {@code int} for a signed one). */
  public long u4(int at) {
    if (at < 0 || at > b.length - 4) {
      throw truncated();
    }
    return (long) ((b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF)
        & 0xFFFF_FFFFL;
  }

  /** The constant pool's count: one more than its last index. */
  public int constantPoolCount() {
    return count;
  }

  /**
   * Moves to the next entry of the constant pool, the first on the first call: false when there is none left (then
   * {@link #constantPoolEnd()} is where the pool ends). The entry's kind, index and extent are then known, and lie
   * within the file.
   */
  public boolean nextConstant() {
    int i = nextIndex;
    if (i >= count) {
      return false;
    }
    byte[] bytes = b;
    int at = next;
    if (at >= bytes.length) {
      throw truncated();
    }
    int code = bytes[at] & 0xFF;
    int end = at + SIZE[code];
    if (end == at) {
      throw unknownTag(code, i);
    }
    if (end > bytes.length) {
      throw truncated();
    }
    if (code == UTF8) {
      end += (bytes[at + 1] & 0xFF) << 8 | bytes[at + 2] & 0xFF;
      if (end > bytes.length) {
        throw truncated();
      }
    }
    index = i;
    offset = at;
    tagCode = code;
    next = end;
    nextIndex = code == LONG || code == DOUBLE ? i + 2 : i + 1;
    return true;
  }

  /** The kind of the entry the walk is at. */
  public ConstantTag constantTag() {
    return ConstantTag.of(tagCode);
  }

  /** Whether the entry the walk is at is a {@link ConstantTag#UTF8}: what the pre-scan asks of every entry. */
  public boolean isUtf8() {
    return tagCode == UTF8;
  }

  /** The index of the entry the walk is at. */
  public int constantIndex() {
    return index;
  }

  /** Where the entry the walk is at starts: its tag byte. */
  public int constantOffset() {
    return offset;
  }

  /** Where the entry the walk is at ends: the next entry's tag byte, or the end of the pool. */
  public int constantEnd() {
    return next;
  }

  /** Where the constant pool ends (the class's access flags), walking what is left of it. */
  public int constantPoolEnd() {
    while (nextConstant()) {
      // walked for its extent only
    }
    return next;
  }

  /**
   * Walks the whole constant pool and keeps each entry's kind and offset, for {@link #tag(int)},
   * {@link #offset(int)} and {@link #utf8(int)}; returns where the pool ends. Call it before any other walk.
   */
  public int indexConstantPool() {
    if (nextIndex != 1) {
      throw new IllegalStateException("the constant pool is indexed before it is walked");
    }
    tags = new ConstantTag[count];
    offsets = new int[count];
    while (nextConstant()) {
      tags[index] = ConstantTag.of(tagCode);
      offsets[index] = offset;
    }
    return next;
  }

  /**
   * The kind of the entry at {@code index}, or null for none: index 0, an index past the pool, or the second index
   * of a long or a double. Needs {@link #indexConstantPool()}.
   */
  public ConstantTag tag(int index) {
    return index <= 0 || index >= tags.length ? null : tags[index];
  }

  /** Where the entry at {@code index} starts (its tag byte); needs {@link #indexConstantPool()}. */
  public int offset(int index) {
    if (tag(index) == null) {
      throw new ClassFileException("no constant at index " + index);
    }
    return offsets[index];
  }

  /**
   * The text of the {@code Utf8} entry at {@code index}, one char per byte (names and descriptors the code compares
   * are ASCII, which modified UTF-8 stores as itself); needs {@link #indexConstantPool()}.
   */
  public String utf8(int index) {
    if (tag(index) != ConstantTag.UTF8) {
      throw new ClassFileException("constant " + index + " is not a Utf8 entry");
    }
    int at = offsets[index];
    return new String(b, at + 3, u2(at + 1), StandardCharsets.ISO_8859_1);
  }

  /**
   * Where the attribute whose header starts at {@code at} (its name's index, then its length) ends, when that lies
   * within {@code limit}; else it fails as {@code truncated <name> attribute}.
   */
  public int attributeEnd(int at, int limit, String name) {
    long end = at + 6 + u4(at + 2);
    if (end > limit) {
      throw new ClassFileException("truncated " + name + " attribute");
    }
    return (int) end;
  }

  private static ClassFileException unknownTag(int code, int index) {
    return new ClassFileException("unknown constant pool tag " + code + " at entry " + index);
  }

  private static ClassFileException truncated() {
    return new ClassFileException("truncated class file");
  }
}
