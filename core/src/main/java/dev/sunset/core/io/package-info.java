/**
 * Files read and written safely: input only from regular files within a stated size, output only to regular files
 * or new paths through a temporary of random name, never through a link or into a device; the limits, listed in
 * {@code SECURITY.md}.
 */
package dev.sunset.core.io;
