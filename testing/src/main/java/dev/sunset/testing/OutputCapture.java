package dev.sunset.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One output stream of a forked JVM, read as it comes into memory by a daemon thread: its exact text, and its
 * lines as {@link java.io.BufferedReader#readLine()} splits them (a last line without a terminator counts once the
 * stream has ended).
 */
final class OutputCapture {
  private final StringBuilder text = new StringBuilder();
  private final Thread reader;
  private volatile boolean ended;

  OutputCapture(InputStream stream, String name) {
    reader = new Thread(() -> read(stream), name);
    reader.setDaemon(true);
    reader.start();
  }

  private void read(InputStream stream) {
    char[] buffer = new char[8192];
    try (Reader in = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        synchronized (text) {
          text.append(buffer, 0, n);
        }
      }
    } catch (IOException ignored) {
      // the process ended, or a test closed its side of the pipe
    } finally {
      ended = true;
    }
  }

  /** Everything read so far. */
  String text() {
    synchronized (text) {
      return text.toString();
    }
  }

  /** The lines read so far; a line still being written is left out until the stream ends. */
  List<String> lines() {
    boolean complete = ended; // read first: once it is true, the text holds everything
    String all = text();
    if (!complete) {
      int end = Math.max(all.lastIndexOf('\n'), all.lastIndexOf('\r'));
      all = all.substring(0, end + 1);
    }
    return all.lines().toList();
  }

  /** Whether the stream has ended and everything in it is read. */
  boolean ended() {
    return ended;
  }

  /** Waits at most {@code millis} for the stream to end. */
  void awaitEnd(long millis) throws InterruptedException {
    reader.join(millis);
  }
}
