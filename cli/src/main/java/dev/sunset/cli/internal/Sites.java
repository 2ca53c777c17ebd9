package dev.sunset.cli.internal;

/** How commands print a call site's place. */
final class Sites {
  private Sites() {}

  /** {@code Checkout.java:42}; {@code ?} stands for a file or line the class file does not give. */
  static String location(String file, int line) {
    return (file == null ? "?" : file) + ":" + (line > 0 ? String.valueOf(line) : "?");
  }
}
