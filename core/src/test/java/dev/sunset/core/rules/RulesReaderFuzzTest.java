package dev.sunset.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever a rules file holds, reading it never throws, every problem is one line naming the file, and the
 * good rules of a file that parses still apply.
 */
class RulesReaderFuzzTest {
  private static final RuleSource SOURCE = new RuleSource("fuzz.yaml", Path.of("."), RuleSource.Kind.USER);
  private final RulesReader reader = new RulesReader(p -> Optional.of("baseline " + p + " is not a report"));

  /** One rule entry, and whether it is good. */
  record Entry(String yaml, boolean good) {}

  @Property(tries = 300)
  void anyTextGivesRulesAndOneLineProblemsButNeverAnException(@ForAll("rulesLikeText") String text) {
    RulesReader.Result r = reader.read(SOURCE, text);

    for (Problem p : r.problems()) {
      assertThat(p.describe()).startsWith("fuzz.yaml").doesNotContain("\n");
    }
    for (RuleSpec rule : r.rules()) {
      assertThat(rule.id()).isNotBlank();
      assertThat(rule.line()).isPositive();
    }
  }

  @Property(tries = 300)
  void everyGoodRuleOfAWellFormedFileAppliesAndEachBadOneGetsOneLineWithItsId(
      @ForAll("entries") @Size(min = 1, max = 8) List<Entry> entries) {
    StringBuilder yaml = new StringBuilder("rules:\n");
    List<String> goodIds = new ArrayList<>();
    List<String> badIds = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String id = "r" + i;
      yaml.append(entries.get(i).yaml().replace("ID", id));
      (entries.get(i).good() ? goodIds : badIds).add(id);
    }

    RulesReader.Result r = reader.read(SOURCE, yaml.toString());

    assertThat(r.rules()).extracting(RuleSpec::id).containsExactlyElementsOf(goodIds);
    assertThat(r.problems()).hasSize(badIds.size());
    for (int i = 0; i < badIds.size(); i++) {
      assertThat(r.problems().get(i).describe()).startsWith("fuzz.yaml:").contains("rule '" + badIds.get(i) + "'")
          .doesNotContain("\n");
    }
  }

  @Provide
  Arbitrary<List<Entry>> entries() {
    Arbitrary<Integer> method = Arbitraries.integers().between(0, 1_000_000);
    Arbitrary<Entry> good = method.map(m -> new Entry("  - id: ID\n    legacy: com.acme.Legacy#m" + m
        + "(java.lang.String, int[])\n    replacement: com.acme.New#m" + m + "(java.lang.String, int[])\n"
        + "    stage: redirect\n", true));
    Arbitrary<Entry> bad = Combinators.combine(method, Arbitraries.of(
        "    stage: shout\n", "    stgae: redirect\n", "    allow: [com.acme.*:x]\n",
        "    schedule: {deny: 2027-01-01, warn: 2027-02-01}\n", "    schedule: {deny: soon}\n",
        "    baseline: nowhere.json\n", "    message: [a, list]\n", "    allow: {a: b}\n")).as((m, flaw) -> new Entry(
            "  - id: ID\n    legacy: com.acme.Old#m" + m + "()\n    replacement: com.acme.New#m" + m + "()\n" + flaw, false));
    Arbitrary<Entry> badMember = Arbitraries.of("com.acme.Old#(int)", "Old#m(", "com.acme.Old#m(Map<String>)",
        "com.acme.Old#<init>()", "com..Old#m()", "com.acme.Old#m(void)")
        .map(legacy -> new Entry("  - id: ID\n    legacy: " + legacy + "\n", false));
    return Arbitraries.oneOf(good, bad, badMember).list().uniqueElements(e -> e.yaml());
  }

  @Provide
  Arbitrary<String> rulesLikeText() {
    Arbitrary<String> fragments = Arbitraries.of("rules:", "\n", "  - ", "id: ", "legacy: ", "a.B#c(int)", "stage: ",
        "redirect", "[", "]", "{", "}", ":", "&a", "*a", "!!binary", "\t", "'", "\"", "#", "? ", "- - ", "~",
        "schedule: {deny: 2027-01-01}", "allow: [x.*]", "\u00e9\u4e2d", "\u0000", "%YAML 1.2", "---", "...", "|", ">");
    return Arbitraries.oneOf(fragments.list().ofMaxSize(40).map(l -> String.join("", l)),
        Arbitraries.strings().ofMaxLength(200));
  }
}
