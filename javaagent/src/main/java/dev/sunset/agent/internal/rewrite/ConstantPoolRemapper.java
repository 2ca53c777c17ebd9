package dev.sunset.agent.internal.rewrite;

import dev.sunset.core.classfile.internal.ClassFileException;
import dev.sunset.core.classfile.internal.ClassFileReader;
import dev.sunset.core.classfile.internal.ConstantTag;
import java.io.ByteArrayOutputStream;
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
public final class ConstantPoolRemapper {
  private ConstantPoolRemapper() {}

  /**
   * The class file with every occurrence of each key of {@code prefixes} replaced by its value; fails with an
   * {@link IllegalArgumentException} saying why when the bytes are not a class file.
   */
  public static byte[] remap(byte[] classFile, Map<String, String> prefixes) {
    if (!ClassFileReader.startsWithMagic(classFile)) {
      throw new IllegalArgumentException("not a class file");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(classFile.length + 256);
    try {
      ClassFileReader pool = new ClassFileReader(classFile);
      out.write(classFile, 0, ClassFileReader.CONSTANT_POOL_START); // magic, version, constant pool count
      while (pool.nextConstant()) {
        int at = pool.constantOffset();
        if (pool.constantTag() != ConstantTag.UTF8) {
          out.write(classFile, at, pool.constantEnd() - at);
          continue;
        }
        // class and package names are ASCII, which modified UTF-8 encodes as itself
        String text = new String(classFile, at + 3, pool.constantEnd() - at - 3, StandardCharsets.ISO_8859_1);
        byte[] replaced = replace(text, prefixes).getBytes(StandardCharsets.ISO_8859_1);
        out.write(ConstantTag.UTF8.code());
        out.write(replaced.length >>> 8);
        out.write(replaced.length);
        out.write(replaced, 0, replaced.length);
      }
      int end = pool.constantPoolEnd();
      out.write(classFile, end, classFile.length - end);
    } catch (ClassFileException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    return out.toByteArray();
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
}
