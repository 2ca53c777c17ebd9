package dev.sunset.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesFileTest {
  @TempDir
  Path dir;

  @Test
  void aGoodFileGivesItsRules() throws Exception {
    Path file = Files.writeString(dir.resolve("rules.yaml"),
        "rules:\n  - id: a\n    legacy: com.acme.A#run()\n");

    assertThat(RulesFile.read(file).rules()).extracting(RuleSpec::id).containsExactly("a");
  }

  @Test
  void everyProblemIsOneLineNamingTheFile() throws Exception {
    Path missing = dir.resolve("missing.yaml");
    Path folder = Files.createDirectories(dir.resolve("folder"));
    Path latin1 = Files.write(dir.resolve("latin1.yaml"), "rules: # caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    Path twoBad = Files.writeString(dir.resolve("bad.yaml"), "rules:\n  - id: a\n    legacy: nope\n"
        + "  - id: b\n    legacy: com.acme.A#run()\n    stage: shout\n");

    assertThat(problems(missing)).containsExactly(missing + ": does not exist");
    assertThat(problems(folder)).containsExactly(folder + ": is a folder, not a rules file");
    assertThat(problems(latin1)).containsExactly(latin1 + ": is not UTF-8 text");
    assertThat(problems(twoBad)).containsExactly(
        twoBad + ":2: rule 'a': refused: legacy 'nope' is not a class in a package; write the class in full,"
            + " com.acme.Owner, or a method, com.acme.Owner#method(int)",
        twoBad + ":4: rule 'b': refused: unknown stage 'shout' (known: observe, redirect, warn, deny)");
  }

  private static List<String> problems(Path file) {
    return catchThrowableOfType(RulesFileException.class, () -> RulesFile.read(file)).lines();
  }

  @Test
  @org.junit.jupiter.api.Timeout(value = 10, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
  void aFifoOrAFileLargerThanTheLimitIsOneLineAndNeverBlocks() throws Exception {
    Path fifo = dev.sunset.core.io.SpecialFiles.fifo(dir.resolve("fifo.yaml"));
    Path big = Files.write(dir.resolve("big.yaml"), new byte[(int) dev.sunset.core.io.Limits.RULES_FILE_BYTES + 1]);

    assertThat(problems(fifo)).containsExactly(fifo + ": is a FIFO (named pipe), not a regular file");
    assertThat(problems(big)).containsExactly(big + ": is 8,388,609 bytes, more than the 8 MiB Sunset reads of a "
        + "rules file");
  }
}
