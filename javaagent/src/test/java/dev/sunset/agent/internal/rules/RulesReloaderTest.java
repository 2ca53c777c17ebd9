package dev.sunset.agent.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.rules.RuleSource;
import dev.sunset.core.rules.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An edit of the rules file puts in force what it says, and nothing of a rule outlives the rule. */
class RulesReloaderTest {
  @TempDir
  Path dir;

  private static String rule(String stage) {
    return "rules:\n  - id: clock-now\n    legacy: com.acme.LegacyClock#now(int)\n"
        + "    replacement: com.acme.ModernClock#now(int)\n    stage: " + stage + "\n";
  }

  @Test
  void aJmxOverrideGoesWithItsRuleSoTheRuleAddedAgainRunsAtTheStageItsFileGives() throws Exception {
    Path file = Files.writeString(dir.resolve("rules.yaml"), rule("redirect"));
    RulesInForce rules = new RulesInForce();
    StageResolver stages = new StageResolver(Clock.systemUTC(), new Baselines());
    String text = Files.readString(file);
    rules.startWith(rules.userFile(RuleSource.userFile(file), text));
    RulesReloader reloader = new RulesReloader(file, rules, stages, text);
    stages.override("clock-now", Stage.DENY); // an operator, through JMX

    Files.writeString(file, "rules: []\n");
    RulesReloader.Outcome removed = reloader.reloadIfChanged();
    Files.writeString(file, rule("redirect"));
    RulesReloader.Outcome added = reloader.reloadIfChanged();

    assertThat(removed).isInstanceOfSatisfying(RulesReloader.Outcome.Applied.class, a -> assertThat(a.changes())
        .extracting(RulesReloader.Change::describe).containsExactly("rule 'clock-now' JMX override dropped",
            "rule 'clock-now' removed (its call sites run the legacy method, still counted)"));
    assertThat(added).isInstanceOfSatisfying(RulesReloader.Outcome.Applied.class, a -> assertThat(a.changes())
        .extracting(RulesReloader.Change::describe).containsExactly(
            "rule 'clock-now' added at redirect (applies to classes loaded from now on)"));
    assertThat(stages.overrideOf("clock-now")).isNull();
    assertThat(stages.ruleStage(rules.rule("clock-now"))).isEqualTo(Stage.REDIRECT);
  }
}
