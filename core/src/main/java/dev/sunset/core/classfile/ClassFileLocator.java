package dev.sunset.core.classfile;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.sunset.core.io.InputFile;
import dev.sunset.core.io.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Finds the class file of a class by its internal name, without loading the class: through a class
 * loader's resources (the agent) or in the artifacts of a scan (the command line).
 */
@FunctionalInterface
@API(status = INTERNAL, since = "0.1.0")
public interface ClassFileLocator {
  /** A class file and where it was found. */
  record ClassFile(byte[] bytes, String location) {}

  /** The class file of {@code internalName} ({@code com/acme/Legacy}), or empty when there is none. */
  Optional<ClassFile> find(String internalName) throws IOException;

  /**
   * A locator reading {@code loader}'s resources ({@code null}: the system class loader's). The location is
   * the jar or folder the class file is in, as a code source names it ({@code file:/opt/app/lib/shim.jar}).
   */
  static ClassFileLocator of(ClassLoader loader) {
    return internalName -> {
      String resource = internalName + ".class";
      URL url = loader == null ? ClassLoader.getSystemResource(resource) : loader.getResource(resource);
      if (url == null) {
        return Optional.empty();
      }
      try (InputStream in = url.openStream()) {
        return Optional.of(new ClassFile(InputFile.readAtMost(in, Limits.CLASS_FILE_BYTES, "a class file"),
            containerOf(url.toString(), resource)));
      }
    };
  }

  /**
   * The jar or folder holding a resource, from the resource's URL, as the JVM's code source of a class from
   * there names it: {@code jar:file:/a/b.jar!/x/Y.class} gives {@code file:/a/b.jar},
   * {@code file:/a/classes/x/Y.class} gives {@code file:/a/classes/}, and a nested jar keeps its jar form
   * ({@code jar:nested:/app.jar/!BOOT-INF/lib/shim.jar!/}).
   */
  static String containerOf(String url, String resource) {
    String c = url.endsWith(resource) ? url.substring(0, url.length() - resource.length()) : url;
    if (c.startsWith("jar:file:") && c.endsWith("!/") && c.indexOf("!/") == c.length() - 2) {
      return c.substring("jar:".length(), c.length() - 2);
    }
    return c;
  }
}
