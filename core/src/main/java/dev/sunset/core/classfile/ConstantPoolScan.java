package dev.sunset.core.classfile;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.classfile.internal.ClassFileException;
import dev.sunset.core.classfile.internal.ClassFileReader;
import java.io.ByteArrayOutputStream;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Tells whether a class file names one of a few classes or methods, by walking its constant pool entry by
 * entry without decoding anything else: a class that calls a method must hold the method owner's internal
 * name (and the method's name) as {@code CONSTANT_Utf8} entries, so a class without one is passed over
 * untouched. A class that names a type only in a descriptor or a signature (a method that takes or returns it, a
 * field of it) holds the name only inside one, {@code (Lcom/acme/Legacy;)V}: the types given as such are also looked
 * for inside descriptors and signatures.
 * For a package ({@code com/acme/legacy}, a package rule's) it looks for any class of exactly that package:
 * a {@code CONSTANT_Utf8} that is such a class's internal name ({@code com/acme/legacy/Factory}) or binary name (a
 * lookup by name, {@code com.acme.legacy.Factory}), or that holds one in a descriptor or signature
 * ({@code (Lcom/acme/legacy/Factory;)V}); compared byte by byte, nothing decoded.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ConstantPoolScan {
  private final byte[][] names;
  private final int minLength;
  private final int maxLength;
  /** For each package: {@code com/acme/legacy/}, {@code com.acme.legacy.} and {@code Lcom/acme/legacy/}. */
  private final byte[][] packageInternal;
  private final byte[][] packageBinary;
  private final byte[][] packageInDescriptor;
  /** {@code Lcom/acme/Legacy} of each type looked for inside descriptors and signatures (then {@code ;} or {@code <}). */
  private final byte[][] inDescriptors;

  /** A scan for these names: internal class names ({@code com/acme/Legacy}) or method names. */
  public ConstantPoolScan(Collection<String> internalNames) {
    this(internalNames, List.of(), List.of());
  }

  /**
   * A scan for these names, for the types {@code typesInDescriptors} (internal names) inside descriptors and
   * signatures too (what a scan for type references needs), and for any class of these packages (internal names,
   * {@code com/acme/legacy}; not their sub-packages).
   */
  public ConstantPoolScan(Collection<String> internalNames, Collection<String> typesInDescriptors,
      Collection<String> packages) {
    Collection<String> types = new LinkedHashSet<>(typesInDescriptors);
    this.inDescriptors = new byte[types.size()][];
    int t = 0;
    for (String type : types) {
      inDescriptors[t++] = modifiedUtf8("L" + type);
    }
    Collection<String> distinctPackages = new LinkedHashSet<>(packages);
    this.packageInternal = new byte[distinctPackages.size()][];
    this.packageBinary = new byte[distinctPackages.size()][];
    this.packageInDescriptor = new byte[distinctPackages.size()][];
    int p = 0;
    for (String pkg : distinctPackages) {
      packageInternal[p] = modifiedUtf8(pkg + "/");
      packageBinary[p] = modifiedUtf8(pkg.replace('/', '.') + ".");
      packageInDescriptor[p++] = modifiedUtf8("L" + pkg + "/");
    }
    Collection<String> distinct = new LinkedHashSet<>(internalNames);
    this.names = new byte[distinct.size()][];
    int i = 0;
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (String name : distinct) {
      byte[] encoded = modifiedUtf8(name);
      names[i++] = encoded;
      min = Math.min(min, encoded.length);
      max = Math.max(max, encoded.length);
    }
    this.minLength = min;
    this.maxLength = max;
  }

  /**
   * Whether the class file's constant pool holds one of the names. A file too short, with an unknown constant tag
   * or a constant running past its end answers true, so that the full parser decides (and reports) what is wrong.
   */
  public boolean mentionsAny(byte[] classFile) {
    if (names.length == 0 && inDescriptors.length == 0 && packageInternal.length == 0) {
      return false;
    }
    try {
      ClassFileReader pool = new ClassFileReader(classFile);
      while (pool.nextConstant()) {
        if (pool.isUtf8()) {
          int start = pool.constantOffset() + 3;
          int length = pool.constantEnd() - start;
          if (length >= minLength && length <= maxLength && matches(classFile, start, length)
              || packageInternal.length > 0 && namesPackageClass(classFile, start, length)
              || inDescriptors.length > 0 && containsType(classFile, start, length)) {
            return true;
          }
        }
      }
      return false;
    } catch (ClassFileException e) {
      return true;
    }
  }

  private boolean matches(byte[] b, int start, int length) {
    outer:
    for (byte[] name : names) {
      if (name.length != length) {
        continue;
      }
      for (int i = length - 1; i >= 0; i--) {
        if (b[start + i] != name[i]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * Whether the {@code Utf8} entry at {@code start} is a class of one of the packages, by its internal or binary name,
   * or holds one as {@code L<package>/<name>} (a descriptor or signature).
   */
  private boolean namesPackageClass(byte[] b, int start, int length) {
    for (int p = 0; p < packageInternal.length; p++) {
      if (isClassOf(b, start, length, packageInternal[p], (byte) '/')
          || isClassOf(b, start, length, packageBinary[p], (byte) '.')
          || holdsClassOf(b, start, length, packageInDescriptor[p])) {
        return true;
      }
    }
    return false;
  }

  /** Whether the entry starts with {@code prefix} and holds no {@code separator} after it: a class of the package. */
  private static boolean isClassOf(byte[] b, int start, int length, byte[] prefix, byte separator) {
    if (length <= prefix.length || !startsWith(b, start, prefix)) {
      return false;
    }
    for (int i = start + prefix.length; i < start + length; i++) {
      if (b[i] == separator || b[i] == '/') {
        return false;
      }
    }
    return true;
  }

  /** Whether the entry holds {@code L<package>/<name>;} (or {@code <} after the name, a generic type). */
  private static boolean holdsClassOf(byte[] b, int start, int length, byte[] prefix) {
    int end = start + length;
    for (int at = start; at + prefix.length < end; at++) {
      if (b[at] == 'L' && startsWith(b, at, prefix)) {
        for (int i = at + prefix.length; i < end; i++) {
          if (b[i] == ';' || b[i] == '<') {
            return i > at + prefix.length;
          }
          if (b[i] == '/') {
            break; // a sub-package's class
          }
        }
      }
    }
    return false;
  }

  /**
   * Whether the Utf8 entry at {@code start} names one of {@link #inDescriptors} the way descriptors and signatures do:
   * {@code Lcom/acme/Legacy;}, or {@code Lcom/acme/Legacy<} with type arguments.
   */
  private boolean containsType(byte[] b, int start, int length) {
    for (byte[] type : inDescriptors) {
      int last = start + length - type.length - 1; // the type, then ';' or '<'
      for (int at = start; at <= last; at++) {
        if (b[at] != 'L') {
          continue;
        }
        int i = 1;
        while (i < type.length && b[at + i] == type[i]) {
          i++;
        }
        if (i == type.length && (b[at + type.length] == ';' || b[at + type.length] == '<')) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean startsWith(byte[] b, int start, byte[] prefix) {
    if (start + prefix.length > b.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[start + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** A name as the class file stores it: the JVM's modified UTF-8 (JVMS 4.4.7). */
  public static byte[] modifiedUtf8(String name) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= 0x0001 && c <= 0x007F) {
        out.write(c);
      } else if (c <= 0x07FF) {
        out.write(0xC0 | (c >> 6));
        out.write(0x80 | (c & 0x3F));
      } else {
        out.write(0xE0 | (c >> 12));
        out.write(0x80 | ((c >> 6) & 0x3F));
        out.write(0x80 | (c & 0x3F));
      }
    }
    return out.toByteArray();
  }
}
