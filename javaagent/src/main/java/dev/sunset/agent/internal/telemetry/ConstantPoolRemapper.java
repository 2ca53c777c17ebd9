package dev.sunset.agent.internal.telemetry;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Renames packages in a class file by rewriting the text entries of its constant pool, where every class
 * name, descriptor and signature lives; the rest of the class file is copied unchanged.
 *
 * <p>Package prefixes are internal names ending in {@code /}, such as {@code dev/sunset/agent/shaded/otel/}.
 * Each entry is scanned once from left to right, so a replacement that contains its own prefix is not
 * replaced again.
 */
final class ConstantPoolRemapper {
  private ConstantPoolRemapper() {}

  /** The class file with every occurrence of each key of {@code prefixes} replaced by its value. */
  static byte[] remap(byte[] classFile, Map<String, String> prefixes) {
    if (classFile.length < 10 || readU4(classFile, 0) != 0xCAFEBABEL) {
      throw new IllegalArgumentException("not a class file");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(classFile.length + 256);
    DataOutputStream out = new DataOutputStream(bytes);
    try {
      out.write(classFile, 0, 10); // magic, version, constant pool count
      int count = readU2(classFile, 8);
      int pos = 10;
      for (int i = 1; i < count; i++) {
        int tag = classFile[pos] & 0xFF;
        if (tag == 1) { // CONSTANT_Utf8
          int length = readU2(classFile, pos + 1);
          // class and package names are ASCII, which modified UTF-8 encodes as itself
          String text = new String(classFile, pos + 3, length, StandardCharsets.ISO_8859_1);
          byte[] replaced = replace(text, prefixes).getBytes(StandardCharsets.ISO_8859_1);
          out.writeByte(1);
          out.writeShort(replaced.length);
          out.write(replaced);
          pos += 3 + length;
          continue;
        }
        int size = entrySize(tag);
        out.write(classFile, pos, size);
        pos += size;
        if (tag == 5 || tag == 6) { // long and double take two slots
          i++;
        }
      }
      out.write(classFile, pos, classFile.length - pos);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static String replace(String text, Map<String, String> prefixes) {
    StringBuilder sb = null;
    int copied = 0;
    int i = 0;
    while (i < text.length()) {
      String match = null;
      for (String prefix : prefixes.keySet()) {
        if (text.startsWith(prefix, i)) {
          match = prefix;
          break;
        }
      }
      if (match == null) {
        i++;
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder(text.length() + 64);
      }
      sb.append(text, copied, i).append(prefixes.get(match));
      i += match.length();
      copied = i;
    }
    return sb == null ? text : sb.append(text, copied, text.length()).toString();
  }

  private static int entrySize(int tag) {
    switch (tag) {
      case 7: // Class
      case 8: // String
      case 16: // MethodType
      case 19: // Module
      case 20: // Package
        return 3;
      case 15: // MethodHandle
        return 4;
      case 3: // Integer
      case 4: // Float
      case 9: // Fieldref
      case 10: // Methodref
      case 11: // InterfaceMethodref
      case 12: // NameAndType
      case 17: // Dynamic
      case 18: // InvokeDynamic
        return 5;
      case 5: // Long
      case 6: // Double
        return 9;
      default:
        throw new IllegalArgumentException("unknown constant pool tag " + tag);
    }
  }

  private static int readU2(byte[] b, int pos) {
    return ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
  }

  private static long readU4(byte[] b, int pos) {
    return ((long) readU2(b, pos) << 16) | readU2(b, pos + 2);
  }
}
