package dev.sunset.cli.internal.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.cli.internal.Version;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attach} loads into the target JVM only the agent jar it carries: copied into this user's private folder and
 * checked by its whole SHA-256 digest, so a jar planted by someone else is never run inside the target.
 */
class AttachAgentJarTest {
  @TempDir
  Path tmp;

  private String tmpdirBefore;
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void useATemporaryFolderOfTheTestsOwn() {
    tmpdirBefore = System.getProperty("java.io.tmpdir");
    System.setProperty("java.io.tmpdir", tmp.toString());
  }

  @AfterEach
  void restore() {
    System.setProperty("java.io.tmpdir", tmpdirBefore);
  }

  private static byte[] carried() throws Exception {
    try (InputStream in = AttachAgentJarTest.class.getResourceAsStream("/dev/sunset/cli/agent/sunset-javaagent.jar")) {
      assertThat(in).as("the agent jar the build puts in the command line's classes").isNotNull();
      return in.readAllBytes();
    }
  }

  private static String digest16(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
  }

  private Path agent() throws Exception {
    return AttachCommand.embeddedAgent(new PrintWriter(err, true));
  }

  @Test
  void aJarOfTheSameSizePlantedWhereTheAgentUsedToBeCopiedIsNeverUsed() throws Exception {
    byte[] carried = carried();
    Path planted = tmp.resolve("sunset-agent-" + Version.current() + "-" + digest16(carried) + ".jar");
    Files.write(planted, new byte[carried.length]);

    Path used = agent();

    assertThat(Files.readAllBytes(used)).isEqualTo(carried);
    assertThat(used).isNotEqualTo(planted);
  }

  @Test
  void aJarPlantedUnderTheRightNameInThePrivateFolderIsWrittenAnewBeforeUse() throws Exception {
    byte[] carried = carried();
    Path first = agent();
    Files.write(first, new byte[carried.length]); // same name, same size, other bytes

    Path used = agent();

    assertThat(used).isEqualTo(first);
    assertThat(Files.readAllBytes(used)).isEqualTo(carried);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(used.getParent()))).isEqualTo("rwx------");
  }

  @Test
  void aFolderOpenToOthersOrALinkInThePrivateFoldersPlaceIsPassedOverForANewPrivateOne() throws Exception {
    Path usual = tmp.resolve("sunset-" + System.getProperty("user.name").replaceAll("[^A-Za-z0-9._-]", "_"));
    Files.createDirectory(usual, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
    Files.setPosixFilePermissions(usual, PosixFilePermissions.fromString("rwxrwxrwx"));

    Path used = agent();

    assertThat(used.getParent()).isNotEqualTo(usual);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(used.getParent()))).isEqualTo("rwx------");
    assertThat(Files.readAllBytes(used)).isEqualTo(carried());
    assertThat(err.toString().lines().toList()).singleElement().asString()
        .startsWith("warning: " + usual + " is open to others (rwxrwxrwx), so it is not used; using " + tmp);

    Files.delete(usual);
    Files.createSymbolicLink(usual, Files.createDirectory(tmp.resolve("elsewhere")));
    assertThat(agent().getParent()).isNotEqualTo(usual);
    assertThat(Files.isSymbolicLink(usual)).isTrue();
    assertThat(Files.list(tmp.resolve("elsewhere"))).isEmpty();
    assertThat(Files.isDirectory(usual, LinkOption.NOFOLLOW_LINKS)).isFalse();
  }
}
