package dev.sunset.deployment;

/**
 * A class loader as a fixture printed it ({@code <getName()>|<class>|<identity hash, hex>}), and whether a loader
 * name in the agent's report or lines names it.
 *
 * <p>The report's {@code loader} format is the agent's to choose; the tests ask only that it identify the loader: the
 * JDK's built-in loaders by their name ({@code app}, {@code platform}), any other by its identity hash together with
 * its name or its class's simple name. Both the JDK's own form ({@code 'plugin' @1b2c3d},
 * {@code java.net.URLClassLoader @1b2c3d}) and {@code toString()}-like forms ({@code WebAppClassLoader{..}@1b2c3d})
 * do; two web apps' loaders of one class are told apart by the hash.
 */
record LoaderId(String name, String className, String identityHash) {
  /** Parses what {@code Probe.loader} printed. */
  static LoaderId parse(String printed) {
    String[] parts = printed.split("\\|", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not name|class|hash: " + printed);
    }
    return new LoaderId(parts[0].equals("null") ? null : parts[0], parts[1], parts[2]);
  }

  /** Whether this is one of the JDK's own application or platform loaders. */
  boolean builtIn() {
    return className.startsWith("jdk.internal.loader.ClassLoaders$");
  }

  /** Whether {@code reported}, a loader as the agent names it, names this loader. */
  boolean isNamedBy(String reported) {
    if (reported == null) {
      return false;
    }
    if (builtIn()) {
      return reported.contains(name);
    }
    String simpleName = className.substring(className.lastIndexOf('.') + 1);
    return reported.contains(identityHash)
        && (reported.contains(simpleName) || name != null && reported.contains(name));
  }

  @Override
  public String toString() {
    return name + "|" + className + "|" + identityHash;
  }
}
