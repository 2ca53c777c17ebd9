package dev.sunset.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuleSetTest {
  private static final String FIX = "dev.sunset.core.fixtures.";
  private final RulesReader reader = new RulesReader(path -> Optional.empty());

  private RulesReader.Result user(String yaml) {
    return reader.read(new RuleSource("rules.yaml", Path.of("."), RuleSource.Kind.USER), yaml);
  }

  private RulesReader.Result shipped(String url, String yaml) {
    return reader.read(RuleSource.shipped(url), yaml);
  }

  private static String nowRule(String id, String stage) {
    return "rules:\n  - id: " + id + "\n    legacy: " + FIX + "Legacy#now(int)\n"
        + "    replacement: " + FIX + "Modern#now(int)\n    stage: " + stage + "\n";
  }

  @Test
  void aRuleInTheUserFileReplacesAShippedRuleWithTheSameId() {
    RuleSet set = RuleSet.merge(List.of(shipped("jar:a.jar!/x", nowRule("clock-now", "redirect")),
        user(nowRule("clock-now", "deny"))));

    assertThat(set.problems()).isEmpty();
    assertThat(set.rules()).singleElement().satisfies(r -> assertThat(r.stage()).isEqualTo(Stage.DENY));
  }

  @Test
  void theSameRuleShippedInTwoJarsCountsOnce() {
    RuleSet set = RuleSet.merge(List.of(shipped("jar:a.jar!/x", nowRule("clock-now", "redirect")),
        shipped("jar:b.jar!/x", nowRule("clock-now", "redirect"))));

    assertThat(set.problems()).isEmpty();
    assertThat(set.rules()).hasSize(1);
  }

  @Test
  void twoDifferentShippedRulesWithOneIdRefuseTheLaterOne() {
    RuleSet set = RuleSet.merge(List.of(shipped("jar:a.jar!/x", nowRule("clock-now", "redirect")),
        shipped("jar:b.jar!/x", nowRule("clock-now", "observe"))));

    assertThat(set.rules()).singleElement().satisfies(r -> assertThat(r.stage()).isEqualTo(Stage.REDIRECT));
    assertThat(set.problems()).singleElement().asString().startsWith("jar:b.jar!/x:2: rule 'clock-now': refused:")
        .contains("already used by a different rule at jar:a.jar!/x:2");
  }

  @Test
  void aShippedRuleForALegacyMethodTheUserAlreadyCoversIsRefused() {
    RuleSet set = RuleSet.merge(List.of(user(nowRule("mine", "observe")), shipped("jar:a.jar!/x", nowRule("theirs", "redirect"))));

    assertThat(set.rules()).extracting(RuleSpec::id).containsExactly("mine");
    assertThat(set.problems()).singleElement().asString().contains("rule 'theirs'").contains("already covers");
  }
}
