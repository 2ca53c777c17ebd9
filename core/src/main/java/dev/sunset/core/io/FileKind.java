package dev.sunset.core.io;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.apiguardian.api.API;

/** What a path names, as far as reading and writing it goes. */
@API(status = INTERNAL, since = "0.1.0")
public enum FileKind {
  /** Nothing there yet. */
  MISSING("does not exist"),
  /** A regular file: the one kind Sunset reads from or replaces. */
  REGULAR("is a regular file"),
  /** A folder. */
  FOLDER("is a folder"),
  /** A symbolic link (only when links are not followed). */
  LINK("is a symbolic link"),
  /** A named pipe: reading it waits for a writer, writing it feeds a reader. */
  FIFO("is a FIFO (named pipe)"),
  /** A character or block device, such as {@code /dev/null}. */
  DEVICE("is a device"),
  /** A socket, or anything else that is not a file. */
  OTHER("is a socket or other special file");

  private final String description;

  FileKind(String description) {
    this.description = description;
  }

  /** What the path is, for a message: {@code is a FIFO (named pipe)}. */
  public String description() {
    return description;
  }

  /** What {@code path} names, following a link to what it names. */
  public static FileKind of(Path path) throws IOException {
    return of(path, false);
  }

  /** What {@code path} itself names: a link is {@link #LINK}. */
  public static FileKind ofNoFollow(Path path) throws IOException {
    return of(path, true);
  }

  private static FileKind of(Path path, boolean noFollow) throws IOException {
    LinkOption[] options = noFollow ? new LinkOption[] {LinkOption.NOFOLLOW_LINKS} : new LinkOption[0];
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class, options);
    } catch (java.nio.file.NoSuchFileException e) {
      return MISSING;
    }
    if (attributes.isSymbolicLink()) {
      return LINK;
    }
    if (attributes.isRegularFile()) {
      return REGULAR;
    }
    if (attributes.isDirectory()) {
      return FOLDER;
    }
    return special(path, options);
  }

  /** A FIFO, a device or another special file, told apart by its Unix mode where the platform gives it. */
  private static FileKind special(Path path, LinkOption[] options) {
    try {
      Object mode = Files.getAttribute(path, "unix:mode", options);
      if (mode instanceof Integer m) {
        int type = m & 0170000;
        if (type == 0010000) {
          return FIFO;
        }
        if (type == 0020000 || type == 0060000) {
          return DEVICE;
        }
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
      // no Unix view here: say what it is not
    }
    return OTHER;
  }
}
