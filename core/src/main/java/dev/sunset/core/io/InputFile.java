package dev.sunset.core.io;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
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
      throw new Refusal("is not UTF-8 text");
    }
  }

  /** The file's bytes, on the same terms as {@link #readText}. */
  public static byte[] readBytes(Path file, long maxBytes, String what) throws IOException {
    requireReadable(file, maxBytes, what);
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    } catch (IOException e) {
      throw unreadable(e);
    }
    if (bytes.length > maxBytes) {
      throw tooLarge(bytes.length, maxBytes, what); // it grew since
    }
    return bytes;
  }

  /**
   * The file's text as it is read, on the same terms as {@link #readText} but without holding it: what it refuses
   * before the first character is thrown here, what it finds while reading (text that is not UTF-8, a file that
   * grew past {@code maxBytes}) by the reader's {@code read}, each as a {@link Refusal}.
   */
  public static Reader openText(Path file, long maxBytes, String what) throws IOException {
    requireReadable(file, maxBytes, what);
    InputStream in;
    try {
      in = Files.newInputStream(file);
    } catch (IOException e) {
      throw unreadable(e);
    }
    return new InputStreamReader(new Bounded(in, maxBytes, what), StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)) {
      @Override
      public int read(char[] buffer, int offset, int length) throws IOException {
        try {
          return super.read(buffer, offset, length);
        } catch (CharacterCodingException e) {
          throw new Refusal("is not UTF-8 text");
        }
      }
    };
  }

  /**
   * What is wrong with an input file in a few words, without its path ({@code is not UTF-8 text}): thrown while it
   * is read, to tell it from a failure of whatever reads it.
   */
  public static final class Refusal extends IOException {
    private static final long serialVersionUID = 1L;

    Refusal(String message) {
      super(message);
    }
  }

  /** A file's stream that refuses to give more than {@code maxBytes}: a file that grew since its size was read. */
  private static final class Bounded extends FilterInputStream {
    private final long maxBytes;
    private final String what;
    private long read;

    Bounded(InputStream in, long maxBytes, String what) {
      super(in);
      this.maxBytes = maxBytes;
      this.what = what;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n;
      try {
        n = super.read(buffer, offset, length);
      } catch (IOException e) {
        throw unreadable(e);
      }
      if (n > 0) {
        read += n;
        if (read > maxBytes) {
          throw new Refusal(tooLarge(read, maxBytes, what).getMessage() + " (it grew while it was read)");
        }
      }
      return n;
    }
  }

  private static void requireReadable(Path file, long maxBytes, String what) throws IOException {
    FileKind kind = FileKind.of(file);
    switch (kind) {
      case MISSING -> throw new Refusal("does not exist");
      case FOLDER -> throw new Refusal("is a folder, not a file");
      case REGULAR -> { }
      default -> throw new Refusal(kind.description() + ", not a regular file");
    }
    long size = Files.readAttributes(file, BasicFileAttributes.class).size();
    if (size > maxBytes) {
      throw tooLarge(size, maxBytes, what);
    }
  }

  private static IOException unreadable(IOException e) {
    if (e instanceof Refusal) {
      return e;
    }
    if (e instanceof NoSuchFileException) {
      return new Refusal("does not exist");
    }
    if (e instanceof AccessDeniedException) {
      return new Refusal("cannot be read (permission denied)");
    }
    return new Refusal("cannot be read (" + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
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

  private static Refusal tooLarge(long size, long maxBytes, String what) {
    String described = Limits.describe(size);
    if (described.equals(Limits.describe(maxBytes))) {
      described = String.format(Locale.ROOT, "%,d bytes", size);
    }
    return new Refusal("is " + described + ", more than the " + Limits.describe(maxBytes)
        + " Sunset reads of " + what);
  }
}
