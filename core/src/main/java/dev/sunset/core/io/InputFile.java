package dev.sunset.core.io;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.apiguardian.api.API;

/**
 * Reads a file Sunset is given (a rules file, a report, a scan, a baseline) as UTF-8 text, only if it is a regular
 * file (reading a FIFO would wait for a writer forever, a device such as {@code /dev/zero} never ends) and no
 * larger than a stated limit; each refusal is an {@link IOException} whose message says what is wrong in a few
 * words, without the path (the caller names it): {@code does not exist}, {@code is a FIFO (named pipe), not a
 * regular file}, {@code is 100 MiB, more than the 64 MiB Sunset reads of a report}, {@code is not UTF-8 text}.
 *
 * <p>A link is followed: what it names is checked. What is left: a path swapped for a FIFO between the check and
 * the open still blocks the open.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class InputFile {
  private InputFile() {}

  /**
   * The file's text.
   *
   * @param maxBytes the most it reads
   * @param what what the file is, for the message on size: {@code a rules file}
   */
  public static String readText(Path file, long maxBytes, String what) throws IOException {
    byte[] bytes = readBytes(file, maxBytes, what);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IOException("is not UTF-8 text");
    }
  }

  /** The file's bytes, on the same terms as {@link #readText}. */
  public static byte[] readBytes(Path file, long maxBytes, String what) throws IOException {
    FileKind kind = FileKind.of(file);
    switch (kind) {
      case MISSING -> throw new IOException("does not exist");
      case FOLDER -> throw new IOException("is a folder, not a file");
      case REGULAR -> { }
      default -> throw new IOException(kind.description() + ", not a regular file");
    }
    long size = Files.readAttributes(file, BasicFileAttributes.class).size();
    if (size > maxBytes) {
      throw tooLarge(size, maxBytes, what);
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    } catch (NoSuchFileException e) {
      throw new IOException("does not exist");
    } catch (AccessDeniedException e) {
      throw new IOException("cannot be read (permission denied)");
    } catch (IOException e) {
      throw new IOException("cannot be read (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
    }
    if (bytes.length > maxBytes) {
      throw tooLarge(bytes.length, maxBytes, what); // it grew since
    }
    return bytes;
  }

  /**
   * At most {@code maxBytes} of a stream (an entry of a jar, a resource), all of it.
   *
   * @throws IOException saying the stream holds more than {@code maxBytes} of {@code what}
   */
  public static byte[] readAtMost(InputStream in, long maxBytes, String what) throws IOException {
    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    if (bytes.length > maxBytes) {
      throw new IOException("holds more than the " + Limits.describe(maxBytes) + " Sunset reads of " + what);
    }
    return bytes;
  }

  private static IOException tooLarge(long size, long maxBytes, String what) {
    String described = Limits.describe(size);
    if (described.equals(Limits.describe(maxBytes))) {
      described = String.format(java.util.Locale.ROOT, "%,d bytes", size);
    }
    return new IOException("is " + described + ", more than the " + Limits.describe(maxBytes)
        + " Sunset reads of " + what);
  }
}
