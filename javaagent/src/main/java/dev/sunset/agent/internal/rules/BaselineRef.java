package dev.sunset.agent.internal.rules;

import java.nio.file.Path;

/**
 * A rule's baseline: a Sunset report whose call sites are tolerated, matched on class, method and line, or
 * on class and method only when line shifts are tolerated.
 */
public final class BaselineRef {
  private final Path file;
  private final boolean tolerateLineShifts;

  /** A baseline read from {@code file}. */
  public BaselineRef(Path file, boolean tolerateLineShifts) {
    this.file = file;
    this.tolerateLineShifts = tolerateLineShifts;
  }

  /** The report file. */
  public Path file() {
    return file;
  }

  /** Whether a call site still matches after moving to another line of the same method. */
  public boolean tolerateLineShifts() {
    return tolerateLineShifts;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BaselineRef && ((BaselineRef) o).file.equals(file)
        && ((BaselineRef) o).tolerateLineShifts == tolerateLineShifts;
  }

  @Override
  public int hashCode() {
    return file.hashCode() * 31 + (tolerateLineShifts ? 1 : 0);
  }
}
