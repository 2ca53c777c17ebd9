package dev.sunset.core.scan;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A jar or folder a scan read only to resolve rules against, never for call sites: one given for that (the command
 * line's {@code --class-path}, a Maven project's {@code provided} dependencies), or one that a scanned jar's
 * manifest names in its {@code Class-Path}, which the JVM puts on the class path with that jar.
 *
 * @param location where it is: the path as given, or, for a manifest entry, the entry resolved against the folder of
 *     the jar that names it (relative when that jar's path was)
 * @param origin why it was read
 * @param namedBy for a manifest entry, the jar whose manifest names it, as that jar is labelled; null otherwise
 * @param found whether it was there to read: a manifest entry that is not is passed over, as the JVM passes it over
 */
@API(status = INTERNAL, since = "0.1.0")
public record ResolutionSource(String location, Origin origin, String namedBy, boolean found) {
  /**
   * For a manifest entry that was not there, one line for people: {@code lib/legacy.jar: not there, though the
   * manifest of app.jar names it in Class-Path}; empty otherwise. Worth telling when a rule did not resolve: the
   * jar it needed may be that one.
   */
  public Optional<String> missingLine() {
    return found || origin != Origin.MANIFEST ? Optional.empty()
        : Optional.of(location + ": not there, though the manifest of " + namedBy + " names it in Class-Path");
  }

  /** Why a scan read a jar or folder only to resolve against it. */
  public enum Origin {
    /** Given to the scan for that ({@code --class-path}, a project's dependency class path). */
    GIVEN,
    /** Named by the {@code Class-Path} attribute of a scanned jar's manifest (or of such an entry's). */
    MANIFEST
  }
}
