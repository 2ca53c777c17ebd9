package dev.sunset.agent.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sunset.core.rules.MemberRef;
import dev.sunset.core.rules.Stage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallSiteInfoTest {
  private static CallSiteInfo site(MemberRef.Kind kind, int line) {
    return new CallSiteInfo(1, "r", kind, "a/Legacy.now()V", "com.acme.Main", "run", "()V", "Main.java", line,
        "file:/app.jar", Reach.REWRITTEN_CALL, null, null);
  }

  @Test
  void theLineSurvivesTheFlagsSetBesideIt() {
    for (int line : new int[] {0, 1, 42, 65_535, -1, -2}) {
      CallSiteInfo site = site(MemberRef.Kind.PACKAGE, line);
      assertThat(site.claimFirstCall(Instant.EPOCH.plusSeconds(1))).isTrue();
      assertThat(site.claimWarning()).isTrue();
      assertThat(site.claimDenialLine()).isTrue();

      assertThat(site.line()).isEqualTo(line);
      assertThat(site.ofClassRule()).isTrue();
      assertThat(site.ofPackageRule()).isTrue();
      assertThat(site.hasBeenCalled()).isTrue();
    }
    assertThat(site(MemberRef.Kind.METHOD, 7).ofClassRule()).isFalse();
    assertThat(site(MemberRef.Kind.METHOD, 7).callerForPeople()).isEqualTo("com.acme.Main.run(Main.java:7)");
  }

  @Test
  void theLinkedStageIsRecordedBesideTheLineAndTheFlagsAndEachLinkReplacesTheLast() {
    for (int line : new int[] {0, 42, 65_535, -2}) {
      CallSiteInfo site = site(MemberRef.Kind.CLASS, line);
      assertThat(site.linkedStage()).as("never linked").isNull();
      site.claimWarning();
      for (Stage stage : Stage.values()) {
        site.linkedAt(stage);
        assertThat(site.linkedStage()).isEqualTo(stage);
        assertThat(site.line()).isEqualTo(line);
        assertThat(site.ofClassRule()).isTrue();
        assertThat(site.ofPackageRule()).isFalse();
        assertThat(site.hasWarned()).isTrue();
        assertThat(site.hasBeenCalled()).isFalse();
      }
      site.linkedAt(Stage.OBSERVE);
      assertThat(site.linkedStage()).isEqualTo(Stage.OBSERVE);
    }
  }

  @Test
  void theFirstCallIsClaimedOnceAndKeepsItsTimeToTheNanosecond() {
    CallSiteInfo site = site(MemberRef.Kind.METHOD, 3);
    Instant first = Instant.parse("2026-12-07T19:20:01.123456789Z");

    assertThat(site.firstCallAt()).isNull();
    assertThat(site.claimFirstCall(first)).isTrue();
    assertThat(site.claimFirstCall(first.plusSeconds(5))).isFalse();
    assertThat(site.firstCallAt()).isEqualTo(first);
  }

  @Test
  void aFirstCallBeforeTheEpochOrFarAheadIsKeptWithinTheYearsALongHolds() {
    CallSiteInfo before = site(MemberRef.Kind.METHOD, 3);
    before.claimFirstCall(Instant.parse("1969-12-31T23:59:59.5Z"));
    CallSiteInfo ahead = site(MemberRef.Kind.METHOD, 3);
    ahead.claimFirstCall(Instant.parse("3000-01-01T00:00:00Z"));

    assertThat(before.firstCallAt()).isEqualTo(Instant.parse("1969-12-31T23:59:59.5Z"));
    assertThat(ahead.firstCallAt()).isBefore(Instant.parse("2263-01-01T00:00:00Z"));
    assertThat(ahead.firstCallAt()).isAfter(Instant.parse("2261-01-01T00:00:00Z"));
  }
}
