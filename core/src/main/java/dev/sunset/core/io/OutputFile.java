package dev.sunset.core.io;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import org.apiguardian.api.API;

/**
 * Writes a file Sunset makes (the agent's report, every {@code -o} of the command line) so that nothing but that
 * file can change: the path must be a regular file or nothing yet, never a link (not followed), a folder, a device
 * or a FIFO, which are refused with {@link Refused}; the text goes to a temporary file created anew, under a name
 * nobody can guess, in the same folder, which is then renamed over the path, so a reader never sees half a file.
 *
 * <p>What is left: a path swapped for something else between the check and the rename is replaced by the file (the
 * rename neither follows a link nor writes into a device); only someone who may write into that folder can do so.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class OutputFile {
  /** The temporary name's start is cut to this many characters, so that the name fits any file system. */
  private static final int PREFIX_CHARS = 40;

  /** A path Sunset will not write to; its message says what the path is, without the path. */
  public static final class Refused extends IOException {
    private static final long serialVersionUID = 1L;
    private final FileKind kind;

    Refused(FileKind kind) {
      super(kind.description() + ", not a regular file: Sunset writes only to a regular file or a new path"
          + (kind == FileKind.LINK ? " and does not follow links; give the path the link points to" : ""));
      this.kind = kind;
    }

    /** What the path is. */
    public FileKind kind() {
      return kind;
    }
  }

  private OutputFile() {}

  /**
   * Refuses a path that is neither a regular file nor nothing yet (a link is not followed).
   *
   * @throws Refused saying what the path is
   */
  public static void check(Path target) throws IOException {
    FileKind kind = FileKind.ofNoFollow(target.toAbsolutePath());
    if (kind != FileKind.REGULAR && kind != FileKind.MISSING) {
      throw new Refused(kind);
    }
  }

  /** Writes {@code text} as UTF-8 (a character UTF-8 cannot hold becomes {@code ?}) to {@code target}. */
  public static void write(Path target, String text) throws IOException {
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code bytes} to {@code target}, creating its folder if needed.
   *
   * @throws Refused when the path is a link, a folder, a device, a FIFO or a socket
   * @throws IOException when it cannot be written
   */
  public static void write(Path target, byte[] bytes) throws IOException {
    Path absolute = target.toAbsolutePath();
    check(absolute);
    Path dir = absolute.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path temp = createTemp(dir == null ? Path.of("") : dir, absolute.getFileName().toString());
    try {
      try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
        out.write(bytes);
      }
      check(absolute); // what the path is may have changed while the text was written
      try {
        Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * A new empty file in {@code dir} ({@link Files#createTempFile}: a random name, created only if nothing is there,
   * so a link planted under a guessed name is never followed). On POSIX it is asked for with read and write for
   * everyone, which the process's umask then narrows, so the file written has the permissions a file created the
   * ordinary way would have.
   */
  private static Path createTemp(Path dir, String name) throws IOException {
    String prefix = "." + (name.length() > PREFIX_CHARS ? name.substring(0, PREFIX_CHARS) : name) + ".";
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        && dir.getFileSystem() == FileSystems.getDefault()) {
      FileAttribute<?> asUmaskAllows = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw-rw-"));
      return Files.createTempFile(dir, prefix, ".tmp", asUmaskAllows);
    }
    return Files.createTempFile(dir, prefix, ".tmp");
  }
}
