package dev.sunset.agent.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.sunset.agent.internal.registry.CallSiteInfo;
import dev.sunset.agent.internal.registry.ClassUse;
import dev.sunset.agent.internal.registry.Reach;
import dev.sunset.agent.internal.telemetry.data.MetricFrame.CallPoint;
import dev.sunset.agent.internal.telemetry.data.CallSiteMetrics;
import dev.sunset.agent.internal.telemetry.data.MetricFrame;
import dev.sunset.core.format.Use;
import dev.sunset.core.rules.MemberRef;
import dev.sunset.core.rules.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallSiteMetricsTest {
  private static final String JAR = "file:/srv/app/lib/checkout-1.4.jar";

  private final Registry registry = Registry.withClockRules();
  private final List<String> log = new ArrayList<>();

  @Test
  void eachCalledSiteHasOneSeriesPerStageItRanAtWithItsCallerFileLineAndJar() {
    CallSiteInfo run = registry.site("clock-now", "com.acme.Checkout", "run", "Checkout.java", 42, JAR);
    registry.call(run, Stage.OBSERVE, 3);
    registry.call(run, Stage.REDIRECT, 5);

    MetricFrame frame = new CallSiteMetrics(10, log::add).collect(registry.snapshot());

    assertThat(frame.calls()).containsExactlyInAnyOrder(
        new CallPoint("clock-now", "observe", "com.acme.Checkout.run", "com/acme/Checkout.java", 42, JAR, null, false,
            3),
        new CallPoint("clock-now", "redirect", "com.acme.Checkout.run", "com/acme/Checkout.java", 42, JAR, null, false,
            5));
    assertThat(frame.overflowedSites()).isZero();
    assertThat(log).isEmpty();
  }

  @Test
  void uncalledSitesGetNoCallSeriesButCountAsUncalledInTheirRule() {
    CallSiteInfo called = registry.site("clock-now", "com.acme.Checkout", "run", "Checkout.java", 42, JAR);
    registry.site("clock-now", "com.acme.Checkout", "refund", "Checkout.java", 77, JAR);
    registry.site("clock-now", "com.acme.Cart", "total", "Cart.java", 9, JAR);
    registry.call(called, Stage.REDIRECT, 1);

    MetricFrame frame = new CallSiteMetrics(10, log::add).collect(registry.snapshot());

    assertThat(frame.calls()).extracting(CallPoint::function).containsExactly("com.acme.Checkout.run");
    assertThat(frame.callSites()).extracting(p -> p.rule(), p -> p.state(), p -> p.value()).containsExactly(
        tuple("clock-now", "called", 1L), tuple("clock-now", "uncalled", 2L),
        tuple("clock-create", "called", 0L), tuple("clock-create", "uncalled", 0L));
  }

  @Test
  void sitesOnTheSameLineOfOneMethodShareOneSeriesWithTheirCallsAdded() {
    CallSiteInfo first = registry.site("clock-now", "com.acme.Checkout", "run", "Checkout.java", 42, JAR);
    CallSiteInfo second = registry.site("clock-now", "com.acme.Checkout", "run", "Checkout.java", 42, JAR);
    registry.call(first, Stage.REDIRECT, 2);
    registry.call(second, Stage.REDIRECT, 5);

    MetricFrame frame = new CallSiteMetrics(10, log::add).collect(registry.snapshot());

    assertThat(frame.calls()).singleElement().extracting(CallPoint::value).isEqualTo(7L);
  }

  @Test
  void twoSitesOfAClassRuleOnOneLineThatUseTheClassDifferentlyHaveASeriesEachNamingTheirUseAndMember() {
    Registry classes = Registry.withClockAndClassRules();
    CallSiteInfo created = classes.use("registry", Reach.REWRITTEN_NEW, "<init>()", "com.acme.Checkout", "run",
        "Checkout.java", 42, JAR);
    CallSiteInfo read = classes.use("registry", Reach.REWRITTEN_FIELD_READ, "name", "com.acme.Checkout", "run",
        "Checkout.java", 42, JAR);
    CallSiteInfo called = classes.site("clock-now", "com.acme.Checkout", "run", "Checkout.java", 42, JAR);
    classes.call(created, Stage.OBSERVE, 2);
    classes.call(read, Stage.OBSERVE, 5);
    classes.call(called, Stage.REDIRECT, 7);

    MetricFrame frame = new CallSiteMetrics(10, log::add).collect(classes.snapshot());

    assertThat(frame.calls()).containsExactlyInAnyOrder(
        new CallPoint("registry", "observe", "com.acme.Checkout.run", "com/acme/Checkout.java", 42, JAR,
            new ClassUse(Use.NEW, "<init>()"), false, 2),
        new CallPoint("registry", "observe", "com.acme.Checkout.run", "com/acme/Checkout.java", 42, JAR,
            new ClassUse(Use.FIELD_READ, "name"), false, 5),
        new CallPoint("clock-now", "redirect", "com.acme.Checkout.run", "com/acme/Checkout.java", 42, JAR, null,
            false, 7));
  }

  @Test
  void twoSitesOfAClassRuleOnOneLineThatUseOneMemberAlikeShareOneSeriesWithTheirCallsAdded() {
    Registry classes = Registry.withClockAndClassRules();
    CallSiteInfo first = classes.use("registry", Reach.REWRITTEN_FIELD_READ, "name", "com.acme.Checkout", "run",
        "Checkout.java", 42, JAR);
    CallSiteInfo second = classes.use("registry", Reach.REWRITTEN_FIELD_READ, "name", "com.acme.Checkout", "run",
        "Checkout.java", 42, JAR);
    classes.call(first, Stage.OBSERVE, 2);
    classes.call(second, Stage.OBSERVE, 5);

    MetricFrame frame = new CallSiteMetrics(10, log::add).collect(classes.snapshot());

    assertThat(frame.calls()).singleElement().extracting(CallPoint::classUse, CallPoint::value)
        .containsExactly(new ClassUse(Use.FIELD_READ, "name"), 7L);
  }

  @Test
  void aClassRulesSitesBeyondTheCapAreCountedInTheOverflowSeriesOfTheirRuleWithoutUseOrMember() {
    Registry classes = Registry.withClockAndClassRules();
    CallSiteInfo created = classes.use("registry", Reach.REWRITTEN_NEW, "<init>()", "com.acme.Checkout", "run",
        "Checkout.java", 42, JAR);
    CallSiteInfo read = classes.use("registry", Reach.REWRITTEN_FIELD_READ, "name", "com.acme.Checkout", "run",
        "Checkout.java", 42, JAR);
    classes.call(created, Stage.OBSERVE, 2);
    classes.call(read, Stage.OBSERVE, 5);

    MetricFrame frame = new CallSiteMetrics(1, log::add).collect(classes.snapshot());

    assertThat(frame.calls()).containsExactlyInAnyOrder(
        new CallPoint("registry", "observe", "com.acme.Checkout.run", "com/acme/Checkout.java", 42, JAR,
            new ClassUse(Use.NEW, "<init>()"), false, 2),
        new CallPoint("registry", "observe", null, null, 0, null, null, true, 5));
    assertThat(frame.overflowedSites()).isEqualTo(1);
  }

  @Test
  void beyondTheCapCallsAreCountedInOneOverflowSeriesPerRuleAndStageAndTheOverflowIsLoggedOnce() {
    List<CallSiteInfo> sites = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      CallSiteInfo site = registry.site("clock-now", "com.acme.Gen" + i, "run", "Gen" + i + ".java", 10, JAR);
      registry.call(site, Stage.REDIRECT, i);
      sites.add(site);
    }
    registry.call(sites.get(4), Stage.OBSERVE, 100);
    CallSiteMetrics metrics = new CallSiteMetrics(2, log::add);

    MetricFrame frame = metrics.collect(registry.snapshot());
    metrics.collect(registry.snapshot());

    assertThat(frame.calls()).extracting(CallPoint::function, CallPoint::stage, CallPoint::overflow, CallPoint::value)
        .containsExactlyInAnyOrder(
            tuple("com.acme.Gen1.run", "redirect", false, 1L),
            tuple("com.acme.Gen2.run", "redirect", false, 2L),
            tuple(null, "redirect", true, 3L + 4 + 5),
            tuple(null, "observe", true, 100L));
    assertThat(frame.calls()).filteredOn(CallPoint::overflow)
        .allSatisfy(p -> assertThat(p).extracting(CallPoint::rule, CallPoint::filePath, CallPoint::line,
            CallPoint::codeSource).containsExactly("clock-now", null, 0L, null));
    assertThat(frame.overflowedSites()).isEqualTo(3);
    assertThat(log).singleElement().asString().contains("more than 2 legacy call sites")
        .contains("sunset.overflow=true");
  }

  @Test
  void aSiteKeepsTheSeriesItWasGivenSoEverySeriesOnlyGrows() {
    CallSiteMetrics metrics = new CallSiteMetrics(1, log::add);
    CallSiteInfo early = registry.site("clock-now", "com.acme.Z", "run", "Z.java", 1, JAR);
    registry.call(early, Stage.REDIRECT, 1);
    metrics.collect(registry.snapshot());
    // a site sorted before it starts being called: it must not take the admitted site's series away
    CallSiteInfo late = registry.site("clock-now", "com.acme.A", "run", "A.java", 1, JAR);
    registry.call(late, Stage.REDIRECT, 50);
    registry.call(early, Stage.REDIRECT, 1);

    MetricFrame frame = metrics.collect(registry.snapshot());

    assertThat(frame.calls()).extracting(CallPoint::function, CallPoint::overflow, CallPoint::value)
        .containsExactlyInAnyOrder(tuple("com.acme.Z.run", false, 2L), tuple(null, true, 50L));
  }

  @Test
  void aCapOfZeroPutsEveryCallInTheOverflowSeries() {
    CallSiteInfo site = registry.site("clock-now", "com.acme.Checkout", "run", "Checkout.java", 42, JAR);
    registry.call(site, Stage.REDIRECT, 4);

    MetricFrame frame = new CallSiteMetrics(0, log::add).collect(registry.snapshot());

    assertThat(frame.calls())
        .containsExactly(new CallPoint("clock-now", "redirect", null, null, 0, null, null, true, 4));
  }

  @Test
  void theDenyTimeIsTheStartOfTheScheduledDenyDayInUtcForRulesWithADenyDate() {
    MetricFrame frame = new CallSiteMetrics(10, log::add).collect(registry.snapshot());

    assertThat(frame.denyTimes()).containsExactly(
        new MetricFrame.DenyTimePoint("clock-create", Instant.parse("2026-03-15T00:00:00Z").getEpochSecond()));
  }

  @Test
  void theFilePathIsTheSourceFileUnderItsPackageFolders() {
    assertThat(CallSiteMetrics.filePath(info("com.acme.Checkout$Line", "Checkout.java")))
        .isEqualTo("com/acme/Checkout.java");
    assertThat(CallSiteMetrics.filePath(info("Main", "Main.java"))).isEqualTo("Main.java");
    assertThat(CallSiteMetrics.filePath(info("com.acme.Obfuscated", null))).isNull();
    assertThat(CallSiteMetrics.functionName(info("com.acme.Checkout$Line", "Checkout.java")))
        .isEqualTo("com.acme.Checkout$Line.run");
  }

  @Test
  void aNegativeCapIsRefused() {
    assertThatThrownBy(() -> new CallSiteMetrics(-1, log::add)).isInstanceOf(IllegalArgumentException.class);
  }

  private static CallSiteInfo info(String className, String sourceFile) {
    return new CallSiteInfo(0, "r", MemberRef.Kind.METHOD, "com/acme/Legacy.m()V", className, "run", "()V",
        sourceFile, 1, JAR, Reach.REWRITTEN_CALL, null, null);
  }
}
