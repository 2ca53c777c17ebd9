package dev.sunset.core.classfile.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/** The kinds of constant-pool entry a class file can hold (JVMS 4.4), each with its tag byte and size. */
@API(status = INTERNAL, since = "0.1.0")
public enum ConstantTag {
  UTF8(1, 0),
  INTEGER(3, 5),
  FLOAT(4, 5),
  LONG(5, 9),
  DOUBLE(6, 9),
  CLASS(7, 3),
  STRING(8, 3),
  FIELDREF(9, 5),
  METHODREF(10, 5),
  INTERFACE_METHODREF(11, 5),
  NAME_AND_TYPE(12, 5),
  METHOD_HANDLE(15, 4),
  METHOD_TYPE(16, 3),
  DYNAMIC(17, 5),
  INVOKE_DYNAMIC(18, 5),
  MODULE(19, 3),
  PACKAGE(20, 3);

  private static final ConstantTag[] BY_CODE = new ConstantTag[256];

  static {
    for (ConstantTag tag : values()) {
      BY_CODE[tag.code] = tag;
    }
  }

  private final int code;
  private final int size;

  ConstantTag(int code, int size) {
    this.code = code;
    this.size = size;
  }

  /** The tag byte that starts an entry of this kind. */
  public int code() {
    return code;
  }

  /**
   * How many bytes an entry of this kind takes, its tag included; 0 for {@link #UTF8}, whose size is 3 plus the
   * length it gives.
   */
  public int size() {
    return size;
  }

  /** How many constant-pool indexes an entry of this kind takes: 2 for {@link #LONG} and {@link #DOUBLE}, else 1. */
  public int slots() {
    return this == LONG || this == DOUBLE ? 2 : 1;
  }

  /** The kind with this tag byte (0 to 255), or null when no entry has it. */
  public static ConstantTag of(int code) {
    return BY_CODE[code & 0xFF];
  }
}
