package dev.sunset.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Sunset reads only regular files, and no more of them than a stated limit. */
class InputFileTest {
  @TempDir
  Path dir;

  @Test
  @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aFifoIsRefusedAtOnceInsteadOfWaitingForAWriter() throws Exception {
    Path fifo = SpecialFiles.fifo(dir.resolve("rules.yaml"));

    assertThatThrownBy(() -> InputFile.readText(fifo, 100, "a rules file")).isInstanceOf(IOException.class)
        .hasMessage("is a FIFO (named pipe), not a regular file");
  }

  @Test
  @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aDeviceThatNeverEndsIsRefused() {
    assertThatThrownBy(() -> InputFile.readText(Path.of("/dev/zero"), 100, "a report")).hasMessage(
        "is a device, not a regular file");
  }

  @Test
  void aFileLargerThanTheLimitIsRefusedNamingBothSizes() throws Exception {
    Path big = Files.write(dir.resolve("big.json"), new byte[3 * 1024 * 1024]);

    assertThatThrownBy(() -> InputFile.readText(big, 1024 * 1024, "a report")).hasMessage(
        "is 3 MiB, more than the 1 MiB Sunset reads of a report");
  }

  @Test
  void textThatIsNotUtf8AndPathsThatAreNotFilesAreNamed() throws Exception {
    Path latin1 = Files.write(dir.resolve("latin1.yaml"), new byte[] {'a', (byte) 0xE9});

    assertThatThrownBy(() -> InputFile.readText(latin1, 100, "x")).hasMessage("is not UTF-8 text");
    assertThatThrownBy(() -> InputFile.readText(dir, 100, "x")).hasMessage("is a folder, not a file");
    assertThatThrownBy(() -> InputFile.readText(dir.resolve("gone"), 100, "x")).hasMessage("does not exist");
  }

  @Test
  void aLinkToARegularFileIsRead() throws Exception {
    Path file = Files.writeString(dir.resolve("rules.yaml"), "rules: []");
    Path link = Files.createSymbolicLink(dir.resolve("link.yaml"), file);

    assertThat(InputFile.readText(link, 100, "a rules file")).isEqualTo("rules: []");
    assertThat(Limits.describe(Limits.JSON_FILE_BYTES)).isEqualTo("64 MiB");
  }

  @Test
  void aFileReadAsItGoesIsRefusedWhenItsTextIsNotUtf8OrItGrowsPastTheLimitWhileRead() throws Exception {
    Path latin1 = Files.write(dir.resolve("latin1.json"), new byte[] {'{', 'a', (byte) 0xE9, '}'});
    Path growing = Files.writeString(dir.resolve("growing.json"), "0123456789");

    try (Reader text = InputFile.openText(latin1, 100, "a report")) {
      assertThatThrownBy(() -> text.read(new char[16], 0, 16)).isInstanceOf(InputFile.Refusal.class)
          .hasMessage("is not UTF-8 text");
    }
    try (Reader text = InputFile.openText(growing, 20, "a report")) {
      Files.writeString(growing, "0123456789".repeat(5)); // written on while it is read
      assertThatThrownBy(() -> text.transferTo(Writer.nullWriter())).isInstanceOf(InputFile.Refusal.class)
          .hasMessage("is 50 bytes, more than the 20 bytes Sunset reads of a report (it grew while it was read)");
    }
    assertThatThrownBy(() -> InputFile.openText(dir, 100, "x")).hasMessage("is a folder, not a file");
    assertThatThrownBy(() -> InputFile.openText(growing, 20, "a report")).hasMessage(
        "is 50 bytes, more than the 20 bytes Sunset reads of a report");
  }
}
