package dev.sunset.core.scan.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.io.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A jar or a class folder of a scope, as a scan reads it: its class files one by one, a class file by name,
 * and a resource such as the rules it ships.
 */
@API(status = INTERNAL, since = "0.1.0")
public interface ClassSource {
  /** Receives one class file. */
  interface ClassFileHandler {
    /**
     * Handles the class file at {@code entry} (its path inside the source), whose name says it holds
     * {@code internalName}.
     */
    void handle(String internalName, String entry, byte[] bytes) throws IOException;

    /** A class file at {@code entry} larger than {@link Limits#CLASS_FILE_BYTES}, which is not read. */
    void tooLarge(String entry);
  }

  /** At most {@link Limits#CLASS_FILE_BYTES} of a class file or resource; null when it holds more. */
  static byte[] readBounded(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes((int) Limits.CLASS_FILE_BYTES + 1);
    return bytes.length > Limits.CLASS_FILE_BYTES ? null : bytes;
  }

  /** Why an entry too large is not read, for a skipped entry's line. */
  static String tooLargeReason(String what) {
    return "holds more than the " + Limits.describe(Limits.CLASS_FILE_BYTES) + " Sunset reads of " + what
        + "; not read";
  }

  /** Where the source is, as reports name it: {@code app.jar!/BOOT-INF/lib/shim.jar}, {@code target/classes}. */
  String codeSource();

  /**
   * The bytes of a resource ({@code META-INF/sunset/rules.yaml}), or empty.
   *
   * @throws IOException when it cannot be read, or holds more than {@link Limits#CLASS_FILE_BYTES}
   */
  Optional<byte[]> resource(String name) throws IOException;

  /** Hands every class file to {@code handler}: module and multi-release entries are left out. */
  void forEachClass(ClassFileHandler handler) throws IOException;

  /**
   * How many class files {@link #forEachClass} would hand over, counted without reading them (for a scope where no
   * rule resolved, whose classes are not read).
   */
  long countClasses() throws IOException;

  /**
   * The classes (internal names) of exactly this package ({@code com/acme/legacy}, not its sub-packages) whose class
   * files the source holds, listed without reading them.
   */
  List<String> classesOf(String packageInternalName) throws IOException;

  /** Where an entry of this source is, for messages: {@code app.jar!/com/acme/Broken.class}. */
  default String location(String entry) {
    return codeSource() + "!/" + entry;
  }

  /** Whether the source holds a class file with this internal name. */
  default Optional<byte[]> classFile(String internalName) throws IOException {
    return resource(internalName + ".class");
  }

  /** Whether an entry path names a class file a class loader would define. */
  static boolean isClassEntry(String path) {
    return path.endsWith(".class") && !path.startsWith("META-INF/") && !path.endsWith("module-info.class")
        && !path.endsWith("package-info.class");
  }
}
