/**
 * A Maven project's artifacts scanned as the command line scans them; not an API.
 */
package dev.sunset.maven.internal;
