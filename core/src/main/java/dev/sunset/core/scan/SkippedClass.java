package dev.sunset.core.scan;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * A class file that names a legacy class but could not be scanned, as the JVM would refuse it too.
 *
 * @param location the jar or folder and entry, {@code app.jar!/com/acme/Broken.class}
 * @param reason what is wrong with it
 */
@API(status = INTERNAL, since = "0.1.0")
public record SkippedClass(String location, String reason) {
  /** One line for people. */
  public String describe() {
    return location + ": skipped: " + reason;
  }
}
