package dev.sunset.core.scan;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import org.apiguardian.api.API;

/**
 * An artifact that cannot be scanned: a path that does not exist, a file that is not a jar or a war, a
 * folder with nothing to scan in it. Its message is one line that names the path and what is wrong.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ArtifactException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String path;

  /** A problem with the artifact at {@code path} (as the user gave it). */
  public ArtifactException(String path, String problem) {
    super(path + ": " + problem);
    this.path = path;
  }

  /** The path as the user gave it. */
  public String path() {
    return path;
  }
}
