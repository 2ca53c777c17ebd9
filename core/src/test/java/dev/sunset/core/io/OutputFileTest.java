package dev.sunset.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sunset writes its files only to regular files or new paths, through temporaries nobody can guess. */
class OutputFileTest {
  @TempDir
  Path dir;

  @Test
  void aNewPathAndARegularFileAreWrittenAndNothingElseIsLeftInTheFolder() throws Exception {
    Path fresh = dir.resolve("sub/report.json");
    Path existing = Files.writeString(dir.resolve("old.json"), "old");

    OutputFile.write(fresh, "{}\n");
    OutputFile.write(existing, "new");

    assertThat(fresh).hasContent("{}");
    assertThat(existing).hasContent("new");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder("sub", "old.json");
    }
  }

  @Test
  void aSymbolicLinkIsNotFollowedAndWhatItPointsToIsLeftAlone() throws Exception {
    Path precious = Files.writeString(dir.resolve("precious"), "keep");
    Path link = Files.createSymbolicLink(dir.resolve("report.json"), precious);

    assertThatThrownBy(() -> OutputFile.write(link, "{}")).isInstanceOf(OutputFile.Refused.class)
        .hasMessage("is a symbolic link, not a regular file: Sunset writes only to a regular file or a new path and "
            + "does not follow links; give the path the link points to");

    assertThat(precious).hasContent("keep");
    assertThat(Files.isSymbolicLink(link)).isTrue();
  }

  @Test
  void aFifoIsRefusedAndStaysAFifo() throws Exception {
    Path fifo = SpecialFiles.fifo(dir.resolve("report.json"));

    assertThatThrownBy(() -> OutputFile.write(fifo, "{}")).isInstanceOf(OutputFile.Refused.class)
        .hasMessageStartingWith("is a FIFO (named pipe), not a regular file");

    assertThat(FileKind.ofNoFollow(fifo)).isEqualTo(FileKind.FIFO);
  }

  @Test
  void aDeviceLikeDevNullIsRefusedAndStaysADevice() throws Exception {
    Path device = SpecialFiles.nullDevice(dir.resolve("null"));

    assertThatThrownBy(() -> OutputFile.write(device, "{}")).isInstanceOf(OutputFile.Refused.class)
        .hasMessageStartingWith("is a device, not a regular file");

    assertThat(FileKind.ofNoFollow(device)).isEqualTo(FileKind.DEVICE);
    assertThatThrownBy(() -> OutputFile.check(Path.of("/dev/null"))).isInstanceOf(OutputFile.Refused.class);
  }

  @Test
  void aFolderIsRefused() {
    assertThatThrownBy(() -> OutputFile.write(dir, "{}")).isInstanceOf(OutputFile.Refused.class)
        .hasMessageStartingWith("is a folder, not a regular file");
  }

  @Test
  void theFileWrittenHasThePermissionsTheUmaskGivesAnyNewFile() throws Exception {
    Path ordinary = Files.createFile(dir.resolve("ordinary"));
    Path written = dir.resolve("written");

    OutputFile.write(written, "x");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written, LinkOption.NOFOLLOW_LINKS)))
        .isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(ordinary)));
  }
}
