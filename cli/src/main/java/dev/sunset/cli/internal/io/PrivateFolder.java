package dev.sunset.cli.internal.io;

import dev.sunset.cli.internal.BadInput;
import dev.sunset.core.io.FileKind;
import dev.sunset.core.text.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * This user's own folder in the temporary folder ({@code $TMPDIR/sunset-<user>}), where {@code attach} keeps the agent
 * jar it loads into JVMs and their answers: used only when it is a folder (not a link), owned by this user and open to
 * nobody else, so nobody else can plant a jar there for a target JVM to run. Anything else there is passed over for a
 * new folder of random name (said in one line).
 */
public final class PrivateFolder {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

  private PrivateFolder() {}

  /** The folder, made if needed; {@code err} gets one line when the usual one cannot be trusted. */
  public static Path forThisUser(PrintWriter err) throws BadInput {
    Path base = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    Path dir = base.resolve("sunset-" + safe(System.getProperty("user.name", "user")));
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    try {
      try {
        if (posix) {
          Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
          Files.createDirectory(dir);
        }
      } catch (FileAlreadyExistsException e) {
        // checked below, whoever made it
      }
      String problem = problem(base, dir, posix);
      if (problem == null) {
        return dir;
      }
      Path fresh = Files.createTempDirectory(base, "sunset-"); // owner-only on POSIX, a name nobody can guess
      err.println(Printable.line("warning: " + dir + " " + problem + ", so it is not used; using " + fresh));
      err.flush();
      return fresh;
    } catch (IOException e) {
      throw new BadInput(base + ": cannot hold this user's folder for the agent (" + e.getMessage() + ")");
    }
  }

  /** What makes {@code dir} unfit, or null when it is a folder of this user's that nobody else may open. */
  static String problem(Path base, Path dir, boolean posix) throws IOException {
    FileKind kind = FileKind.ofNoFollow(dir);
    if (kind != FileKind.FOLDER) {
      return kind.description() + ", not a folder";
    }
    UserPrincipal owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS);
    Path probe = Files.createTempFile(base, "sunset-", ".owner");
    UserPrincipal me;
    try {
      me = Files.getOwner(probe);
    } finally {
      Files.deleteIfExists(probe);
    }
    if (!owner.equals(me)) {
      return "belongs to " + owner.getName() + ", not to " + me.getName();
    }
    if (posix) {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
      if (!OWNER_ONLY.containsAll(permissions)) {
        return "is open to others (" + PosixFilePermissions.toString(permissions) + ")";
      }
    }
    return null;
  }

  /** A user name as a file name: letters, digits, '.', '_' and '-' only. */
  private static String safe(String name) {
    String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return s.isEmpty() || s.startsWith(".") ? "user" + s : s;
  }
}
