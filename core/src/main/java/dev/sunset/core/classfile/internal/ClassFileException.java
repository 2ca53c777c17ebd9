package dev.sunset.core.classfile.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * A class file that cannot be read as one: truncated, with an unknown constant-pool tag, or (thrown by the check)
 * with a structure the JVM refuses. The message says what, in one line. It carries no stack trace: a hostile file
 * is an answer, not a bug, and costs no more than a return.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ClassFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A class file that fails for this reason. */
  public ClassFileException(String message) {
    super(message, null, false, false);
  }
}
