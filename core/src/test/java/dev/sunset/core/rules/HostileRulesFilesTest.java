package dev.sunset.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.io.Limits;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A rules file costs time in proportion to its size, and no nesting or size of it ends the reader. */
class HostileRulesFilesTest {
  private static final RuleSource USER = new RuleSource("rules.yaml", Path.of("/etc/app"), RuleSource.Kind.USER);

  static String rules(int count, String extra) {
    StringBuilder yaml = new StringBuilder("rules:\n");
    for (int i = 0; i < count; i++) {
      yaml.append("  - id: r").append(i).append("\n    legacy: com.acme.p").append(i % 97).append(".Legacy")
          .append(i).append("#create(java.lang.String, int)\n    replacement: com.acme.Modern#create")
          .append(i).append("(java.lang.String, int)\n    stage: redirect\n").append(extra);
    }
    return yaml.toString();
  }

  @Test
  void nestingDeeperThanTheLimitIsOneLineAndNoRulesNeverAStackOverflow() {
    String deep = "rules:\n  - id: a\n    legacy: " + "[".repeat(100_000) + "\n";

    RulesReader.Result r = new RulesReader(p -> Optional.empty()).read(USER, deep);

    assertThat(r.rules()).isEmpty();
    assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.describe()).isEqualTo(
        "rules.yaml: nests deeper than " + Limits.YAML_NESTING + " levels at line 3, column 74 (a rules file needs 5); "
        + "no rules read from this file"));
  }

  @Test
  void nestingWithinTheLimitIsReadAsUsual() {
    String nested = "rules:\n  - id: a\n    legacy: com.acme.A#run()\n    message: " + "[".repeat(40)
        + "]".repeat(40) + "\n";

    RulesReader.Result r = new RulesReader(p -> Optional.empty()).read(USER, nested);

    assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.describe()).contains("'message' must be"));
  }

  @Test
  @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void twentyThousandRulesAreCheckedInLinearTimeEachBaselineReadOnce() {
    AtomicInteger baselineReads = new AtomicInteger();
    RulesReader reader = new RulesReader(p -> {
      baselineReads.incrementAndGet();
      return Optional.empty();
    });
    reader.read(USER, rules(2_000, "    baseline: base.json\n")); // warm up

    long small = time(() -> reader.read(USER, rules(5_000, "    baseline: base.json\n")));
    baselineReads.set(0);
    long large = time(() -> assertThat(reader.read(USER, rules(20_000, "    baseline: base.json\n")).rules())
        .hasSize(20_000));

    System.out.println("5,000 rules: " + small + " ms; 20,000 rules: " + large + " ms");
    assertThat(baselineReads).hasValue(1);
    // four times the rules: linear takes some four times as long, quadratic sixteen
    assertThat(large).as("20,000 rules took %d ms, 5,000 took %d ms", large, small).isLessThan(Math.max(10 * small,
        1_000));
  }

  private static long time(Runnable r) {
    long start = System.nanoTime();
    r.run();
    return (System.nanoTime() - start) / 1_000_000;
  }

  /**
   * The fastest of three runs, in milliseconds: a run slowed by the machine (a garbage collection, a build beside the
   * tests on the same two cores) says nothing of how the work grows; the fastest does.
   */
  private static long fastest(Runnable r) {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      best = Math.min(best, time(r));
    }
    return best;
  }

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void mergingTwentyThousandRulesWithAsManyShippedOnesIsLinear() {
    RulesReader reader = new RulesReader(p -> Optional.empty());
    RuleSource shipped = RuleSource.shipped("jar:file:/app.jar!/META-INF/sunset/rules.yaml");
    IntFunction<List<RulesReader.Result>> files = n -> List.of(
        reader.read(USER, rules(n, "")), reader.read(shipped, rules(n, "").replace("id: r", "id: s")));
    List<RulesReader.Result> warm = files.apply(2_000);
    RuleSet.merge(warm);
    List<RulesReader.Result> small = files.apply(5_000);
    List<RulesReader.Result> large = files.apply(20_000);

    long smallMillis = fastest(() -> RuleSet.merge(small));
    RuleSet[] merged = new RuleSet[1];
    long largeMillis = fastest(() -> merged[0] = RuleSet.merge(large));

    assertThat(merged[0].rules()).hasSize(20_000);
    assertThat(merged[0].problems()).hasSize(20_000).allSatisfy(p -> assertThat(p.describe()).contains("already covers"));
    assertThat(largeMillis).as("20,000 took %d ms, 5,000 took %d ms", largeMillis, smallMillis)
        .isLessThan(Math.max(10 * smallMillis, 500));
  }
}
