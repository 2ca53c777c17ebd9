package dev.sunset.core.match;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * Where a legacy call is: the calling class, method and line, as a report or a scan names them.
 *
 * @param className internal name of the calling class
 * @param sourceFile the source file the class names, or null
 * @param methodName the calling method
 * @param methodDescriptor the calling method's descriptor
 * @param line the source line of the call, or 0 when the class has no line numbers
 */
@API(status = INTERNAL, since = "0.1.0")
public record CallContext(String className, String sourceFile, String methodName, String methodDescriptor, int line) {
  /** The calling class's binary name, {@code com.acme.Outer$Inner}. */
  public String binaryName() {
    return className.replace('/', '.');
  }
}
