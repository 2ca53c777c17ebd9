package dev.sunset.agent.internal.linkage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.CounterSlots;
import dev.sunset.agent.internal.registry.Reach;
import dev.sunset.agent.internal.registry.RolledBackSites;
import dev.sunset.core.rules.MemberRef;
import dev.sunset.core.rules.RuleSource;
import dev.sunset.core.rules.RuleSpec;
import dev.sunset.core.rules.RulesReader;
import dev.sunset.core.rules.Stage;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RollbacksTest {
  private final RolledBackSites rolledBack = new RolledBackSites();
  private final Rollbacks rollbacks = new Rollbacks(rolledBack);
  private final CallSiteInfo site = new CallSiteInfo(0, "r", MemberRef.Kind.METHOD, "a/Legacy.now(I)Ljava/lang/String;", "com.acme.Main",
      "run", "()V", "Main.java", 7, "file:/app.jar", Reach.REWRITTEN_CALL, null, null);

  private static RuleSpec rule(String rollback) {
    RulesReader.Result r = new RulesReader(p -> Optional.empty()).read(
        new RuleSource("rules.yaml", Path.of("/etc"), RuleSource.Kind.USER),
        "rules:\n  - id: r\n    legacy: a.Legacy#now(int)\n    replacement: a.Modern#now(int)\n    stage: redirect\n"
            + "    rollback: " + rollback + "\n");
    assertThat(r.problems()).isEmpty();
    return r.rules().get(0);
  }

  static String fails(int item) {
    if (item < 0) {
      throw new IllegalStateException("secret " + item);
    }
    return "ok";
  }

  private static MethodHandle failing() throws ReflectiveOperationException {
    return MethodHandles.lookup().findStatic(RollbacksTest.class, "fails",
        MethodType.methodType(String.class, int.class));
  }

  /** The counters' slots with {@code calls} redirected calls at the test's site. */
  private static long[] redirected(long calls) {
    long[] totals = new long[CounterSlots.slots(1)];
    totals[CounterSlots.slot(0, Stage.REDIRECT)] = calls;
    return totals;
  }

  @Test
  void theWatchedTargetCountsEachThrowAndRethrowsTheSameException() throws Throwable {
    MethodHandle watched = rollbacks.countingErrors(site, rule("{errors: 5%, within: 10s, min: 1}"), failing());

    assertThat((String) watched.invokeExact(1)).isEqualTo("ok");
    IllegalStateException thrown = null;
    try {
      String unused = (String) watched.invokeExact(-1);
    } catch (IllegalStateException e) {
      thrown = e;
    }
    assertThat(thrown).hasMessage("secret -1");
    assertThatThrownBy(() -> watched.invoke(-2)).isInstanceOf(IllegalStateException.class);
    assertThat(rollbacks.errorsNow()).containsEntry(0, 2L);
  }

  @Test
  void aSiteRollsBackOnlyWhenItsWindowHoldsEnoughCallsAndTooManyErrors() throws Throwable {
    RuleSpec rule = rule("{errors: 5%, within: 10s, min: 50}");
    MethodHandle watched = rollbacks.countingErrors(site, rule, failing()); // never called: judged from zero
    Instant now = Instant.parse("2026-12-07T10:00:00Z");

    assertThat(rollbacks.judge(Map.of(0, 40L), redirected(40), now)).as("fewer than min").isEmpty();
    assertThat(rollbacks.judge(Map.of(0, 40L), redirected(1000), now)).as("4% of 1000").isEmpty();
    List<Rollbacks.Verdict> verdicts = rollbacks.judge(Map.of(0, 61L), redirected(1000), now);

    assertThat(verdicts).singleElement().satisfies(v -> {
      assertThat(v.site()).isSameAs(site);
      assertThat(v.rolledBack().reason()).isEqualTo("61 of 1000 redirected calls (6.1%) threw within 10s"
          + " (rollback above 5%, at least 50 calls)");
    });
    assertThat(rolledBack.rolledBack(site, rule)).isNotNull();
    assertThat(rollbacks.watching()).as("a rolled-back site is watched no more").isFalse();
    assertThat(watched).isNotNull();
  }

  @Test
  void errorsOlderThanTheWindowNoLongerCount() {
    RuleSpec rule = rule("{errors: 5%, within: 2s, min: 10}");
    rollbacks.countingErrors(site, rule, MethodHandles.constant(String.class, "x"));
    Instant now = Instant.now();

    // a burst of errors, then two seconds of clean calls: judged over the last two seconds only
    assertThat(rollbacks.judge(Map.of(0, 4L), redirected(100), now)).isEmpty(); // 4%
    assertThat(rollbacks.judge(Map.of(0, 4L), redirected(200), now)).isEmpty();
    assertThat(rollbacks.judge(Map.of(0, 4L), redirected(300), now)).isEmpty();
    assertThat(rollbacks.judge(Map.of(0, 10L), redirected(400), now)).as("6 of the last 200").isEmpty();
    assertThat(rollbacks.judge(Map.of(0, 20L), redirected(500), now)).as("16 of the last 200").hasSize(1);
  }

  @Test
  void aRulesFileEditOfTheRuleOrAResetEndsTheRollback() {
    RuleSpec rule = rule("{errors: 0%, within: 1s, min: 1}");
    rollbacks.countingErrors(site, rule, MethodHandles.constant(String.class, "x"));
    assertThat(rollbacks.judge(Map.of(0, 1L), redirected(1), Instant.now())).hasSize(1);

    rolledBack.forgetUnless(site, rule("{errors: 0.0%, within: 1s, min: 1}"));
    assertThat(rolledBack.rolledBack(site, rule)).as("the same rule, written another way").isNotNull();
    assertThat(rolledBack.reset("other", List.of(site))).isEmpty();
    assertThat(rolledBack.reset("r", List.of(site))).containsExactly(site);
    assertThat(rolledBack.rolledBack(site, rule)).isNull();

    rollbacks.countingErrors(site, rule, MethodHandles.constant(String.class, "x"));
    assertThat(rollbacks.judge(Map.of(0, 1L), redirected(1), Instant.now())).hasSize(1);
    RuleSpec edited = rule("{errors: 1%, within: 1s, min: 1}");
    assertThat(rolledBack.rolledBack(site, edited)).as("no longer holds for the edited rule").isNull();
    rolledBack.forgetUnless(site, edited);
    assertThat(rolledBack.rolledBack(site, rule)).isNull();
  }

  @Test
  void aRollbackIsRecordedAgainstTheRuleInForceNowEvenIfAnEditLeftTheSiteLinkedAsItWas() {
    RuleSpec linkedWith = rule("{errors: 0%, within: 1s, min: 1}");
    rollbacks.countingErrors(site, linkedWith, MethodHandles.constant(String.class, "x"));
    RuleSpec inForce = new RulesReader(p -> Optional.empty()).read(
        new RuleSource("rules.yaml", Path.of("/etc"), RuleSource.Kind.USER),
        "rules:\n  - id: r\n    legacy: a.Legacy#now(int)\n    replacement: a.Modern#now(int)\n    stage: redirect\n"
            + "    allow: com.acme.jobs.*\n    rollback: {errors: 0%, within: 1s, min: 1}\n").rules().get(0);

    assertThat(rollbacks.judge(Map.of(0, 1L), redirected(1), Instant.now(), s -> inForce)).hasSize(1);
    assertThat(rolledBack.rolledBack(site, inForce)).isNotNull();
  }
}
