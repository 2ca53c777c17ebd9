package dev.sunset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** The help of every command: wrapped at spaces only, and the list of commands says what each does in a sentence. */
class HelpTextTest {
  @ParameterizedTest
  @ValueSource(strings = {"scan", "check", "merge", "verdict", "recipe", "rules", "report", "attach"})
  void helpIsWrappedAtSpacesOnlySoNoNameOptionOrPathIsCutInTwo(String command) {
    CliRun help = CliRun.of(command, "--help");
    Set<String> printed = Arrays.stream(help.out().split("\\s+")).collect(Collectors.toSet());

    // the words of the command's texts as written, read from a command tree that was never wrapped
    CommandSpec spec = new CommandLine(new Sunset()).getSubcommands().get(command).getCommandSpec();
    List<String> words = new ArrayList<>();
    List<String> texts = new ArrayList<>(List.of(spec.usageMessage().description()));
    texts.addAll(List.of(spec.usageMessage().footer()));
    for (ArgSpec arg : spec.args()) {
      texts.addAll(List.of(arg.description()));
    }
    for (String text : texts) {
      for (String word : text.split("\\s+")) {
        if (!word.isEmpty() && !word.contains("${") && !word.contains("%")) {
          words.add(word);
        }
      }
    }

    assertThat(words).isNotEmpty();
    assertThat(printed).as("the words of 'sunset %s --help'", command).containsAll(words);
  }

  @Test
  void theWordsPicocliWouldHaveCutAreWhole() {
    assertThat(CliRun.of("attach", "--help").out()).contains("-XX:+EnableDynamicAgentLoading");
    assertThat(CliRun.of("recipe", "--help").out()).contains("com.acme.MigrateToService");
    assertThat(CliRun.of("check", "--help").out().replaceAll("\\s+", " "))
        .contains("File.java:42 com.acme.Checkout.run rule-id.");
  }

  @Test
  void theListOfCommandsSaysWhatVerdictDoesInAWholeSentence() {
    String help = CliRun.of("--help").out().replaceAll("\\s+", " ");

    assertThat(help).contains("verdict Tells per rule whether its legacy method can be deleted, from the call sites "
        + "in the artifacts (--scan) and the calls seen at run time (--report, --prometheus).");
  }
}
